import RESP
import StreamCommands
import StreamEngine
import Testing

/// Idempotent XADD (`IDMP`, `IDMPAUTO`), XCFGSET and XINFO STREAM's idempotency figures
/// (Redis 8.6), which no live server here has: the cases of Redis's own tests
/// (`tests/unit/type/stream.tcl`, "XADD IDMP …", "XADD IDMPAUTO …", "XCFGSET …",
/// "XINFO STREAM … iids …"), with the engine's clock moved instead of sleeping.
@Suite("Redis 8.6 idempotent adds, from Redis's tests")
struct Redis86IdempotencyTests {
    @Test("IDMP and IDMPAUTO refuse what Redis refuses, with its messages")
    func syntaxErrors() {
        let e = DialectEngine()
        #expect(e.error("XADD mystream IDMP p1 * f v") == "ERR Invalid stream ID specified as stream command argument")
        #expect(e.error("XADD mystream IDMP p1 iid1 1-1 f v") == "ERR IDMP/IDMPAUTO can be used only with auto-generated IDs")
        #expect(e.error("XADD mystream IDMPAUTO p1 1-1 f v") == "ERR IDMP/IDMPAUTO can be used only with auto-generated IDs")
        #expect(e.error("XADD mystream IDMP p1 iid1 IDMP p2 iid2 * f v") == "ERR IDMP/IDMPAUTO specified multiple times")
        #expect(e.error("XADD mystream IDMPAUTO p1 IDMP p2 iid2 * f v") == "ERR IDMP/IDMPAUTO specified multiple times")
        #expect(e.error("XADD mystream IDMPAUTO p1 IDMPAUTO p2 * f v") == "ERR IDMP/IDMPAUTO specified multiple times")
        #expect(e.error("XADD mystream IDMP p1 iid1 IDMPAUTO p2 * f v") == "ERR IDMP/IDMPAUTO specified multiple times")
        let empty: [UInt8] = []
        #expect(e.run([Array("XADD".utf8), Array("mystream".utf8), Array("IDMP".utf8), empty, Array("i".utf8), [42], [102], [118]])
                == .error("ERR IDMP requires a non-empty producer ID"))
        #expect(e.run([Array("XADD".utf8), Array("mystream".utf8), Array("IDMP".utf8), Array("p".utf8), empty, [42], [102], [118]])
                == .error("ERR IDMP requires a non-empty idempotent ID"))
        #expect(e.run([Array("XADD".utf8), Array("mystream".utf8), Array("IDMPAUTO".utf8), empty, [42], [102], [118]])
                == .error("ERR IDMPAUTO requires a non-empty producer ID"))
        #expect(e.integer("EXISTS mystream") == 0)
    }

    @Test("a repeated IDMP add answers the first ID and keeps the first entry's fields")
    func duplicateAnswersFirstID() {
        let e = DialectEngine()
        let first = e.text("XADD mystream IDMP p1 payment-abc * amount 100 currency USD")
        e.wait(5)
        #expect(e.text("XADD mystream IDMP p1 payment-abc * amount 200 currency EUR") == first)
        #expect(e.integer("XLEN mystream") == 1)
        guard case .array(let rows) = e.run("XRANGE mystream - +"), case .array(let row)? = rows.first else { Issue.record("XRANGE"); return }
        #expect(row[1] == .array(["amount", "100", "currency", "USD"].map { .bulk($0) }))
        // Other IDs add; other producers have their own IDs.
        #expect(e.text("XADD mystream IDMP p1 payment-xyz * amount 1") != first)
        #expect(e.text("XADD mystream IDMP p2 payment-abc * amount 1") != first)
        #expect(e.integer("XLEN mystream") == 3)
        #expect(e.intField("pids-tracked", of: "XINFO STREAM mystream") == 2)
    }

    @Test("a duplicate neither adds nor trims, with every other option beside it, in any order")
    func duplicatesWithOtherOptions() {
        let e = DialectEngine()
        let id1 = e.text("XADD mystream IDMP p1 req-1 KEEPREF MAXLEN ~ 1000 LIMIT 10 * field1 value1 field2 value2")
        #expect(e.text("XADD mystream IDMP p1 req-1 KEEPREF MAXLEN ~ 1000 LIMIT 10 * field3 value3") == id1)
        #expect(e.text("XADD mystream MAXLEN ~ 100 IDMP p1 req-2 * f v") != nil)
        #expect(e.text("XADD mystream NOMKSTREAM IDMP p1 req-3 MAXLEN ~ 100 * f v") != nil)
        #expect(e.text("XADD mystream IDMPAUTO p1 KEEPREF * f x") != nil)
        #expect(e.integer("XLEN mystream") == 4)
        // MAXLEN 0 on a repeat does not empty the stream: nothing runs but the answer.
        #expect(e.text("XADD mystream IDMP p1 req-2 MAXLEN 0 * f v") != nil)
        #expect(e.integer("XLEN mystream") == 4)
        // NOMKSTREAM on a missing key answers nil and remembers nothing.
        #expect(e.run("XADD other NOMKSTREAM IDMP p1 req-1 * f v") == .nullBulk)
        #expect(e.integer("EXISTS other") == 0)
    }

    @Test("idempotent IDs are binary-safe, any length")
    func binarySafe() {
        let e = DialectEngine()
        let add: ([UInt8], [UInt8]) -> RESPValue = { pid, iid in
            e.run([Array("XADD".utf8), Array("s".utf8), Array("IDMP".utf8), pid, iid, [42], [102], [118]])
        }
        let a = add([0, 1, 2], [0, 1, 2, 255])
        #expect(add([0, 1, 2], [0, 1, 2, 255]) == a)
        #expect(add([0, 1, 3], [0, 1, 2, 255]) != a)
        let long = [UInt8](repeating: 120, count: 65_536)
        let b = add([1], long)
        #expect(add([1], long) == b)
        #expect(e.integer("XLEN s") == 3)
    }

    @Test("IDMPAUTO derives the ID from the field/value pairs, in any order")
    func automaticIDs() {
        let e = DialectEngine()
        let id1 = e.text("XADD s IDMPAUTO p1 * field1 a field2 b field3 c")
        #expect(e.text("XADD s IDMPAUTO p1 * field2 b field3 c field1 a") == id1)
        #expect(e.text("XADD s IDMPAUTO p1 * field3 c field1 x field2 b") != id1)
        #expect(e.text("XADD s IDMPAUTO p1 * field1 value") != e.text("XADD s IDMPAUTO p1 * field2 value"))
        #expect(e.text("XADD s IDMPAUTO p2 * field1 a field2 b field3 c") != id1)
        let emptyValue = e.run([Array("XADD".utf8), Array("s".utf8), Array("IDMPAUTO".utf8), Array("p1".utf8), [42], [102], []])
        #expect(e.run([Array("XADD".utf8), Array("s".utf8), Array("IDMPAUTO".utf8), Array("p1".utf8), [42], [102], []]) == emptyValue)
        // Splitting the same bytes differently is a different entry.
        #expect(e.text("XADD s IDMPAUTO p1 * ab c") != e.text("XADD s IDMPAUTO p1 * a bc"))
        #expect(e.intField("iids-duplicates", of: "XINFO STREAM s") == 2)
    }

    @Test("an idempotent ID is forgotten IDMP-DURATION seconds after it was added, by the engine's clock")
    func expiryFollowsTheClock() {
        let e = DialectEngine()
        let id1 = e.text("XADD s IDMP p1 req-1 * f v")
        e.run("XCFGSET s IDMP-DURATION 1")  // a changed limit forgets: add again
        let id2 = e.text("XADD s IDMP p1 req-1 * f v")
        #expect(id2 != id1)
        e.wait(999)
        #expect(e.text("XADD s IDMP p1 req-1 * f v") == id2)
        #expect(e.intField("iids-tracked", of: "XINFO STREAM s") == 1)
        e.wait(1)
        #expect(e.intField("iids-tracked", of: "XINFO STREAM s") == 0)
        #expect(e.intField("pids-tracked", of: "XINFO STREAM s") == 0)
        let id3 = e.text("XADD s IDMP p1 req-1 * f v")
        #expect(id3 != id2)
        #expect(e.integer("XLEN s") == 3)
    }

    @Test("IDMP-MAXSIZE keeps each producer's newest IDs (Redis's eviction and wraparound cases)")
    func maxSizeEvictsOldest() {
        let e = DialectEngine()
        e.run("XADD mystream IDMP p1 init * field init")
        e.run("XCFGSET mystream IDMP-MAXSIZE 3 IDMP-DURATION 60")
        let id1 = e.text("XADD mystream IDMP p1 req-1 * field v1")
        let id2 = e.text("XADD mystream IDMP p1 req-2 * field v2")
        let id3 = e.text("XADD mystream IDMP p1 req-3 * field v3")
        #expect(e.text("XADD mystream IDMP p1 req-1 * field dup") == id1)
        #expect(e.text("XADD mystream IDMP p1 req-2 * field dup") == id2)
        // Another producer has its own three.
        let q1 = e.text("XADD mystream IDMP p2 req-1 * field w1")
        e.run("XADD mystream IDMP p2 req-2 * field w2")
        e.run("XADD mystream IDMP p2 req-3 * field w3")
        #expect(e.text("XADD mystream IDMP p1 req-3 * field dup") == id3)
        #expect(e.text("XADD mystream IDMP p2 req-1 * field dup") == q1)
        e.run("XADD mystream IDMP p1 req-4 * field v4")  // evicts req-1
        #expect(e.text("XADD mystream IDMP p1 req-1 * field new") != id1)  // evicts req-2
        #expect(e.text("XADD mystream IDMP p1 req-3 * field dup2") == id3)
        #expect(e.integer("XLEN mystream") == 9)

        let w = DialectEngine()
        w.run("XADD mystream IDMP p1 init * field init")
        w.run("XCFGSET mystream IDMP-MAXSIZE 8 IDMP-DURATION 60")
        var ids: [String?] = []
        for i in 1...100 { ids.append(w.text("XADD mystream IDMP p1 req-\(i) * field v\(i)")) }
        for i in 93...100 { #expect(w.text("XADD mystream IDMP p1 req-\(i) * field dup") == ids[i - 1]) }
        for i in 1...92 { #expect(w.text("XADD mystream IDMP p1 req-\(i) * field new") != ids[i - 1]) }
        #expect(w.integer("XLEN mystream") == 193)
    }

    @Test("XCFGSET checks its arguments as Redis's tests expect, changing nothing on an error")
    func xcfgsetArguments() {
        let e = DialectEngine()
        #expect(e.error("XCFGSET mystream IDMP-DURATION 5") == "ERR no such key")
        e.run("XADD mystream IDMP p1 req-1 * field value")
        #expect(e.error("XCFGSET mystream") == "ERR At least one parameter must be specified")
        #expect(e.error("XCFGSET mystream IDMP-DURATION") == "ERR syntax error")
        #expect(e.error("XCFGSET mystream IDMP-MAXSIZE") == "ERR syntax error")
        #expect(e.error("XCFGSET mystream INVALID") == "ERR syntax error")
        for bad in ["A", "*", "-", "+", "120-5", "3.14", "000000000", "IDMP-DURATION"] {
            #expect(e.error("XCFGSET mystream IDMP-DURATION \(bad)") == "ERR value is not an integer or out of range")
            #expect(e.error("XCFGSET mystream IDMP-MAXSIZE \(bad)") == "ERR value is not an integer or out of range")
        }
        #expect(e.error("XCFGSET mystream IDMP-DURATION INVALID IDMP-MAXSIZE") == "ERR value is not an integer or out of range")
        #expect(e.text("XCFGSET mystream IDMP-DURATION 86400") == "OK")
        for bad in ["0", "-100", "86401"] {
            #expect(e.error("XCFGSET mystream IDMP-DURATION \(bad)") == "ERR IDMP-DURATION must be between 1 and 86400")
        }
        for bad in ["0", "-50", "10001"] {
            #expect(e.error("XCFGSET mystream IDMP-MAXSIZE \(bad)") == "ERR IDMP-MAXSIZE must be between 1 and 10000")
        }
        // A bad second value leaves the good first one unapplied.
        #expect(e.error("XCFGSET mystream IDMP-MAXSIZE 5 IDMP-DURATION 0") != nil)
        #expect(e.intField("idmp-duration", of: "XINFO STREAM mystream") == 86400)
        #expect(e.intField("idmp-maxsize", of: "XINFO STREAM mystream") == 100)
        e.run("SET str v")
        #expect(e.error("XCFGSET str IDMP-DURATION 5")?.hasPrefix("WRONGTYPE") == true)
    }

    @Test("XCFGSET forgets remembered IDs only when a limit changes; the lifetime counters stay")
    func xcfgsetClearsOnChange() {
        let e = DialectEngine()
        let id1 = e.text("XADD mystream IDMP p1 req-1 * field value1")
        e.run("XADD mystream IDMP p1 req-2 * field value2")
        e.run("XADD mystream IDMP p1 req-3 * field value3")
        e.run("XADD mystream IDMP p1 req-1 * field dup")
        e.run("XADD mystream IDMP p2 req-2 * field other")
        #expect(e.text("XCFGSET mystream IDMP-DURATION 100 IDMP-MAXSIZE 100") == "OK")  // the defaults: nothing changes
        #expect(e.text("XADD mystream IDMP p1 req-1 * field dup2") == id1)
        #expect(e.intField("iids-tracked", of: "XINFO STREAM mystream") == 4)
        #expect(e.intField("iids-added", of: "XINFO STREAM mystream") == 4)
        #expect(e.intField("iids-duplicates", of: "XINFO STREAM mystream") == 2)
        e.run("XCFGSET mystream IDMP-DURATION 60")
        #expect(e.intField("pids-tracked", of: "XINFO STREAM mystream") == 0)
        #expect(e.intField("iids-tracked", of: "XINFO STREAM mystream") == 0)
        #expect(e.intField("iids-added", of: "XINFO STREAM mystream") == 4)
        #expect(e.intField("iids-duplicates", of: "XINFO STREAM mystream") == 2)
        #expect(e.text("XADD mystream IDMP p1 req-1 * field new") != id1)
        #expect(e.intField("iids-added", of: "XINFO STREAM mystream") == 5)
        #expect(e.integer("XLEN mystream") == 5)
    }

    @Test("XINFO STREAM reports the six figures in both forms, with Redis's defaults, and only in the newest dialect")
    func xinfoFields() {
        let e = DialectEngine()
        e.run("XADD mystream * field value")
        let names = ["idmp-duration", "idmp-maxsize", "pids-tracked", "iids-tracked", "iids-added", "iids-duplicates"]
        for line in ["XINFO STREAM mystream", "XINFO STREAM mystream FULL"] {
            #expect(names.map { e.intField($0, of: line) } == [100, 100, 0, 0, 0, 0])
        }
        e.run("XADD mystream IDMP p1 req-1 * f v")
        e.run("XADD mystream IDMP p1 req-1 * f v")
        e.run("XCFGSET mystream IDMP-DURATION 300 IDMP-MAXSIZE 50")
        e.run("XADD mystream IDMP p2 req-1 * f v")
        for line in ["XINFO STREAM mystream", "XINFO STREAM mystream FULL"] {
            #expect(names.map { e.intField($0, of: line) } == [300, 50, 1, 1, 2, 1])
        }
        // They sit right after recorded-first-entry-id.
        guard case .map(let f) = e.run("XINFO STREAM mystream") else { Issue.record("XINFO"); return }
        #expect(f[7].0 == .bulk("idmp-duration"))
        #expect(f[6].0 == .bulk("recorded-first-entry-id"))
        let old = DialectEngine(.redis8_0)
        old.run("XADD mystream * field value")
        #expect(old.field("idmp-duration", of: "XINFO STREAM mystream") == nil)
    }

    @Test("the 7.0 and 8.0 dialects read IDMP as an ID and do not know XCFGSET, as their servers do")
    func olderDialects() {
        for dialect in [RedisDialect.redis7_0, .redis8_0] {
            let e = DialectEngine(dialect)
            e.run("XADD s 1-0 f v")
            #expect(e.error("XADD s IDMP p i * f v") == "ERR Invalid stream ID specified as stream command argument")
            #expect(e.error("XADD s IDMPAUTO p * f v") == "ERR Invalid stream ID specified as stream command argument")
            #expect(e.error("XCFGSET s IDMP-DURATION 5")?.hasPrefix("ERR unknown command 'XCFGSET'") == true)
        }
    }
}
