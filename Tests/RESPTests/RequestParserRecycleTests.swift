import RESP
import Testing

/// Recycled argument buffers: a pipeline reuses them, and arguments still held elsewhere
/// (a key kept by the keyspace, a command queued by MULTI) never change afterwards.
@Suite("Request parser: recycled arguments")
struct RequestParserRecycleTests {
    static func multibulk(_ words: [String]) -> [UInt8] {
        var out = Array("*\(words.count)\r\n".utf8)
        for w in words { out += Array("$\(w.utf8.count)\r\n\(w)\r\n".utf8) }
        return out
    }

    @Test("arguments held after recycling keep their bytes while later commands reuse the buffers")
    func heldArgumentsNeverChange() throws {
        var parser = RESPRequestParser()
        var held: [([[UInt8]], [String])] = []
        var rng = SystemRandomNumberGenerator()
        for i in 0..<500 {
            let words = (0..<Int.random(in: 1...6, using: &rng)).map { j in
                String(repeating: Character(UnicodeScalar(UInt8(97 + (i + j) % 26))), count: Int.random(in: 0...200, using: &rng))
            }
            parser.append(Self.multibulk(words))
            let args = try #require(try parser.next())
            #expect(args.map { String(decoding: $0, as: UTF8.self) } == words)
            // Keep every third command, as MULTI or the keyspace would; recycle all.
            if i % 3 == 0 { held.append((args, words)) }
            parser.recycle(args)
        }
        for (args, words) in held {
            #expect(args.map { String(decoding: $0, as: UTF8.self) } == words)
        }
    }
}
