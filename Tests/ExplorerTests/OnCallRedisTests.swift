import Explorer
import Foundation
import StreamEngine
import Testing
import TestSupport

/// Issue 19's on-call features over a real redis-server as over the embedded engine:
/// the same workload (`RedisSourceTests.workload`) through both sources gives the same
/// health verdicts, the same newest-first screen and the same exported bytes.
@Suite("On-call features over redis-server", .serialized)
struct OnCallRedisTests {
    static let orders = Array("orders".utf8)

    @Test("both sources give the same delivery counts and, sampled at the same injected times, the same verdicts: ERR, STOP, OK")
    func healthOnBoth() throws {
        let p = try RedisSourceTests.Pair()
        // 1700000000800-0 delivered six times in all: poison for billing.
        for _ in 0..<5 {
            _ = try p.redis.main.rawCommand(["XCLAIM", "orders", "billing", "w1", "0", "1700000000800-0"])
            _ = try p.local.execute(["XCLAIM", "orders", "billing", "w1", "0", "1700000000800-0"])
        }
        let ga = try p.remote.groups(Self.orders), gb = try p.local.groups(Self.orders)
        #expect(ga.map(\.oldestDeliveries) == gb.map(\.oldestDeliveries))
        #expect(ga.first { $0.name == "billing" }?.oldestDeliveries.prefix(3) == [1, 6, 1])
        let t = HealthThresholds(windowMs: 30_000, poisonDeliveries: 5)
        var verdicts: [String: [BinaryName: HealthReport]] = [:]
        for (name, source) in [("redis", p.remote as any StreamDataSource), ("embedded", p.local as any StreamDataSource)] {
            var history: [BinaryName: [GroupSample]] = [:]
            // An entry arrives each (injected) second; nobody reads.
            for second in 0...30 {
                _ = try source.execute(["XADD", "orders", "1700000200\(String(format: "%03d", second))-0", "item", "late"])
                let last = try source.streams().first { $0.key == Self.orders }?.lastID
                for g in try source.groups(Self.orders) {
                    history[g.name, default: []].append(GroupSample(g, atMs: UInt64(second) * 1000, streamLast: last, poisonDeliveries: 5))
                }
            }
            verdicts[name] = history.mapValues { GroupHealth.evaluate($0, nowMs: 30_000, t) }
        }
        let redis = verdicts["redis"]!, embedded = verdicts["embedded"]!
        #expect(redis.mapValues(\.verdict) == embedded.mapValues(\.verdict))
        #expect(redis.mapValues(\.rule) == embedded.mapValues(\.rule))
        #expect(redis["billing"]?.verdict == .err)
        #expect(redis["shipping"]?.verdict == .stop)
        #expect(redis["shipping"]?.rule == "nothing was read for 30s: last-delivered stayed at 1700000052000-0 while the stream grew to 1700000200030-0 (lag unknown)")
    }

    @Test("newest first shows the same rows, top to bottom, on both; j moves to the older entry")
    func newestFirstOnBoth() throws {
        let p = try RedisSourceTests.Pair()
        var screens: [[String]] = []
        for (name, app) in RedisPolishTests.apps(p) {
            RedisPolishTests.press(app, "2r")
            let rows = app.render().lines().filter { $0.contains("-0 2023-") }
            #expect(rows.first?.contains("1700000099600-0") == true, "\(name): \(rows)")
            app.handle(.char("j"))
            #expect(app.state.selectedEntry == StreamID(ms: 1_700_000_099_200, seq: 0), "\(name)")
            screens.append(rows.map { String($0.dropFirst(50).prefix(60)) })
        }
        #expect(screens[0] == screens[1])
    }

    @Test("a range, a search and a pending list export the same bytes from both sources, read in bounded batches")
    func exportOnBoth() throws {
        let p = try RedisSourceTests.Pair()
        let requests: [ExportRequest] = [
            .range(key: Self.orders, start: .zero, end: .max, filter: nil, what: "all"),
            .range(key: Self.orders, start: StreamID(ms: 1_700_000_010_000, seq: 0), end: StreamID(ms: 1_700_000_020_000, seq: .max),
                   filter: "item3", what: "search"),
            .pending(key: Self.orders, group: "billing", consumer: "w2", what: "w2"),
        ]
        for request in requests {
            for format in ExportFormat.allCases {
                let a = try ExportPlan.read(request, from: p.remote, limit: 200, scanLimit: 10_000)
                let b = try ExportPlan.read(request, from: p.local, limit: 200, scanLimit: 10_000)
                #expect(a.truncated == b.truncated)
                if case .pending(let x) = a.rows, case .pending(let y) = b.rows {
                    #expect(x.map(\.id) == y.map(\.id) && x.map(\.deliveries) == y.map(\.deliveries) && x.count == 12)
                } else {
                    #expect(EntryExport.encode(a.rows, as: format) == EntryExport.encode(b.rows, as: format))
                    #expect(a.rows.count > 0)
                }
            }
        }
        // 249 entries (one deleted) with a limit of 200: cut, and said so; no read over 1,000.
        p.sent.removeAll()
        let cut = try ExportPlan.read(requests[0], from: p.remote, limit: 200, scanLimit: 0)
        #expect(cut.rows.count == 200 && cut.truncated)
        #expect(p.sent.allSatisfy { $0.first != "XRANGE" || Int($0.last ?? "0")! <= ExportPlan.batch })
    }
}
