import Testing
import RESP

@Suite("Fuzz: random input never crashes the parsers")
struct FuzzTests {
    static let interesting: [UInt8] = Array("*$:+-_,#!=(%~>|\r\n0123456789-tf\" '\\x".utf8) + [0, 255]

    static func randomBytes(_ rng: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...200, using: &rng)).map { _ in
            Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }

    /// Replaces, inserts or deletes a few bytes.
    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) where !out.isEmpty {
            let i = Int.random(in: 0..<out.count, using: &rng)
            let c = interesting.randomElement(using: &rng)!
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: out[i] = c
            case 1: out.insert(c, at: i)
            default: out.remove(at: i)
            }
        }
        return out
    }

    @Test func requestParserSurvivesRandomAndMutatedInput() {
        var rng = SeededGenerator(seed: 2024)
        var outcomes = 0
        for i in 0..<4000 {
            let input = i % 2 == 0
                ? Self.randomBytes(&rng)
                : Self.mutate(multibulk(randomCommand(using: &rng)) + b("PING \"a\"\r\n"), &rng)
            let whole = parseRequests(input, limits: RESPLimits(maxBulkLength: 1 << 20, maxInlineLength: 64))
            let split = parseRequests(randomChunks(input, maxChunk: 5, using: &rng),
                                      limits: RESPLimits(maxBulkLength: 1 << 20, maxInlineLength: 64))
            // Chunking can only change whether a "too big" limit trips first; otherwise results agree.
            if whole.error?.message.contains("too big") != true && split.error?.message.contains("too big") != true {
                #expect(whole == split, "input \(input)")
            }
            outcomes += whole.commands.count
        }
        #expect(outcomes > 0)
    }

    @Test func replyParserSurvivesRandomAndMutatedInput() {
        var rng = SeededGenerator(seed: 77)
        var parsedValues = 0
        var errors = 0
        for i in 0..<4000 {
            let input = i % 2 == 0
                ? Self.randomBytes(&rng)
                : Self.mutate(RESPEncoder.encode(randomValue(depth: 3, using: &rng), protocolVersion: 3), &rng)
            var parser = RESPReplyParser(maxDepth: 8)
            var rawParser = RESPReplyParser(maxDepth: 8)
            for chunk in randomChunks(input, maxChunk: 6, using: &rng) {
                parser.append(chunk)
                rawParser.append(chunk)
                do {
                    while let v = try parser.next() {
                        parsedValues += 1
                        // Whatever parsed must also parse raw, to the same bytes count.
                        let raw = try rawParser.nextRaw()
                        #expect(raw != nil)
                        _ = v
                    }
                } catch {
                    errors += 1
                    break
                }
            }
        }
        #expect(parsedValues > 0)
        #expect(errors > 0)
    }
}
