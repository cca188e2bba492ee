import Explorer
import Foundation
import RESP
import StreamEngine
import StreamNetwork
import Testing
import TestSupport

/// Partitioned streams: which keys form one logical stream, and its per-partition and
/// total figures, on a real redis-server.
@Suite("Partitioned streams seen as one")
struct PartitionsTests {
    static func summary(_ key: String, _ length: Int) -> StreamSummary {
        StreamSummary(key: Array(key.utf8), length: length, firstID: nil, lastID: nil, groups: 0, pending: 0, memory: nil)
    }

    @Test("name:{n} and name:n make a family of two or more; a --partitions glob makes one of any size")
    func families() {
        let rules = PartitionRules()
        #expect(rules.family(of: Array("orders:{0}".utf8)) == "orders")
        #expect(rules.family(of: Array("orders:12".utf8)) == "orders")
        #expect(rules.family(of: Array("a:b:{7}".utf8)) == "a:b")
        for key in ["orders", "orders:", "orders:{}", "orders:{x}", "orders{1}", ":1", "orders:{1", "orders:1}"] {
            #expect(rules.family(of: Array(key.utf8)) == nil, "\(key)")
        }
        let streams = ["orders:{0}", "orders:{1}", "lonely:3", "events-eu", "events-us", "x"].map { Self.summary($0, 1) }
        #expect(rules.families(streams).mapValues { $0.map(\.name) } == ["orders": ["orders:{0}", "orders:{1}"]])
        let glob = PartitionRules(patterns: ["events-*", "lone?y:*"])
        #expect(Set(glob.families(streams).keys) == ["orders", "events-*", "lone?y:*"])
        #expect(glob.partitions(of: Array("events-us".utf8), in: streams)?.members.count == 2)
        #expect(glob.partitions(of: Array("x".utf8), in: streams) == nil)
    }

    @Test("totals are the sums of the partitions' figures; a partition over twice the median is skewed")
    func totalsAndSkew() {
        let parts = [("o:{0}", 10), ("o:{1}", 12), ("o:{2}", 40), ("o:{10}", 11)].map { Self.summary($0.0, $0.1) }
        func g(_ name: BinaryName, lag: Int64?, pending: Int) -> GroupSummary {
            GroupSummary(name: name, consumers: 1, pending: pending, lastDeliveredID: .zero, entriesRead: nil, lag: lag, oldestPending: nil, oldestIdleMs: nil)
        }
        let groups: [[UInt8]: [GroupSummary]] = [
            Array("o:{0}".utf8): [g("billing", lag: 3, pending: 2), g("audit", lag: 1, pending: 0)],
            Array("o:{1}".utf8): [g("billing", lag: 4, pending: 5)],
            Array("o:{2}".utf8): [g("billing", lag: nil, pending: 1)],
            Array("o:{10}".utf8): [g("audit", lag: 7, pending: 9)],
        ]
        let v = PartitionView.build(name: "o", partitions: parts, groups: groups, rates: [:])
        #expect(v.rows.map { String(decoding: $0.key, as: UTF8.self) } == ["o:{0}", "o:{1}", "o:{2}", "o:{10}"])
        #expect(v.totalLength == 73)
        #expect(v.groupNames == ["audit", "billing"])
        #expect(v.totals["billing"] == PartitionView.Figures(lag: nil, pending: 8))
        #expect(v.totals["audit"] == PartitionView.Figures(lag: 8, pending: 9))
        #expect(v.rows.map(\.skewed) == [false, false, true, false])
        let fast = PartitionView.build(name: "o", partitions: Array(parts.prefix(2)) + [Self.summary("o:{3}", 11)], groups: [:],
                                       rates: [Array("o:{1}".utf8): [9], Array("o:{0}".utf8): [1], Array("o:{3}".utf8): [2]])
        #expect(fast.rows.map(\.skewed) == [false, true, false])
    }

    @Test("on redis-server: the partitions view's totals equal the sums of each key's XINFO GROUPS, and the skewed partition is marked")
    func totalsOnRedis() throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        let lengths = [20, 25, 22, 90]
        for (p, n) in lengths.enumerated() {
            for i in 0..<n { _ = try redis.main.command(["XADD", "orders:{\(p)}", "\(i + 1)-0", "n", "\(i)"]) }
            _ = try redis.main.command(["XGROUP", "CREATE", "orders:{\(p)}", "billing", "0"])
            _ = try redis.main.command(["XREADGROUP", "GROUP", "billing", "w", "COUNT", "\(3 + p)", "STREAMS", "orders:{\(p)}", ">"])
            if p % 2 == 0 { _ = try redis.main.command(["XGROUP", "CREATE", "orders:{\(p)}", "audit", "$"]) }
        }
        _ = try redis.main.command(["XADD", "payments", "*", "a", "1"])
        let source = RedisSource(channel: RedisClient(url: RedisURL(port: redis.port)), label: "redis")
        let app = ExplorerApp(source: source, layout: .standard.adding(PartitionsPane()))
        app.resize(width: 140, height: 44)
        app.handle(.char("6"))
        #expect(app.state.focus == .partitions)
        // Sums straight from the server.
        var pending = 0, lag: Int64 = 0
        for p in 0..<lengths.count {
            guard case .array(let groups) = try redis.main.command(["XINFO", "GROUPS", "orders:{\(p)}"]) else { Issue.record("XINFO"); return }
            for g in groups {
                guard case .array(let f) = g, f[1] == .bulkString(Array("billing".utf8)) else { continue }
                for i in stride(from: 0, to: f.count - 1, by: 2) {
                    if f[i] == .bulkString(Array("pending".utf8)), case .integer(let n) = f[i + 1] { pending += Int(n) }
                    if f[i] == .bulkString(Array("lag".utf8)), case .integer(let n) = f[i + 1] { lag += n }
                }
            }
        }
        #expect(pending == 3 + 4 + 5 + 6)
        let screen = app.render().lines()
        let total = try #require(screen.first { $0.contains("│ total ") })
        let words = total.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│")) }.filter { !$0.isEmpty }
        // total, length, rate, audit lag, audit pend, billing lag, billing pend
        #expect(words.first == "total")
        #expect(words.dropFirst().first == "\(lengths.reduce(0, +))")
        #expect(words.suffix(2) == ["\(lag)", "\(pending)"], "\(total)")
        #expect(screen.contains { $0.contains("│ !orders:{3} ") }, "the long partition is marked")
        #expect(!screen.contains { $0.contains("!orders:{0}") })
        // Moving in the view selects the partition for the other panes.
        app.handle(.down)
        #expect(app.state.selectedStream == Array("orders:{1}".utf8))
    }
}
