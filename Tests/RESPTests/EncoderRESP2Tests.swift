import Testing
import RESP

@Suite("Encoder, RESP2")
struct EncoderRESP2Tests {
    func enc(_ v: RESPValue) -> String {
        String(decoding: RESPEncoder.encode(v, protocolVersion: 2), as: UTF8.self)
    }

    @Test func scalarCasesUseRedisRESP2Bytes() {
        #expect(enc(.simpleString("OK")) == "+OK\r\n")
        #expect(enc(.error("ERR unknown command")) == "-ERR unknown command\r\n")
        #expect(enc(.integer(12345)) == ":12345\r\n")
        #expect(enc(.bulk("Hello World")) == "$11\r\nHello World\r\n")
        #expect(enc(.bulkString([])) == "$0\r\n\r\n")
        #expect(enc(.nullBulk) == "$-1\r\n")
        #expect(enc(.nullArray) == "*-1\r\n")
        #expect(enc(.boolean(true)) == ":1\r\n")
        #expect(enc(.boolean(false)) == ":0\r\n")
        #expect(enc(.verbatim(format: "txt", text: b("This is a verbatim\nstring"))) == "$25\r\nThis is a verbatim\nstring\r\n")
        #expect(enc(.bigNumber("1234567999999999999999999999999999999")) == "$37\r\n1234567999999999999999999999999999999\r\n")
    }

    @Test func bulkStringIsBinarySafe() {
        let payload: [UInt8] = [0, 13, 10, 255, 36]
        #expect(RESPEncoder.encode(.bulkString(payload)) == b("$5\r\n") + payload + b("\r\n"))
    }

    @Test func aggregatesFoldToArrays() {
        #expect(enc(.array([.integer(0), .integer(1), .integer(2)])) == "*3\r\n:0\r\n:1\r\n:2\r\n")
        #expect(enc(.array([])) == "*0\r\n")
        #expect(enc(.set([.integer(0), .integer(1)])) == "*2\r\n:0\r\n:1\r\n")
        #expect(enc(.push([.bulk("message"), .integer(42)])) == "*2\r\n$7\r\nmessage\r\n:42\r\n")
        // DEBUG PROTOCOL map on a RESP2 connection, as recorded from redis-server 7.0.15.
        let map = RESPValue.map([(.integer(0), .boolean(false)), (.integer(1), .boolean(true)), (.integer(2), .boolean(false))])
        #expect(enc(map) == "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n")
        #expect(enc(.map([])) == "*0\r\n")
    }

    @Test func nestedAggregatesFoldRecursively() {
        let v = RESPValue.map([(.bulk("k"), .set([.nullBulk, .double(1.5)]))])
        #expect(enc(v) == "*2\r\n$1\r\nk\r\n*2\r\n$-1\r\n$3\r\n1.5\r\n")
    }

    @Test func doublesAreBulkStringsInPercent17g() {
        // Texts recorded from redis-server 7.0.15 (ZSCORE over RESP2).
        #expect(enc(.double(0.1)) == "$19\r\n0.10000000000000001\r\n")
        #expect(enc(.double(3)) == "$1\r\n3\r\n")
        #expect(enc(.double(1e300)) == "$23\r\n1.0000000000000001e+300\r\n")
        #expect(enc(.double(1.5e-7)) == "$22\r\n1.4999999999999999e-07\r\n")
        #expect(enc(.double(3.141)) == "$5\r\n3.141\r\n")
        #expect(enc(.double(.infinity)) == "$3\r\ninf\r\n")
        #expect(enc(.double(-.infinity)) == "$4\r\n-inf\r\n")
        #expect(enc(.double(-0.0)) == "$2\r\n-0\r\n")
        #expect(enc(.double(.nan)) == "$3\r\nnan\r\n")
    }

    @Test(arguments: [
        (Int64.min, "-9223372036854775808"), (Int64.max, "9223372036854775807"),
        (0, "0"), (-1, "-1"), (9, "9"), (10, "10"), (-10, "-10"), (1_000_000, "1000000"),
    ] as [(Int64, String)])
    func integersFormatEveryDigit(value: Int64, text: String) {
        #expect(enc(.integer(value)) == ":\(text)\r\n")
    }

    @Test func defaultProtocolVersionIsRESP2AndAppendKeepsPrefix() {
        #expect(RESPEncoder.encode(.nullBulk) == b("$-1\r\n"))
        var out = b("prefix")
        RESPEncoder.encode(.integer(-7), protocolVersion: 2, into: &out)
        #expect(out == b("prefix:-7\r\n"))
    }

    @Test func largeBulkLengthHeaderIsExact() {
        let big = [UInt8](repeating: 120, count: 70_000)
        let bytes = RESPEncoder.encode(.bulkString(big))
        #expect(Array(bytes.prefix(8)) == b("$70000\r\n"))
        #expect(bytes.count == 8 + 70_000 + 2)
    }
}
