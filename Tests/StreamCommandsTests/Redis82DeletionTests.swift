import RESP
import StreamCommands
import StreamEngine
import Testing

/// XDELEX, XACKDEL and capped ENTRIESREAD (Redis 8.2), which no live server here has:
/// the expectations are those of Redis's own tests (`tests/unit/type/stream-cgroups.tcl`)
/// and the command pages, run through the engine in the newest dialect. The 7.0 and
/// 8.0 dialects must not know the commands, as their servers do not.
@Suite("Redis 8.2 deletions, from Redis's tests and documentation")
struct Redis82DeletionTests {
    typealias Engine = DialectEngine

    @Test("XACKDEL's arguments are checked as Redis checks them")
    func xackdelArguments() {
        let e = Engine()
        #expect(e.error("XACKDEL s g") == "ERR wrong number of arguments for 'xackdel' command")
        #expect(e.codes("XACKDEL s g IDS 2 1-1 2-2") == [-1, -1])  // no key
        e.run("XADD s 1-0 f v")
        #expect(e.codes("XACKDEL s g IDS 2 1-1 2-2") == [-1, -1])  // no group
        e.run("XGROUP CREATE s g 0")
        for bad in ["abc", "0", "-5"] {
            #expect(e.error("XACKDEL s g IDS \(bad) 1-1") == "ERR Number of IDs must be a positive integer")
        }
        #expect(e.error("XACKDEL s g IDS 3 1-1 2-2") == "ERR The `numids` parameter must match the number of arguments")
        #expect(e.error("XACKDEL s g IDS 1 1-1 2-2") == "ERR syntax error")
        for pair in ["KEEPREF DELREF", "KEEPREF ACKED", "DELREF ACKED"] {
            #expect(e.error("XACKDEL s g \(pair) IDS 1 1-1") == "ERR syntax error")
        }
        #expect(e.error("XACKDEL s g IDS 1 x-y") == "ERR Invalid stream ID specified as stream command argument")
        e.run("SET str v")
        #expect(e.error("XACKDEL str g IDS 1 1-0")?.hasPrefix("WRONGTYPE") == true)
        let fifty = (0..<50).map { "\($0)-1" }.joined(separator: " ")
        #expect(e.codes("XACKDEL s g IDS 50 \(fifty)")?.count == 50)
    }

    @Test("XACKDEL DELREF acknowledges and removes the entries from every group")
    func xackdelDelref() {
        let e = Engine()
        e.twoGroupsHoldingTwoEntries()
        #expect(e.codes("XACKDEL mystream group1 DELREF IDS 2 1-0 2-0") == [1, 1])
        #expect(e.integer("XLEN mystream") == 0)
        #expect(e.pendingCount("mystream", "group1") == 0)
        #expect(e.pendingCount("mystream", "group2") == 0)
        #expect(e.codes("XACKDEL mystream group2 DELREF IDS 2 1-0 2-0") == [-1, -1])
    }

    @Test("XACKDEL ACKED deletes only what no group still holds")
    func xackdelAcked() {
        let e = Engine()
        e.twoGroupsHoldingTwoEntries()
        #expect(e.codes("XACKDEL mystream group1 ACKED IDS 2 1-0 2-0") == [2, 2])
        #expect(e.integer("XLEN mystream") == 2)
        #expect(e.pendingCount("mystream", "group1") == 0)
        #expect(e.pendingCount("mystream", "group2") == 2)
        #expect(e.codes("XACKDEL mystream group2 ACKED IDS 2 1-0 2-0") == [1, 1])
        #expect(e.integer("XLEN mystream") == 0)
    }

    @Test("XACKDEL KEEPREF (the default) deletes and leaves other groups' references")
    func xackdelKeepref() {
        for option in ["KEEPREF ", ""] {
            let e = Engine()
            e.twoGroupsHoldingTwoEntries()
            #expect(e.codes("XACKDEL mystream group1 \(option)IDS 2 1-0 2-0") == [1, 1])
            #expect(e.integer("XLEN mystream") == 0)
            #expect(e.pendingCount("mystream", "group1") == 0)
            #expect(e.pendingCount("mystream", "group2") == 2)
            #expect(e.codes("XACKDEL mystream group2 \(option)IDS 2 1-0 2-0") == [1, 1])
            #expect(e.pendingCount("mystream", "group2") == 0)
        }
    }

