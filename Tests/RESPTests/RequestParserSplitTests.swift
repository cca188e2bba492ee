import Testing
import RESP

@Suite("Request parser: splitting and pipelining")
struct RequestParserSplitTests {
    static let pipeline: [UInt8] =
        b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n")
        + multibulk([b("ECHO"), [0, 13, 10, 42, 36]]) + b("ECHO \"a b\"\n\r\n*0\r\n*-1\r\n")
    static let expected: [[[UInt8]]] = [
        [b("SET"), b("k"), b("v")], [b("GET"), b("k")], [b("PING")],
        [b("ECHO"), [0, 13, 10, 42, 36]], [b("ECHO"), b("a b")],
    ]

    @Test func pipelinedCommandsInOneAppendAreReturnedInOrder() {
        let outcome = parseRequests(Self.pipeline)
        #expect(outcome.error == nil)
        #expect(outcome.commands == Self.expected)
    }

    @Test func byteByByteFeedingGivesTheSameCommands() {
        let outcome = parseRequests(Self.pipeline.map { [$0] })
        #expect(outcome == RequestOutcome(commands: Self.expected))
    }

    @Test func nextReturnsNilUntilTheCommandIsComplete() throws {
        var parser = RESPRequestParser()
        let bytes = multibulk([b("GET"), b("key")])
        for byte in bytes.dropLast() {
            parser.append([byte])
            #expect(try parser.next() == nil)
        }
        parser.append([bytes.last!])
        #expect(try parser.next() == [b("GET"), b("key")])
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func randomChunkSplitsGiveTheSameCommands(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var stream: [UInt8] = []
        var expected: [[[UInt8]]] = []
        for _ in 0..<200 {
            let command = randomCommand(using: &rng)
            stream += multibulk(command)
            expected.append(command)
        }
        for maxChunk in [1, 3, 17, 4096] {
            let outcome = parseRequests(randomChunks(stream, maxChunk: maxChunk, using: &rng))
            #expect(outcome == RequestOutcome(commands: expected), "maxChunk \(maxChunk)")
        }
    }

    @Test func largeBulkAcrossManyAppendsAndCompaction() throws {
        var parser = RESPRequestParser()
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var got: [[[UInt8]]] = []
        for _ in 0..<3 {
            var rng = SeededGenerator(seed: 9)
            for chunk in randomChunks(multibulk([b("SET"), b("k"), big]), maxChunk: 5000, using: &rng) {
                parser.append(chunk)
                while let c = try parser.next() { got.append(c) }
            }
        }
        #expect(got.count == 3)
        #expect(got.allSatisfy { $0 == [b("SET"), b("k"), big] })
    }

    @Test func emptyMultibulkAndNegativeCountsAreSkipped() {
        let outcome = parseRequests(b("*0\r\n*-1\r\n*-100\r\n*1\r\n$4\r\nPING\r\n"))
        #expect(outcome == RequestOutcome(commands: [[b("PING")]]))
    }

    @Test func bytesAfterBulkPayloadAndAfterCountCRAreNotChecked() {
        // redis-server 7.0.15 answers +PONG to each of these.
        #expect(parseRequests(b("*1\r\n$4\r\nPINGxx")).commands == [[b("PING")]])
        #expect(parseRequests(b("*1\rX$4\r\nPING\r\n")).commands == [[b("PING")]])
        #expect(parseRequests(b("*1\r\n$4\rXPINGxx")).commands == [[b("PING")]])
    }

    @Test func countLineWaitsForOneByteAfterCR() throws {
        var parser = RESPRequestParser()
        parser.append(b("*1\r"))
        #expect(try parser.next() == nil)
        parser.append(b("\n$4\r"))
        #expect(try parser.next() == nil)
        parser.append(b("\nPING\r"))
        #expect(try parser.next() == nil)
        parser.append(b("\n"))
        #expect(try parser.next() == [b("PING")])
    }

    @Test func mixedInlineAndMultibulkSplitRandomlyMatchOneShotParse() {
        var rng = SeededGenerator(seed: 42)
        var stream: [UInt8] = []
        for i in 0..<300 {
            stream += i % 3 == 0 ? b("SET key\(i) 'v \(i)' \"x\\ty\"\r\n") : multibulk(randomCommand(using: &rng))
        }
        let oneShot = parseRequests(stream)
        #expect(oneShot.error == nil)
        #expect(oneShot.commands.count == 300)
        for _ in 0..<5 {
            #expect(parseRequests(randomChunks(stream, maxChunk: 11, using: &rng)) == oneShot)
        }
    }

    @Test func recordedRedisStreamsGiveTheSameCommandCountAndError() {
        // One reply per non-empty command; same protocol error text (or none).
        for (hex, replies, error) in requestStreamFixturesFromRedis {
            let stream = fromHex(hex)
            for outcome in [parseRequests(stream), parseRequests(stream.map { [$0] })] {
                #expect(outcome.commands.count == replies, "stream \(hex)")
                #expect(outcome.error?.message == error, "stream \(hex)")
            }
        }
    }
}
