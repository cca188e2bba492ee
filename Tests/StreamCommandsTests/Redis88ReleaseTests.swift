import RESP
import StreamCommands
import StreamEngine
import Testing

/// XNACK and XINFO STREAM FULL's `nacked-count` (Redis 8.8), which no live server here
/// has: the XNACK page's examples and rules (released entries have no owner, idle from
/// time 0 so every claim takes them first, SILENT one delivery less, FAIL unchanged,
/// FATAL `LLONG_MAX`, RETRYCOUNT overrides, FORCE makes entries for IDs not pending).
/// Redis's own tests for it were not available here.
@Suite("Redis 8.8 XNACK, from Redis's documentation")
struct Redis88ReleaseTests {
    /// Two entries, both read by consumer1 of mygroup.
    func twoRead() -> DialectEngine {
        let e = DialectEngine()
        e.run("XADD mystream 1-0 field value1")
        e.run("XADD mystream 2-0 field value2")
        e.run("XGROUP CREATE mystream mygroup 0")
        e.run("XREADGROUP GROUP mygroup consumer1 STREAMS mystream >")
        return e
    }

    /// XPENDING's extended rows as (id, consumer, idle, deliveries).
    func rows(_ e: DialectEngine) -> [[String]] {
        guard case .array(let rows) = e.run("XPENDING mystream mygroup - + 10") else { return [] }
        return rows.map { row in
            guard case .array(let f) = row else { return [] }
            return f.map { v in
                switch v {
                case .bulkString(let b): return String(decoding: b, as: UTF8.self)
                case .integer(let i): return String(i)
                default: return "?"
                }
            }
        }
    }

    @Test("FAIL releases the entries to no one: XPENDING shows no consumer, idle -1, the count unchanged")
    func failExample() {
        let e = twoRead()
        #expect(e.integer("XNACK mystream mygroup FAIL IDS 2 1-0 2-0") == 2)
        #expect(rows(e) == [["1-0", "", "-1", "1"], ["2-0", "", "-1", "1"]])
        // Still pending in the group, owned by no consumer.
        guard case .array(let summary) = e.run("XPENDING mystream mygroup") else { Issue.record("XPENDING"); return }
        #expect(summary == [.integer(2), .bulk("1-0"), .bulk("2-0"), .array([])])
        #expect(e.run("XPENDING mystream mygroup - + 10 consumer1") == .array([]))
        #expect(e.invariants("mystream") == [])
    }

    @Test("SILENT takes one delivery back, FATAL marks it poison, RETRYCOUNT sets it outright")
    func modes() {
        let e = twoRead()
        e.run("XCLAIM mystream mygroup consumer1 0 1-0 2-0")  // two deliveries each
        #expect(e.integer("XNACK mystream mygroup SILENT IDS 1 1-0") == 1)
        #expect(e.integer("XNACK mystream mygroup FATAL IDS 1 2-0") == 1)
        #expect(rows(e) == [["1-0", "", "-1", "1"], ["2-0", "", "-1", "9223372036854775807"]])
        #expect(e.integer("XNACK mystream mygroup FAIL IDS 2 1-0 2-0 RETRYCOUNT 5") == 2)
        #expect(rows(e).map { $0[3] } == ["5", "5"])
        #expect(e.integer("XNACK mystream mygroup SILENT IDS 1 1-0 RETRYCOUNT 0") == 1)
        #expect(e.integer("XNACK mystream mygroup SILENT IDS 1 1-0") == 1)  // never below 0
        #expect(rows(e).map { $0[3] } == ["0", "5"])
    }

    @Test("IDs not pending are skipped and not counted; FORCE makes released entries for IDs still in the stream")
    func forceCreates() {
        let e = twoRead()
        e.run("XADD mystream 3-0 field value3")
        e.run("XACK mystream mygroup 2-0")
        #expect(e.integer("XNACK mystream mygroup FAIL IDS 3 1-0 2-0 3-0") == 1)
        #expect(e.integer("XNACK mystream mygroup FAIL IDS 3 2-0 3-0 9-0 FORCE") == 2)  // 9-0 is no entry
        #expect(rows(e) == [["1-0", "", "-1", "1"], ["2-0", "", "-1", "0"], ["3-0", "", "-1", "0"]])
        e.run("XACK mystream mygroup 2-0 3-0")
        #expect(e.integer("XNACK mystream mygroup FATAL IDS 1 2-0 FORCE") == 1)
        #expect(e.integer("XNACK mystream mygroup SILENT IDS 1 3-0 FORCE RETRYCOUNT 4") == 1)
        #expect(rows(e).map { $0[3] } == ["1", "9223372036854775807", "4"])
        #expect(e.invariants("mystream") == [])
    }