    @Test("XDELEX ACKED waits for every group to have read past and acknowledged the entry")
    func xdelexAcked() {
        let e = Engine()
        for j in 0..<5 { e.run("XADD mystream \(j)-1 item \(j)") }
        e.run("XGROUP CREATE mystream mygroup 0")
        e.run("XREADGROUP GROUP mygroup consumer1 STREAMS mystream >")
        #expect(e.codes("XDELEX mystream ACKED IDS 5 0-1 1-1 2-1 3-1 4-1") == [2, 2, 2, 2, 2])
        e.run("XGROUP DESTROY mystream mygroup")
        #expect(e.codes("XDELEX mystream ACKED IDS 5 0-1 1-1 2-1 3-1 4-1") == [1, 1, 1, 1, 1])
        #expect(e.integer("XLEN mystream") == 0)

        // A group that has not read up to an entry still needs it.
        let f = Engine()
        for j in 1...5 { f.run("XADD mystream \(j)-0 f\(j) v\(j)") }
        f.run("XGROUP CREATE mystream group1 1-0")
        f.run("XGROUP CREATE mystream group2 3-0")
        #expect(f.codes("XDELEX mystream ACKED IDS 1 1-0") == [1])
        #expect(f.codes("XDELEX mystream ACKED IDS 1 2-0") == [2])
        f.run("XGROUP DESTROY mystream group1")
        #expect(f.codes("XDELEX mystream ACKED IDS 1 2-0") == [1])
    }

    @Test("XDELEX KEEPREF and DELREF: -1 for a missing ID, DELREF clears dangling references")
    func xdelexKeepAndDelete() {
        let e = Engine()
        e.twoGroupsHoldingTwoEntries()
        #expect(e.codes("XDELEX mystream IDS 2 1-0 9-0") == [1, -1])
        #expect(e.pendingCount("mystream", "group1") == 2)
        #expect(e.codes("XDELEX mystream DELREF IDS 2 1-0 2-0") == [-1, 1])
        #expect(e.pendingCount("mystream", "group1") == 0)
        #expect(e.pendingCount("mystream", "group2") == 0)
        #expect(e.codes("XDELEX nokey IDS 1 1-0") == [-1])
        #expect(e.error("XDELEX mystream IDS 0 1-0") == "ERR Number of IDs must be a positive integer")
    }

    @Test("XGROUP CREATE and SETID cap ENTRIESREAD at entries-added (8.2); 8.0 keeps it")
    func entriesReadCapped() {
        for (dialect, expected) in [(RedisDialect.redis8, Int64(1)), (.redis8_0, 9999)] {
            let e = Engine(dialect)
            e.run("XADD mystream 1-0 field value")
            e.run("XGROUP CREATE mystream mygroup $ ENTRIESREAD 9999")
            e.run("XGROUP CREATE mystream other $")
            e.run("XGROUP SETID mystream other $ ENTRIESREAD 9999")
            guard case .array(let groups) = e.run("XINFO GROUPS mystream") else { Issue.record("XINFO"); continue }
            for g in groups {
                guard case .array(let f) = g, let i = f.firstIndex(of: .bulk("entries-read")) else { continue }
                #expect(f[i + 1] == .integer(expected), "\(dialect)")
            }
        }
    }

    @Test("the 7.0 and 8.0 dialects do not know XDELEX or XACKDEL")
    func olderDialectsDoNotKnowThem() {
        for dialect in [RedisDialect.redis7_0, .redis8_0] {
            let e = Engine(dialect)
            #expect(e.error("XDELEX s IDS 1 1-0")?.hasPrefix("ERR unknown command 'XDELEX'") == true)
            #expect(e.error("XACKDEL s g IDS 1 1-0")?.hasPrefix("ERR unknown command 'XACKDEL'") == true)
        }
    }
}

extension DialectEngine {
    /// The integers of an array reply (99 for anything else), nil if not an array.
    func codes(_ line: String) -> [Int64]? {
        guard case .array(let items) = run(line) else { return nil }
        return items.map { if case .integer(let v) = $0 { return v } else { return 99 } }
    }
    /// Two entries read by two groups, each by its own consumer.
    func twoGroupsHoldingTwoEntries() {
        run("DEL mystream")
        run("XADD mystream 1-0 f v")
        run("XADD mystream 2-0 f v")
        run("XGROUP CREATE mystream group1 0")
        run("XGROUP CREATE mystream group2 0")
        run("XREADGROUP GROUP group1 consumer1 STREAMS mystream >")
        run("XREADGROUP GROUP group2 consumer2 STREAMS mystream >")
    }
}
