import RESP
import StreamCommands
import StreamEngine
import Testing
@testable import Lessons

/// An event keeps its commands as one buffer and its entry lists in wire form; what is
/// read back is what was run, and the IDs read from the wire are the decoded reply's.
@Suite struct WireFormTests {
    func words(_ s: String) -> [[UInt8]] { s.split(separator: " ").map { Array($0.utf8) } }

    @Test("commands come back from the buffer word for word: binary bytes, empty words, no words")
    func commandsRoundTrip() {
        let commands: [[[UInt8]]] = [
            words("XADD orders * order o-1"),
            [Array("XADD".utf8), [0, 13, 10, 255, 36, 42], [], Array("ünï\r\n".utf8)],
            [],
            words("XACK orders billing 1-1 1-2 1-3"),
        ]
        let wire = CommandWire(commands)
        #expect(wire.count == 4)
        #expect(wire.commands == commands)
        #expect(CommandWire([]).commands.isEmpty)
    }

    @Test("several scalar replies are kept as one buffer and read back exactly; any other shape is kept as it is")
    func repliesRoundTrip() {
        let scalars: [RESPValue] = [.bulk("1-0"), .integer(-3), .simpleString("OK"), .error("ERR no"), .nullBulk, .nullArray,
                                    .bulkString([0, 13, 10, 255]), .bulkString([])]
        let kept = ReplyWire(scalars)
        if case .wire = kept {} else { Issue.record("not kept as one buffer") }
        #expect(kept.values == scalars)
        #expect(kept.count == scalars.count)
        let mixed: [RESPValue] = [.bulk("1-0"), .array([.integer(1)])]
        if case .values(let v) = ReplyWire(mixed) { #expect(v == mixed) } else { Issue.record("an array went into the buffer") }
        if case .values(let v) = ReplyWire([.integer(1)]) { #expect(v == [.integer(1)]) } else { Issue.record("one reply went into a buffer") }
    }

    @Test("IDs read from an entry list's wire form equal those of its decoded tree, deleted entries left out")
    func wireIDsMatchTheDecodedReply() throws {
        let server = CommandServer(clock: ManualClock(milliseconds: 1_700_000_000_000))
        var session = CommandSession()
        session.encodedReplies = true
        for i in 1...30 { _ = server.execute(words("XADD s \(i)-\(i) f v\(i) g \(String(repeating: "x", count: i * 7))"), session: &session) }
        _ = server.execute(words("XGROUP CREATE s g 0"), session: &session)
        _ = server.execute(words("XREADGROUP GROUP g c COUNT 20 STREAMS s >"), session: &session)
        _ = server.execute(words("XDEL s 3-3 7-7"), session: &session)
        let replies = [
            server.execute(words("XRANGE s - +"), session: &session),
            server.execute(words("XREADGROUP GROUP g c COUNT 20 STREAMS s 0"), session: &session),
            server.execute(words("XREADGROUP GROUP g c COUNT 5 STREAMS s >"), session: &session),
            server.execute(words("XREAD COUNT 3 STREAMS s 10-0"), session: &session),
        ]
        var sawWire = 0
        for reply in replies {
            // XRANGE's reply is the list itself; XREAD's holds it under the stream's name.
            let list: RESPValue
            if case .array(let streams) = reply, case .array(let pair) = streams.first, pair.count == 2 { list = pair[1] } else { list = reply }
            // The history read, with deleted entries in it, is a tree: nothing to compare.
            guard case .encoded(let bytes) = list else { continue }
            sawWire += 1
            let fromWire = try #require(RESPText.wireEntryIDs(bytes))
            #expect(fromWire == RESPText.entryIDs(try #require(list.decoded)))
            #expect(fromWire == RESPText.entryIDs(list))
            #expect(!fromWire.isEmpty)
        }
        #expect(sawWire == 3)
        // The history read (`0`) names the two deleted entries with no fields: skipped.
        let history = RESPText.readIDs(replies[1])
        #expect(history.count == 18)
        #expect(!history.contains(StreamID(ms: 3, seq: 3)))
    }

    @Test("bytes not in the shape of an entry list give nil, never a crash")
    func malformedWireGivesNil() {
        var random = SystemRandomNumberGenerator()
        let good = Array("*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n".utf8)
        #expect(RESPText.wireEntryIDs(good) == [StreamID(ms: 1, seq: 1)])
        for cut in 0..<good.count { #expect(RESPText.wireEntryIDs(Array(good.prefix(cut))) == nil) }
        for _ in 0..<2_000 {
            var bytes = good
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            _ = RESPText.wireEntryIDs(bytes)
            let noise = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = RESPText.wireEntryIDs(noise)
        }
        #expect(RESPText.wireEntryIDs(Array("*1\r\n*2\r\n$3\r\nabc\r\n*0\r\n".utf8)) == nil)
        #expect(RESPText.wireEntryIDs(Array("*-1\r\n".utf8)) == nil)
    }
}
