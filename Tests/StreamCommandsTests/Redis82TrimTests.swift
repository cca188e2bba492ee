import RESP
import StreamCommands
import StreamEngine
import Testing

/// XADD and XTRIM with `KEEPREF | DELREF | ACKED` (Redis 8.2), which no live server here
/// has: the cases of Redis's own tests (`tests/unit/type/stream.tcl`: "XADD with MAXLEN
/// option and ACKED option", "... and DELREF option", "XTRIM with approx and ACKED
/// deletes entries correctly", "XTRIM with approx and DELREF ..."), plus what the XTRIM
/// page says (no groups: the options change nothing). The older dialects answer as
/// their servers do (checked live by the `10-newer-options` differential script).
@Suite("Redis 8.2 trimming that respects the groups, from Redis's tests")
struct Redis82TrimTests {
    /// Five entries 1-0 … 5-0, in nodes of `perNode` entries.
    func fiveEntries(perNode: Int = 100) -> DialectEngine {
        let e = DialectEngine()
        e.run("CONFIG SET stream-node-max-entries \(perNode)")
        for j in 1...5 { e.run("XADD mystream \(j)-0 f v") }
        return e
    }

    @Test("XADD MAXLEN = 1 ACKED keeps every entry a group has not both read and acknowledged")
    func xaddAcked() {
        let e = fiveEntries()
        e.run("XGROUP CREATE mystream mygroup 0")
        #expect(e.text("XADD mystream MAXLEN = 1 ACKED 6-0 f v") == "6-0")
        #expect(e.integer("XLEN mystream") == 6)  // nothing read: nothing may go
        e.run("XREADGROUP GROUP mygroup consumer1 COUNT 1 STREAMS mystream >")
        e.run("XACK mystream mygroup 1-0")
        e.run("XADD mystream MAXLEN = 1 ACKED 7-0 f v")
        #expect(e.integer("XLEN mystream") == 6)  // only 1-0 was read and acknowledged
        #expect(e.ids("mystream").first == "2-0")
        e.run("XREADGROUP GROUP mygroup consumer1 STREAMS mystream >")
        e.run("XACK mystream mygroup 2-0 3-0 4-0 5-0 6-0 7-0")
        e.run("XADD mystream MAXLEN = 1 ACKED 8-0 f v")
        #expect(e.integer("XLEN mystream") == 1)  // all acknowledged: down to MAXLEN
        #expect(e.ids("mystream") == ["8-0"])
    }

    @Test("XADD MAXLEN = 1 DELREF trims as KEEPREF does and empties every PEL of what it removed")
    func xaddDelref() {
        let e = fiveEntries()
        e.run("XGROUP CREATE mystream mygroup 0")
        e.run("XREADGROUP GROUP mygroup consumer1 COUNT 1 STREAMS mystream >")
        e.run("XADD mystream MAXLEN = 1 DELREF * f v")
        #expect(e.integer("XLEN mystream") == 1)
        #expect(e.pendingCount("mystream", "mygroup") == 0)

        // KEEPREF, the default, leaves the reference behind.
        let k = fiveEntries()
        k.run("XGROUP CREATE mystream mygroup 0")
        k.run("XREADGROUP GROUP mygroup consumer1 COUNT 1 STREAMS mystream >")
        k.run("XADD mystream MAXLEN = 1 KEEPREF * f v")
        #expect(k.integer("XLEN mystream") == 1)
        #expect(k.pendingCount("mystream", "mygroup") == 1)
    }

    @Test("XTRIM MINID ~ ACKED removes acknowledged entries behind an unacknowledged one")
    func xtrimApproxAcked() {
        let e = fiveEntries(perNode: 2)  // nodes [1 2] [3 4] [5]
        e.run("XGROUP CREATE mystream mygroup 0")
        e.run("XREADGROUP GROUP mygroup consumer1 STREAMS mystream >")
        e.run("XACK mystream mygroup 1-0 2-0 4-0")
        #expect(e.integer("XTRIM mystream MINID ~ 6-0 ACKED") == 3)
        #expect(e.integer("XLEN mystream") == 2)
        #expect(e.ids("mystream") == ["3-0", "5-0"])
        #expect(e.pendingCount("mystream", "mygroup") == 2)
    }

