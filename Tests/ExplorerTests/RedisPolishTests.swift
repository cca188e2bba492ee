import Explorer
import Foundation
import StreamEngine
import Testing
import TestSupport

/// Issue 19's polish, over a real redis-server as over the embedded engine: the same
/// workload (`RedisSourceTests.workload`) through both sources shows the same marks and
/// says the same things.
@Suite("Explorer polish over redis-server", .serialized)
struct RedisPolishTests {
    static let orders = Array("orders".utf8)

    /// An explorer on each source, 120×40, after the same keys.
    static func apps(_ p: RedisSourceTests.Pair) -> [(String, ExplorerApp)] {
        [("redis", ExplorerApp(source: p.remote)), ("embedded", ExplorerApp(source: p.local))].map { name, app in
            app.resize(width: 120, height: 40)
            return (name, app)
        }
    }

    static func press(_ app: ExplorerApp, _ keys: String) { for k in keys { app.handle(k == "\n" ? .enter : .char(k)) } }

    @Test("pending ranges by consumer agree; the gutter marks only pending entries on both")
    func gutterOnBoth() throws {
        let p = try RedisSourceTests.Pair()
        let from = StreamID(ms: 1_700_000_000_000, seq: 0), to = StreamID(ms: 1_700_000_020_000, seq: 0)
        for consumer in [nil, "w2" as BinaryName?] {
            let a = try p.remote.pending(Self.orders, group: "billing", from: from, to: to, count: 100, consumer: consumer)
            let b = try p.local.pending(Self.orders, group: "billing", from: from, to: to, count: 100, consumer: consumer)
            #expect(a.map(\.id) == b.map(\.id))
            #expect(a.map(\.consumer) == b.map(\.consumer))
            #expect(!a.isEmpty)
        }
        for (name, app) in Self.apps(p) {
            Self.press(app, "2g1700000000000-0\n")
            let shown = app.state.entries.map(\.id)
            #expect(shown.first == from, "\(name)")
            // 0-400 and 0-2000 were acknowledged: no mark; 0-0 and 0-800 are pending.
            #expect(app.state.pendingOnScreen.contains(from), "\(name)")
            #expect(app.state.pendingOnScreen.contains(StreamID(ms: 1_700_000_000_800, seq: 0)), "\(name)")
            #expect(!app.state.pendingOnScreen.contains(StreamID(ms: 1_700_000_000_400, seq: 0)), "\(name)")
            #expect(!app.state.pendingOnScreen.contains(StreamID(ms: 1_700_000_002_000, seq: 0)), "\(name)")
            let line = app.render().lines().first { $0.contains("1700000000400-0 ") }
            #expect(line?.contains(" 1700000000400-0") == true && line?.contains("┃1700000000400-0") == false, "\(name)")
        }
    }

    @Test("dead-lettering, a claim that moves nothing and deleting a consumer say the same on both")
    func messagesOnBoth() throws {
        let p = try RedisSourceTests.Pair()
        for (name, app) in Self.apps(p) {
            Self.press(app, "4  Ly")
            #expect(app.state.status == "moved 2 entries to 'orders:dead' and acknowledged them in 'billing'", "\(name)")
            #expect(Array(app.state.commandLog.suffix(6)).map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["MULTI", "XADD", "XACK", "XADD", "XACK", "EXEC"], "\(name)")
            Self.press(app, "c")
            Self.press(app, "rescuer 10m\n")
            #expect(app.state.status == "claimed nothing of 1 entry: none was idle for 10m00s yet (min-idle)", "\(name)")
            Self.press(app, "3X")
            Self.press(app, "w2\ny")
            #expect(app.state.status == "deleted consumer 'w2' from 'billing': dropped its 12 pending entries, unacknowledged", "\(name)")
        }
    }

    @Test("Enter on a consumer filters the pending pane to it on both; behind for a group at 0-0 is its backlog's age")
    func drillDownAndBehindOnBoth() throws {
        let p = try RedisSourceTests.Pair()
        _ = try p.redis.main.rawCommand(["XGROUP", "CREATE", "orders", "fresh", "0"])
        _ = try p.local.execute(["XGROUP", "CREATE", "orders", "fresh", "0"])
        for (name, app) in Self.apps(p) {
            Self.press(app, "3lj")
            #expect(app.state.selectedConsumer == "w2", "\(name)")
            app.handle(.enter)
            #expect(app.state.focus == .pending, "\(name)")
            #expect(app.state.pending.count == 12 && app.state.pending.allSatisfy { $0.consumer == "w2" }, "\(name)")
            app.handle(.escape)
            #expect(app.state.pending.count > 12, "\(name)")
            // orders spans 1700000000000 to 1700000099600: 1m39s of backlog, not 54 years (lag is
            // "?" on both: an entry was deleted).
            let row = app.render().lines().first { $0.hasPrefix("│ fresh") }
            #expect(row?.contains(" 1m39s ") == true, "\(name): \(row ?? "no row")")
        }
    }
}
