import RESP
import StreamCommands
import StreamEngine
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The blocking contract: a read parked with `BlockRequest` is woken with data, or
/// with Redis's exact error when its key is deleted, changes type, is flushed or its
/// group is destroyed, and keeps waiting when Redis keeps waiting. Each scenario runs
/// on redis-server (one client blocks, another triggers) and on the engine.
@Suite("Blocking reads against redis-server", .serialized)
struct BlockingContractTests {
    struct Scenario: CustomTestStringConvertible, Sendable {
        let setup: [[String]]
        let blocking: [String]
        let triggers: [[String]]
        var testDescription: String { "\(blocking.joined(separator: " ")) then \(triggers.map { $0.joined(separator: " ") }.joined(separator: "; "))" }
    }

    static let groupRead = ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"]
    static let withGroup = [["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"]]
    static let plainRead = ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]

    static let scenarios: [Scenario] = [
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["XADD", "s", "5-0", "f", "v"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["DEL", "s"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["DEL", "s"], ["SET", "s", "x"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["FLUSHALL"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["FLUSHDB"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["XGROUP", "DESTROY", "s", "g"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["XADD", "t", "5-0", "f", "v"], ["RENAME", "t", "s"]]),
        Scenario(setup: withGroup, blocking: groupRead, triggers: [["XADD", "other", "1-0", "f", "v"], ["XGROUP", "CREATECONSUMER", "s", "g", "x"]]),
        Scenario(setup: [], blocking: plainRead, triggers: [["XADD", "s", "5-0", "f", "v"]]),
        Scenario(setup: [["XADD", "s", "1-0", "f", "v"]], blocking: plainRead, triggers: [["DEL", "s"]]),
        Scenario(setup: [["XADD", "s", "1-0", "f", "v"]], blocking: plainRead, triggers: [["DEL", "s"], ["XADD", "s", "0-1", "f", "v"]]),
        Scenario(setup: [["XADD", "s", "1-0", "f", "v"]], blocking: plainRead, triggers: [["SET", "q", "x"], ["XADD", "s", "2-0", "a", "b"]]),
        Scenario(setup: [["XADD", "s", "1-0", "f", "v"]], blocking: ["XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "t", "$", "$"],
                 triggers: [["XADD", "t", "3-0", "f", "v"], ["XADD", "s", "4-0", "f", "v"]]),
    ]

    static let stillBlocked = Array("(still blocked)".utf8)

    @Test("a parked read ends as Redis's does", arguments: BlockingContractTests.scenarios)
    func scenario(_ scenario: Scenario) throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        let theirs = try redisOutcome(redis, scenario)
        let ours = try engineOutcome(scenario)
        #expect(Differ.show(ours) == Differ.show(theirs))
    }

    /// Client A blocks; client B triggers; A's reply, or "(still blocked)".
    func redisOutcome(_ redis: RedisOracle, _ s: Scenario) throws -> [UInt8] {
        let control = redis.main
        let blocked = try redis.connect()
        _ = try control.rawCommand(["FLUSHALL"].map { Array($0.utf8) })
        for cmd in s.setup { _ = try control.rawCommand(cmd.map { Array($0.utf8) }) }
        try blocked.sendCommand(s.blocking.map { Array($0.utf8) })
        // Wait until the server has parked the client before triggering.
        for _ in 0..<200 {
            let info = try control.command(["INFO", "clients"])
            if case .bulkString(let text) = info, String(decoding: text, as: UTF8.self).contains("blocked_clients:1") { break }
            usleep(5_000)
        }
        for cmd in s.triggers { _ = try control.rawCommand(cmd.map { Array($0.utf8) }) }
        // A PING after the triggers: Redis serves unblocked clients before the next command.
        _ = try control.rawCommand([Array("PING".utf8)])
        return try blocked.readRaw(timeoutMs: 300) ?? Self.stillBlocked
    }

    /// The same on the engine: key events from the keyspace drive `retry`.
    func engineOutcome(_ s: Scenario) throws -> [UInt8] {
        let server = CommandServer(clock: ManualClock())
        var control = CommandSession()
        var reader = CommandSession()
        for cmd in s.setup { _ = server.execute(cmd.map { Array($0.utf8) }, session: &control) }
        guard case .block(let request) = server.run(s.blocking.map { Array($0.utf8) }, session: &reader) else {
            Issue.record("the read did not block")
            return []
        }
        var events: [(Int, [UInt8], WakeReason)] = []
        server.keyspace.onKeyEvent = { events.append(($0, $1, $2)) }
        for cmd in s.triggers {
            events.removeAll()
            _ = server.execute(cmd.map { Array($0.utf8) }, session: &control)
            for (db, key, reason) in events where db == request.db && request.keys.contains(key) {
                if let reply = request.retry(after: reason, session: &reader, keyspace: server.keyspace) {
                    return RESPEncoder.encode(reply, protocolVersion: reader.protocolVersion)
                }
            }
        }
        return Self.stillBlocked
    }
}
