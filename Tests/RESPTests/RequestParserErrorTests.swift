import Testing
import RESP

@Suite("Request parser: protocol errors and limits")
struct RequestParserErrorTests {
    func error(_ s: [UInt8], limits: RESPLimits = .init()) -> String? {
        parseRequests(s, limits: limits).error?.message
    }

    @Test func errorTextsAreRedisExactStrings() {
        #expect(RESPProtocolError.invalidMultibulkLength.message == "ERR Protocol error: invalid multibulk length")
        #expect(RESPProtocolError.invalidBulkLength.message == "ERR Protocol error: invalid bulk length")
        #expect(RESPProtocolError.tooBigInlineRequest.message == "ERR Protocol error: too big inline request")
        #expect(RESPProtocolError.tooBigMultibulkCountString.message == "ERR Protocol error: too big mbulk count string")
        #expect(RESPProtocolError.tooBigBulkCountString.message == "ERR Protocol error: too big bulk count string")
        #expect(RESPProtocolError.unbalancedQuotes.message == "ERR Protocol error: unbalanced quotes in request")
        #expect(RESPProtocolError.expectedDollar(got: UInt8(ascii: "P")).message == "ERR Protocol error: expected '$', got 'P'")
    }

    @Test(arguments: ["*-0\r\n", "*+1\r\n", "*01\r\n", "*\r\n", "* 1\r\n", "*1x\r\n", "*1\n$4\r\nPING\r\n",
                      "*2147483648\r\n", "*99999999999999999999\r\n"])
    func badMultibulkCountIsInvalidMultibulkLength(input: String) {
        #expect(error(b(input)) == "ERR Protocol error: invalid multibulk length")
    }

    @Test(arguments: ["*1\r\n$-1\r\n", "*1\r\n$01\r\nx\r\n", "*1\r\n$\r\n", "*1\r\n$-0\r\n", "*1\r\n$+3\r\n",
                      "*1\r\n$536870913\r\n"])
    func badBulkLengthIsInvalidBulkLength(input: String) {
        #expect(error(b(input)) == "ERR Protocol error: invalid bulk length")
    }

    @Test func missingDollarNamesTheOffendingByte() {
        #expect(error(b("*1\r\nPING\r\n")) == "ERR Protocol error: expected '$', got 'P'")
        #expect(error(b("*2\r\n$4\r\nECHO\r\n:1\r\n")) == "ERR Protocol error: expected '$', got ':'")
        // CR and LF are shown as a space, as redis-server 7.0.15 does.
        #expect(error(b("*1\r\n\r\n")) == "ERR Protocol error: expected '$', got ' '")
        #expect(error(b("*1\r\n\n\r\n")) == "ERR Protocol error: expected '$', got ' '")
    }

    @Test func nonASCIIOffendingByteIsSentRaw() {
        let e = parseRequests([42, 49, 13, 10, 0xE9, 13, 10]).error
        #expect(e?.replyBytes == b("ERR Protocol error: expected '$', got '") + [0xE9, 39])
        #expect(e?.message == "ERR Protocol error: expected '$', got 'é'")
    }

    @Test func multibulkCountLimitIsIntMaxByDefault() {
        // redis-server 7.0.15 waits for the arguments after *1048577 and *2147483647.
        #expect(parseRequests(b("*1048577\r\n")) == RequestOutcome())
        #expect(parseRequests(b("*2147483647\r\n")) == RequestOutcome())
        #expect(RESPLimits().maxMultibulkLength == 2_147_483_647)
    }

    @Test func bulkLengthLimitIs512MBInclusive() {
        #expect(parseRequests(b("*1\r\n$536870912\r\n")) == RequestOutcome())
        #expect(error(b("*1\r\n$536870913\r\n")) == "ERR Protocol error: invalid bulk length")
    }

    @Test func customLimitsAreEnforcedAtTheBoundary() {
        let limits = RESPLimits(maxBulkLength: 3, maxMultibulkLength: 2, maxInlineLength: 8)
        #expect(parseRequests(multibulk([b("abc"), b("de")]), limits: limits).commands == [[b("abc"), b("de")]])
        #expect(error(b("*3\r\n"), limits: limits) == "ERR Protocol error: invalid multibulk length")
        #expect(error(b("*1\r\n$4\r\n"), limits: limits) == "ERR Protocol error: invalid bulk length")
        #expect(error(b("ABCDEFGH"), limits: limits) == nil)
        #expect(error(b("ABCDEFGHI"), limits: limits) == "ERR Protocol error: too big inline request")
        #expect(error(b("*1234567"), limits: limits) == nil)
        #expect(error(b("*12345678"), limits: limits) == "ERR Protocol error: too big mbulk count string")
        #expect(error(b("*1\r\n$1234567"), limits: limits) == nil)
        #expect(error(b("*1\r\n$12345678"), limits: limits) == "ERR Protocol error: too big bulk count string")
    }

    @Test func inlineLimitCountsBufferedBytesWithoutNewline() {
        let fill = [UInt8](repeating: UInt8(ascii: "x"), count: 65_536)
        #expect(error(fill) == nil)
        #expect(error(fill + b("x")) == "ERR Protocol error: too big inline request")
        // A long line whose newline is already buffered is accepted (Redis accepted a 70 KB ECHO sent at once).
        #expect(parseRequests(b("ECHO ") + fill + b("xxxx\r\n")).commands.first?[1].count == 65_540)
    }

    @Test func countStringLimitsCountFromTheLineStart() {
        #expect(error(b("*") + [UInt8](repeating: 49, count: 65_535)) == nil)
        #expect(error(b("*") + [UInt8](repeating: 49, count: 65_536)) == "ERR Protocol error: too big mbulk count string")
        #expect(error(b("*1\r\n$") + [UInt8](repeating: 49, count: 65_535)) == nil)
        #expect(error(b("*1\r\n$") + [UInt8](repeating: 49, count: 65_536)) == "ERR Protocol error: too big bulk count string")
    }

    @Test func nulInACountLineHidesTheCRUntilTheLimit() {
        #expect(error(b("*1\r\n$4\0\r\nPING\r\n")) == nil)
        #expect(error(b("*1\0\r\n") + [UInt8](repeating: 13, count: 65_536)) == "ERR Protocol error: too big mbulk count string")
    }

    @Test func errorsDoNotDependOnChunking() {
        let inputs = ["*1\r\n$-1\r\n", "*-0\r\n", "*1\r\nPING\r\n", "ECHO \"a\"b\r\n", "*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n*x\r\n"]
        for input in inputs {
            #expect(parseRequests(b(input).map { [$0] }) == parseRequests(b(input)), "\(input)")
            #expect(parseRequests(b(input)).error != nil, "\(input)")
        }
    }
}
