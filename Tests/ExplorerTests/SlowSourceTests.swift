import Explorer
import Foundation
import RESP
import StreamEngine
import TerminalUI
import Testing

/// The explorer over a server that stops answering: work on the source runs on a
/// worker thread, so keys and frames go on, the status line says what it waits for,
/// and Esc cancels the call in flight.
@Suite("A slow or hung server never freezes the explorer", .serialized)
struct SlowSourceTests {
    /// A channel in front of an embedded engine that can be made to hang: a round trip
    /// then waits until it is cancelled (and throws) or released.
    final class HangingChannel: CommandChannel, @unchecked Sendable {
        let engine = EmbeddedSource(clock: ManualClock(milliseconds: 1_800_000_000_000))
        private let condition = NSCondition()
        private var hanging = false
        private var cancelled = false
        private(set) var cancels = 0

        func hang() { condition.lock(); hanging = true; cancelled = false; condition.unlock() }
        func release() { condition.lock(); hanging = false; condition.broadcast(); condition.unlock() }

        func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
            condition.lock()
            while hanging && !cancelled { condition.wait() }
            let wasCancelled = cancelled
            cancelled = false
            condition.unlock()
            if wasCancelled { throw DataSourceError("cancelled") }
            return try commands.map { try engine.execute($0) }
        }

        func cancel() {
            condition.lock()
            cancelled = true
            cancels += 1
            condition.broadcast()
            condition.unlock()
        }

        var lastRoundTripMs: Double? { 0.1 }
        var lastError: String? { nil }
    }

    /// Waits (up to 5 s) until `condition` holds, running the app's loop meanwhile.
    func eventually(_ app: ExplorerApp, _ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            app.tick()
            if condition() { return true }
            usleep(10_000)
        }
        return false
    }

    @Test("while the server hangs, keys still work, the status line says it is waiting, and Esc cancels")
    func hungServer() throws {
        let channel = HangingChannel()
        for i in 1...20 { _ = try channel.engine.execute(["XADD", "orders", "\(i)-0", "n", "\(i)"]) }
        _ = try channel.engine.execute(["XGROUP", "CREATE", "orders", "billing", "0"])
        let effects = BackgroundEffects()
        defer { effects.stop() }
        let app = ExplorerApp(source: RedisSource(channel: channel, label: "redis://slow:6379"), effects: effects)
        app.resize(width: 120, height: 40)
        #expect(eventually(app) { app.state.streams.count == 1 && !app.state.entries.isEmpty })

        channel.hang()
        app.refresh()   // this one waits on the server
        let start = Date()
        // Keys go on working: the help opens and closes at once.
        app.handle(.char("?"))
        #expect(app.state.modal != nil)
        app.handle(.escape)
        app.handle(.char("3"))
        #expect(app.state.focus == .groups)
        #expect(Date().timeIntervalSince(start) < 1, "keys waited on the server")
        // After a moment the status line says what it waits for.
        #expect(eventually(app) {
            app.render().lines().contains { $0.contains("waiting") && $0.contains("redis://slow:6379") && $0.contains("esc cancels") }
        })
        // Esc cancels the call in flight; the explorer carries on.
        app.handle(.escape)
        #expect(channel.cancels == 1)
        #expect(app.state.status?.contains("cancelled") == true)
        channel.release()
        _ = try channel.engine.execute(["XADD", "orders", "21-0", "n", "21"])
        #expect(eventually(app) { app.state.streams.first?.length == 21 })
    }
}
