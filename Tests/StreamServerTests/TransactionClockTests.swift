import RESP
import StreamCommands
import StreamEngine
import StreamServer
import Testing

/// Redis 7.2 samples the clock once per transaction, 7.0 once per command: with a clock
/// that moves on every reading, the `*` IDs of one EXEC share a millisecond only in the
/// Redis 8 dialects. (No live server can show this: a real clock rarely moves within an
/// EXEC.)
@Suite("The clock inside a transaction")
struct TransactionClockTests {
    /// A clock one millisecond later at every reading.
    final class TickingClock: StreamClock, @unchecked Sendable {
        private var now: UInt64 = 1_000
        func nowMilliseconds() -> UInt64 { now += 1; return now }
    }

    static func exec(_ dialect: RedisDialect) -> [UInt8] {
        let commands = CommandServer(clock: TickingClock())
        commands.keyspace.dialect = dialect
        let core = ServerCore(commands: commands)
        let host = RecordingHost()
        core.host = host
        let client = core.connect(address: "127.0.0.1:40000", localAddress: "127.0.0.1:6379")!
        var out: [UInt8] = []
        for words in [["MULTI"], ["XADD", "a", "*", "f", "v"], ["XADD", "b", "*", "f", "v"], ["EXEC"]] {
            _ = core.receive(ArraySlice(RESPEncoder.encode(.array(words.map { .bulk($0) }))), from: client, into: &out)
        }
        return out
    }

    /// The millisecond parts of the two IDs in EXEC's reply.
    static func milliseconds(_ out: [UInt8]) -> [String] {
        let text = String(decoding: out, as: UTF8.self)
        return text.split(separator: "\r\n").filter { $0.contains("-0") }.map { String($0.split(separator: "-")[0]) }
    }

    @Test("one instant for a whole EXEC in the 8 dialects, one per command in 7.0")
    func oneSamplePerTransaction() {
        for dialect in [RedisDialect.redis8_0, .redis8] {
            let ms = Self.milliseconds(Self.exec(dialect))
            #expect(ms.count == 2 && ms[0] == ms[1], "\(dialect): \(ms)")
        }
        let ms = Self.milliseconds(Self.exec(.redis7_0))
        #expect(ms.count == 2 && ms[0] != ms[1], "7.0: \(ms)")
    }
}