    @Test("XTRIM MINID ~ DELREF removes whole nodes and their references")
    func xtrimApproxDelref() {
        let e = DialectEngine()
        e.run("CONFIG SET stream-node-max-entries 2")
        for j in 1...4 { e.run("XADD mystream \(j)-0 f v") }
        e.run("XGROUP CREATE mystream mygroup 0")
        e.run("XREADGROUP GROUP mygroup consumer1 STREAMS mystream >")
        #expect(e.integer("XTRIM mystream MINID ~ 5-0 DELREF") == 4)
        #expect(e.integer("XLEN mystream") == 0)
        guard case .array(let summary) = e.run("XPENDING mystream mygroup") else { Issue.record("XPENDING"); return }
        #expect(summary == [.integer(0), .nullBulk, .nullBulk, .nullArray])
    }

    @Test("ACKED keeps what any one of several groups still needs, and what a group has not read")
    func ackedWaitsForEveryGroup() {
        let e = fiveEntries()
        e.run("XGROUP CREATE mystream g1 0")
        e.run("XGROUP CREATE mystream g2 0")
        e.run("XREADGROUP GROUP g1 c STREAMS mystream >")
        e.run("XACK mystream g1 1-0 2-0 3-0 4-0 5-0")
        #expect(e.integer("XTRIM mystream MAXLEN 0 ACKED") == 0)  // g2 has read nothing
        e.run("XREADGROUP GROUP g2 c COUNT 3 STREAMS mystream >")
        e.run("XACK mystream g2 1-0 3-0")
        #expect(e.integer("XTRIM mystream MAXLEN 0 ACKED") == 2)  // 2-0 pending in g2; 4-0, 5-0 unread
        #expect(e.ids("mystream") == ["2-0", "4-0", "5-0"])
        e.run("XGROUP DESTROY mystream g2")
        #expect(e.integer("XTRIM mystream MAXLEN 1 ACKED") == 2)
        #expect(e.ids("mystream") == ["5-0"])
    }

    @Test("ACKED with ~ and LIMIT stops before a node whose removals would pass the limit")
    func ackedLimit() {
        let e = fiveEntries(perNode: 2)  // nodes [1 2] [3 4] [5]
        e.run("XGROUP CREATE mystream g 0")
        e.run("XREADGROUP GROUP g c STREAMS mystream >")
        e.run("XACK mystream g 1-0 2-0 3-0 4-0 5-0")
        #expect(e.integer("XTRIM mystream MINID ~ 9-0 LIMIT 3 ACKED") == 2)
        #expect(e.ids("mystream") == ["3-0", "4-0", "5-0"])
        #expect(e.integer("XTRIM mystream MINID ~ 9-0 LIMIT 3 ACKED") == 3)
        #expect(e.integer("XLEN mystream") == 0)
    }

    @Test("with no groups ACKED and DELREF trim exactly as KEEPREF does", arguments: [
        "MAXLEN 2", "MAXLEN = 0", "MAXLEN ~ 3", "MINID 4-0", "MINID ~ 4-0", "MAXLEN ~ 0 LIMIT 2",
    ])
    func noGroupsNoDifference(_ trim: String) {
        var results: [[String]] = []
        for policy in ["KEEPREF", "DELREF", "ACKED"] {
            let e = DialectEngine()
            e.run("CONFIG SET stream-node-max-entries 2")
            for j in 1...7 { e.run("XADD s \(j)-0 f v") }
            let removed = e.integer("XTRIM s \(trim) \(policy)")
            results.append(["\(removed ?? -1)"] + e.ids("s"))
            #expect(e.invariants("s") == [])
        }
        #expect(results[1] == results[0])
        #expect(results[2] == results[0])
    }

    @Test("the options may come in any order, and the last one given counts")
    func optionOrder() {
        let e = fiveEntries()
        e.run("XGROUP CREATE mystream g 0")
        #expect(e.integer("XTRIM mystream ACKED MAXLEN 0") == 0)
        #expect(e.integer("XTRIM mystream ACKED KEEPREF MAXLEN 3") == 2)
        #expect(e.text("XADD mystream DELREF ACKED MAXLEN 0 * f v") != nil)
        #expect(e.integer("XLEN mystream") == 4)
    }

    @Test("the 7.0 and 8.0 dialects read the words as their servers do")
    func olderDialects() {
        for dialect in [RedisDialect.redis7_0, .redis8_0] {
            let e = DialectEngine(dialect)
            e.run("XADD s 1-0 f v")
            #expect(e.error("XADD s KEEPREF * f v") == "ERR Invalid stream ID specified as stream command argument")
            #expect(e.error("XADD s MAXLEN 1 ACKED * f v") == "ERR Invalid stream ID specified as stream command argument")
            #expect(e.error("XTRIM s MAXLEN 1 DELREF") == "ERR syntax error")
        }
    }
}
