import RESP
import StreamCommands
import StreamEngine
import TestSupport
import Testing

/// Entry lists written straight into bytes (`CommandSession.encodedReplies`, as the
/// server's connections use) equal the encoding of the reply tree, byte for byte, in
/// RESP2 and RESP3, over seeded workloads with mixed field sets, deletions and trims.
@Suite("Encoded entry replies")
struct EncodedRepliesTests {
    @Test("encoded XRANGE, XREVRANGE, XREAD and XREADGROUP replies equal the tree's encoding", arguments: [1, 2, 3, 4] as [UInt64])
    func encodedEqualsTree(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let clock = ManualClock(milliseconds: 1_700_000_000_000)
        let tree = CommandServer(clock: clock)
        let wire = CommandServer(clock: clock)
        var treeSession = CommandSession()
        var wireSession = CommandSession()
        wireSession.encodedReplies = true
        let fields = ["f", "g", "name", "ü"]

        func both(_ words: [String]) {
            let args = words.map { Array($0.utf8) }
            let a = tree.execute(args, session: &treeSession)
            let b = wire.execute(args, session: &wireSession)
            var aBytes: [UInt8] = []
            var bBytes: [UInt8] = []
            RESPEncoder.encode(a, protocolVersion: treeSession.protocolVersion, into: &aBytes)
            RESPEncoder.encode(b, protocolVersion: wireSession.protocolVersion, into: &bBytes)
            #expect(aBytes == bBytes, "\(words.joined(separator: " "))")
            #expect(b.decoded == a.decoded, "\(words.joined(separator: " "))")
        }

        both(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
        for step in 0..<600 {
            if step % 150 == 0 {
                let version = step % 300 == 0 ? "2" : "3"
                both(["HELLO", version])
            }
            clock.advance(by: UInt64.random(in: 0...2, using: &rng))
            let roll = Int.random(in: 0..<100, using: &rng)
            switch roll {
            case 0..<45:
                var words = ["XADD", "s", "*"]
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    words += [fields.randomElement(using: &rng)!, String(Int.random(in: 0..<1_000_000, using: &rng))]
                }
                both(words)
            case 45..<50:
                both(["XDEL", "s", "\(clock.nowMilliseconds() - UInt64.random(in: 0...40, using: &rng))-0"])
            case 50..<52:
                both(["XTRIM", "s", "MAXLEN", String(Int.random(in: 50...300, using: &rng))])
            case 52..<62:
                both(["XRANGE", "s", "-", "+", "COUNT", String(Int.random(in: 1...40, using: &rng))])
            case 62..<68:
                both(["XREVRANGE", "s", "+", "-", "COUNT", String(Int.random(in: 1...40, using: &rng))])
            case 68..<70:
                both(["XRANGE", "s", "(\(clock.nowMilliseconds() - 30)", "+"])
            case 70..<78:
                both(["XREAD", "COUNT", String(Int.random(in: 0...20, using: &rng)), "STREAMS", "s", "\(clock.nowMilliseconds() - 20)"])
            case 78..<92:
                let noAck = Bool.random(using: &rng) ? ["NOACK"] : []
                both(["XREADGROUP", "GROUP", "g", "c\(Int.random(in: 0..<3, using: &rng))", "COUNT",
                      String(Int.random(in: 0...15, using: &rng))] + noAck + ["STREAMS", "s", ">"])
            case 92..<96:
                both(["XREADGROUP", "GROUP", "g", "c0", "COUNT", "5", "STREAMS", "s", "0"])
            default:
                both(["XRANGE", "missing", "-", "+"])
            }
        }
    }
}
