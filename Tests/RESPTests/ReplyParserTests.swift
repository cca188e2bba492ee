import Testing
import RESP

@Suite("Reply parser")
struct ReplyParserTests {
    func parseAll(_ chunks: [[UInt8]], raw: Bool = false) throws -> ([RESPValue], [[UInt8]]) {
        var parser = RESPReplyParser()
        var values: [RESPValue] = []
        var raws: [[UInt8]] = []
        for chunk in chunks {
            parser.append(chunk)
            if raw {
                while let r = try parser.nextRaw() { raws.append(r) }
            } else {
                while let v = try parser.next() { values.append(v) }
            }
        }
        return (values, raws)
    }

    func parseOne(_ s: String) throws -> RESPValue? {
        var parser = RESPReplyParser()
        parser.append(b(s))
        return try parser.next()
    }

    @Test(arguments: [2, 3], [11 as UInt64, 12, 13])
    func encodeThenParseRoundTripsNestedValues(version: Int, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let values = (0..<150).map { _ in randomValue(depth: 4, using: &rng) }
        var stream: [UInt8] = []
        for v in values { RESPEncoder.encode(v, protocolVersion: version, into: &stream) }
        let expected = version == 3 ? values.map(nullsMergedForRESP3) : values.map(foldedToRESP2)
        for maxChunk in [1, 7, 100_000] {
            let (parsed, _) = try parseAll(randomChunks(stream, maxChunk: maxChunk, using: &rng))
            #expect(parsed == expected, "version \(version) maxChunk \(maxChunk)")
        }
    }

    @Test(arguments: [2, 3])
    func nextRawReturnsEachReplyByteForByte(version: Int) throws {
        var rng = SeededGenerator(seed: 5)
        let encodings = (0..<150).map { _ in RESPEncoder.encode(randomValue(depth: 4, using: &rng), protocolVersion: version) }
        let (_, raws) = try parseAll(randomChunks(encodings.flatMap { $0 }, maxChunk: 9, using: &rng), raw: true)
        #expect(raws == encodings)
    }

    @Test func everyRESP3TypeParses() throws {
        #expect(try parseOne("+OK\r\n") == .ok)
        #expect(try parseOne("-ERR x y\r\n") == .error("ERR x y"))
        #expect(try parseOne(":-9223372036854775808\r\n") == .integer(.min))
        #expect(try parseOne("$3\r\na\r\n\r\n") == .bulkString(b("a\r\n")))
        #expect(try parseOne("$-1\r\n") == .nullBulk)
        #expect(try parseOne("*-1\r\n") == .nullArray)
        #expect(try parseOne("_\r\n") == .nullBulk)
        #expect(try parseOne(",3.141\r\n") == .double(3.141))
        #expect(try parseOne(",-inf\r\n") == .double(-.infinity))
        #expect(try parseOne(",nan\r\n") == .double(.nan))
        #expect(try parseOne("#t\r\n") == .boolean(true))
        #expect(try parseOne("(-123456789012345678901234567890\r\n") == .bigNumber("-123456789012345678901234567890"))
        #expect(try parseOne("=8\r\nmkd:# hi\r\n") == .verbatim(format: "mkd", text: b("# hi")))
        #expect(try parseOne("!21\r\nSYNTAX invalid syntax\r\n") == .error("SYNTAX invalid syntax"))
        #expect(try parseOne("%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n") == .map([(.simpleString("k"), .set([.integer(1), .integer(2)]))]))
        #expect(try parseOne(">2\r\n+message\r\n$1\r\nx\r\n") == .push([.simpleString("message"), .bulk("x")]))
    }

    @Test func attributesAreSkippedByNextButKeptByNextRaw() throws {
        // DEBUG PROTOCOL attrib, recorded from redis-server 7.0.15 over RESP3.
        let recorded = "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n"
        #expect(try parseOne(recorded) == .bulk("Some real reply following the attribute"))
        var parser = RESPReplyParser()
        parser.append(b(recorded + ":1\r\n"))
        #expect(try parser.nextRaw() == b(recorded))
        #expect(try parser.next() == .integer(1))
        #expect(try parseOne("*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n|0\r\n:2\r\n") == .array([.integer(1), .integer(2)]))
    }

    @Test func recordedRedisReplyStreamParses() throws {
        let recorded = "$11\r\nHello World\r\n:12345\r\n,3.141\r\n(1234567999999999999999999999999999999\r\n_\r\n"
            + ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n=29\r\ntxt:This is a verbatim\nstring\r\n#f\r\n*-1\r\n"
        let (values, _) = try parseAll(b(recorded).map { [$0] })
        #expect(values == [
            .bulk("Hello World"), .integer(12345), .double(3.141), .bigNumber("1234567999999999999999999999999999999"),
            .nullBulk, .push([.bulk("server-cpu-usage"), .integer(42)]),
            .verbatim(format: "txt", text: b("This is a verbatim\nstring")), .boolean(false), .nullArray,
        ])
    }

    @Test func incompleteRepliesReturnNilUntilComplete() throws {
        var parser = RESPReplyParser()
        let bytes = b("*2\r\n$5\r\nhello\r\n%1\r\n+a\r\n:1\r\n")
        for byte in bytes.dropLast() {
            parser.append([byte])
            #expect(try parser.next() == nil)
        }
        parser.append([bytes.last!])
        #expect(try parser.next() == .array([.bulk("hello"), .map([(.simpleString("a"), .integer(1))])]))
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func nestingDepthIsLimited() throws {
        var ok = RESPReplyParser(maxDepth: 128)
        ok.append(Array(repeating: b("*1\r\n"), count: 128).flatMap { $0 } + b(":1\r\n"))
        #expect(try ok.next() != nil)
        var tooDeep = RESPReplyParser()
        tooDeep.append(Array(repeating: b("*1\r\n"), count: 129).flatMap { $0 })
        #expect(throws: RESPProtocolError(message: "Protocol error: reply nesting too deep")) { try tooDeep.next() }
    }

    @Test(arguments: ["?x\r\n", ":12a\r\n", ":\r\n", "$-2\r\n", "$x\r\n", "*-2\r\n", "%-1\r\n", "#x\r\n", "_x\r\n",
                      ",abc\r\n", ",\r\n", "(12a\r\n", "(\r\n", "=3\r\ntxt\r\n", "=5\r\ntxtxx\r\n", "$1\r\nab\r\n",
                      "+OK\rX", "!-1\r\n", "\r\n"])
    func malformedRepliesThrow(input: String) {
        var parser = RESPReplyParser()
        parser.append(b(input))
        #expect(throws: RESPProtocolError.self) { try parser.next() }
    }
}
