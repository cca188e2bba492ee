import Foundation
import RESP
import StreamCommands
import StreamNetwork
import Testing
import TestSupport

/// The engine the explorer shares with `--listen`: steps run through `run` and Redis
/// clients over the socket see one engine, in one order.
@Suite("Listening: an engine shared with Redis clients")
struct ListeningEngineTests {
    @Test("a client's write is seen by the next step, and a step's write wakes a client blocked in XREAD")
    func sharedBothWays() throws {
        let commands = CommandServer()
        let engine = try ListeningEngine(commands: commands, at: ListenAddress(host: "127.0.0.1", port: 0))
        defer { engine.shutdown() }
        #expect(engine.port > 0)
        let producer = try RedisConnection(port: engine.port)
        defer { producer.close() }
        #expect(try producer.rawCommand(["XADD", "s", "1-0", "from", "client"]) == Array("$3\r\n1-0\r\n".utf8))
        var length: RESPValue?
        try engine.run { length = Self.execute(commands, ["XLEN", "s"]) }
        #expect(length == .integer(1))

        let reader = try RedisConnection(port: engine.port)
        defer { reader.close() }
        try reader.sendCommand(["XREAD", "BLOCK", "0", "STREAMS", "s", "$"].map { Array($0.utf8) })
        // Wait until the server has parked the reader (a condition, not a pause).
        var parked = false
        for _ in 0..<500 where !parked {
            parked = (try? producer.rawCommand(["INFO", "clients"])).map {
                String(decoding: $0, as: UTF8.self).contains("blocked_clients:1")
            } ?? false
            if !parked { usleep(10_000) }
        }
        #expect(parked, "the reader never blocked")
        try engine.run { _ = Self.execute(commands, ["XADD", "s", "2-0", "from", "explorer"]) }
        let woken = try #require(try reader.readRaw(timeoutMs: 5_000), "the reader was not woken by the step's XADD")
        #expect(String(decoding: woken, as: UTF8.self).contains("explorer"))
    }

    static func execute(_ commands: CommandServer, _ words: [String]) -> RESPValue {
        var session = CommandSession()
        return commands.execute(words.map { Array($0.utf8) }, session: &session)
    }

    @Test("an address already in use is an error to show, not a crash")
    func addressInUse() throws {
        let first = try ListeningEngine(commands: CommandServer(), at: ListenAddress(host: "127.0.0.1", port: 0))
        defer { first.shutdown() }
        #expect(throws: (any Error).self) {
            _ = try ListeningEngine(commands: CommandServer(), at: ListenAddress(host: "127.0.0.1", port: first.port))
        }
    }
}