    @Test("released entries are claimed first, whatever the minimum idle time")
    func claimedFirst() {
        let e = twoRead()
        e.wait(10_000)
        e.run("XREADGROUP GROUP mygroup consumer1 STREAMS mystream 0")  // refreshes both
        e.wait(10)
        e.run("XNACK mystream mygroup FAIL IDS 1 2-0")
        // 2-0 was delivered 10 ms ago and then released: it is taken before anything
        // idle, and CLAIM's minimum idle time does not hold it back.
        #expect(e.readIDs("XREADGROUP GROUP mygroup consumer2 COUNT 1 CLAIM 3600000 STREAMS mystream >") == ["2-0"])
        #expect(rows(e).map { Array($0[0...1]) } == [["1-0", "consumer1"], ["2-0", "consumer2"]])
        e.run("XNACK mystream mygroup SILENT IDS 2 1-0 2-0")
        guard case .array(let claimed) = e.run("XCLAIM mystream mygroup consumer3 3600000 1-0 2-0 JUSTID") else { Issue.record("XCLAIM"); return }
        #expect(claimed == [.bulk("1-0"), .bulk("2-0")])
        e.run("XNACK mystream mygroup FAIL IDS 1 1-0")
        guard case .array(let auto) = e.run("XAUTOCLAIM mystream mygroup consumer4 3600000 0 JUSTID"),
              auto.count == 3 else { Issue.record("XAUTOCLAIM"); return }
        #expect(auto[1] == .array([.bulk("1-0")]))
        #expect(e.invariants("mystream") == [])
    }

    @Test("XINFO STREAM FULL counts each group's released entries and shows them ownerless at time 0")
    func nackedCount() {
        let e = twoRead()
        e.run("XGROUP CREATE mystream other 0")
        e.run("XNACK mystream mygroup FAIL IDS 1 2-0")
        guard case .map(let info) = e.run("XINFO STREAM mystream FULL"),
              case .array(let groups)? = info.first(where: { $0.0 == .bulk("groups") })?.1 else { Issue.record("XINFO"); return }
        var counts: [Int64] = []
        for g in groups {
            guard case .map(let f) = g else { continue }
            #expect(f[4].0 == .bulk("pel-count") && f[5].0 == .bulk("nacked-count"))
            if case .integer(let n) = f[5].1 { counts.append(n) }
            if f[0].1 == .bulk("mygroup"), case .array(let pel) = f[6].1 {
                #expect(pel.last == .array([.bulk("2-0"), .bulk(""), .integer(0), .integer(1)]))
            }
        }
        #expect(counts == [1, 0])
        #expect(e.integer("XACK mystream mygroup 2-0") == 1)
        #expect(e.invariants("mystream") == [])

        let old = DialectEngine(.redis8_0)
        old.run("XADD mystream 1-0 f v")
        old.run("XGROUP CREATE mystream g 0")
        guard case .map(let oldInfo) = old.run("XINFO STREAM mystream FULL"),
              case .array(let oldGroups)? = oldInfo.first(where: { $0.0 == .bulk("groups") })?.1,
              case .map(let g)? = oldGroups.first else { Issue.record("8.0 XINFO"); return }
        #expect(!g.contains { $0.0 == .bulk("nacked-count") })
    }

    @Test("XNACK's arguments are checked; a missing key or group releases nothing")
    func arguments() {
        let e = twoRead()
        #expect(e.error("XNACK mystream mygroup FAIL IDS 1") == "ERR wrong number of arguments for 'xnack' command")
        #expect(e.error("XNACK mystream mygroup MAYBE IDS 1 1-0") == "ERR syntax error")
        #expect(e.error("XNACK mystream mygroup FAIL ID 1 1-0") == "ERR syntax error")
        for bad in ["0", "-1", "x"] {
            #expect(e.error("XNACK mystream mygroup FAIL IDS \(bad) 1-0") == "ERR Number of IDs must be a positive integer")
        }
        #expect(e.error("XNACK mystream mygroup FAIL IDS 3 1-0 2-0") == "ERR The `numids` parameter must match the number of arguments")
        #expect(e.error("XNACK mystream mygroup FAIL IDS 1 1-0 2-0") == "ERR syntax error")
        #expect(e.error("XNACK mystream mygroup FAIL IDS 1 1-0 RETRYCOUNT") == "ERR syntax error")
        #expect(e.error("XNACK mystream mygroup FAIL IDS 1 1-0 RETRYCOUNT x") == "ERR value is not an integer or out of range")
        #expect(e.error("XNACK mystream mygroup FAIL IDS 1 1-0 RETRYCOUNT -1") == "ERR RETRYCOUNT must be a non-negative integer")
        #expect(e.error("XNACK mystream mygroup FAIL IDS 1 bad") == "ERR Invalid stream ID specified as stream command argument")
        #expect(e.integer("XNACK nokey mygroup FAIL IDS 1 1-0") == 0)
        #expect(e.integer("XNACK mystream nogroup FAIL IDS 1 1-0") == 0)
        #expect(rows(e).map { $0[1] } == ["consumer1", "consumer1"])  // nothing changed
        e.run("SET str v")
        #expect(e.error("XNACK str g FAIL IDS 1 1-0")?.hasPrefix("WRONGTYPE") == true)
    }

    @Test("the 7.0 and 8.0 dialects do not know XNACK")
    func olderDialects() {
        for dialect in [RedisDialect.redis7_0, .redis8_0] {
            let e = DialectEngine(dialect)
            #expect(e.error("XNACK s g FAIL IDS 1 1-0")?.hasPrefix("ERR unknown command 'XNACK'") == true)
        }
    }
}
