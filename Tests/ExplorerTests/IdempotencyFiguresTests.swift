import Explorer
import RESP
import StreamCommands
import StreamEngine
import Testing
import TerminalUI

/// XINFO STREAM's idempotency figures (Redis 8.6) in the streams pane, where the source
/// reports them: the embedded engine's newest dialect, or a server of 8.6 and later.
@Suite("Idempotency figures where the source reports them")
struct IdempotencyFiguresTests {
    static let idempotentAdds: [[String]] = [
        ["XADD", "orders", "IDMP", "checkout", "order-1", "*", "item", "a"],
        ["XADD", "orders", "IDMP", "checkout", "order-1", "*", "item", "a"],
        ["XADD", "orders", "IDMPAUTO", "billing", "*", "item", "b"],
    ]

    @Test("the streams pane shows producers, remembered IDs, duplicates and the limits under the table")
    func embedded() {
        let h = Harness(setup: Harness.stuckOrders + Self.idempotentAdds, dialect: .redis8)
        let figures = h.app.state.streams.first?.idempotency
        #expect(figures == IdempotencyFigures(durationSeconds: 100, maxSize: 100, producers: 2, ids: 2, added: 2, duplicates: 1))
        #expect(h.screenContains("idmp 2 pids · 2 iids · 1 dup · 100s/100"))
        // An older dialect reports none, and a stream without idempotent adds shows none.
        #expect(Harness(setup: Harness.stuckOrders, dialect: .redis8_0).app.state.streams.first?.idempotency == nil)
        #expect(!Harness(setup: Harness.stuckOrders, dialect: .redis8).screenContains("idmp "))
    }

    @Test("a Redis source reads them from XINFO STREAM")
    func fromAServer() throws {
        let channel = ReleaseTests.EngineChannel(clock: ManualClock(milliseconds: 1_800_000_000_000), version: "8.10.0")
        var session = CommandSession()
        for cmd in Self.idempotentAdds { _ = channel.server.execute(cmd.map { Array($0.utf8) }, session: &session) }
        let source = RedisSource(channel: channel, label: "redis")
        #expect(try source.streams().first?.idempotency?.text == "idmp 2 pids · 2 iids · 1 dup · 100s/100")
    }
}
