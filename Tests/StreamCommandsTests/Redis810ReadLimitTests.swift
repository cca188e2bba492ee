import RESP
import StreamCommands
import StreamEngine
import Testing

/// XREAD and XREADGROUP's MAXCOUNT and MAXSIZE (Redis 8.10), which no live server here
/// has, written from the command pages: limits on the whole reply across its streams
/// (MAXCOUNT entries, MAXSIZE bytes of field names and values), COUNT still limiting
/// each stream, MAXCOUNT never below COUNT, and at least one entry always returned.
@Suite("Redis 8.10 MAXCOUNT and MAXSIZE, from Redis's documentation")
struct Redis810ReadLimitTests {
    /// Streams a and b with three entries each; every entry is 10 bytes (`f` + 9 bytes).
    func twoStreams(_ dialect: RedisDialect = .redis8) -> DialectEngine {
        let e = DialectEngine(dialect)
        for key in ["a", "b"] {
            for j in 1...3 { e.run("XADD \(key) \(j)-0 f \(key)-value-\(j)") }
        }
        return e
    }

    /// Per stream of a read reply: its key and the IDs it returned.
    func served(_ e: DialectEngine, _ line: String) -> [String: [String]] {
        guard case .array(let streams) = e.run(line) else { return [:] }
        var out: [String: [String]] = [:]
        for s in streams {
            guard case .array(let pair) = s, case .bulkString(let k) = pair[0], case .array(let rows) = pair[1] else { continue }
            out[String(decoding: k, as: UTF8.self)] = rows.compactMap { row in
                guard case .array(let f) = row, case .bulkString(let id) = f[0] else { return nil }
                return String(decoding: id, as: UTF8.self)
            }
        }
        return out
    }

    @Test("MAXCOUNT bounds the entries of the whole call; COUNT still bounds each stream")
    func maxCount() {
        let e = twoStreams()
        #expect(served(e, "XREAD MAXCOUNT 4 STREAMS a b 0 0") == ["a": ["1-0", "2-0", "3-0"], "b": ["1-0"]])
        #expect(served(e, "XREAD COUNT 2 MAXCOUNT 3 STREAMS a b 0 0") == ["a": ["1-0", "2-0"], "b": ["1-0"]])
        #expect(served(e, "XREAD MAXCOUNT 2 STREAMS a b 0 0") == ["a": ["1-0", "2-0"]])  // b has nothing left to get
        #expect(served(e, "XREAD MAXCOUNT 2 STREAMS a b + +") == ["a": ["3-0"], "b": ["3-0"]])
        #expect(served(e, "XREAD MAXCOUNT 1 STREAMS a b + +") == ["a": ["3-0"]])
        #expect(served(e, "XREAD MAXCOUNT 100 STREAMS a b 2-0 0") == ["a": ["3-0"], "b": ["1-0", "2-0", "3-0"]])
    }

    @Test("MAXSIZE bounds the bytes of field names and values, yet the first entry always comes")
    func maxSize() {
        let e = twoStreams()
        #expect(served(e, "XREAD MAXSIZE 25 STREAMS a b 0 0") == ["a": ["1-0", "2-0"]])
        #expect(served(e, "XREAD MAXSIZE 40 STREAMS a b 0 0") == ["a": ["1-0", "2-0", "3-0"], "b": ["1-0"]])
        #expect(served(e, "XREAD MAXSIZE 1 STREAMS a b 0 0") == ["a": ["1-0"]])
        #expect(served(e, "XREAD MAXSIZE 1 MAXCOUNT 5 STREAMS b a 2-0 0") == ["b": ["3-0"]])
        #expect(served(e, "XREAD COUNT 1 MAXSIZE 20 STREAMS a b 0 0") == ["a": ["1-0"], "b": ["1-0"]])
    }

    @Test("XREADGROUP delivers only what fits: the rest stays undelivered for the next read")
    func groupReadLeavesTheRest() {
        let e = twoStreams()
        e.run("XGROUP CREATE a g 0")
        e.run("XGROUP CREATE b g 0")
        #expect(served(e, "XREADGROUP GROUP g c MAXCOUNT 4 STREAMS a b > >") == ["a": ["1-0", "2-0", "3-0"], "b": ["1-0"]])
        #expect(e.pendingCount("b", "g") == 1)
        #expect(served(e, "XREADGROUP GROUP g c MAXSIZE 15 STREAMS a b > >") == ["b": ["2-0"]])
        #expect(served(e, "XREADGROUP GROUP g c STREAMS a b > >") == ["b": ["3-0"]])
        // History reads are limited the same way.
        #expect(served(e, "XREADGROUP GROUP g c MAXCOUNT 4 STREAMS a b 0 0") == ["a": ["1-0", "2-0", "3-0"], "b": ["1-0"]])
        #expect(e.invariants("a") == [] && e.invariants("b") == [])
    }

    @Test("with CLAIM, claimed entries count first, then new ones")
    func withClaim() {
        let e = twoStreams()
        e.run("XGROUP CREATE a g 0")
        e.run("XREADGROUP GROUP g c1 COUNT 2 STREAMS a >")
        e.wait(100)
        #expect(e.readIDs("XREADGROUP GROUP g c2 MAXCOUNT 1 CLAIM 50 STREAMS a >") == ["1-0"])
        #expect(e.readIDs("XREADGROUP GROUP g c2 MAXCOUNT 2 CLAIM 50 STREAMS a >") == ["2-0", "3-0"])
        #expect(e.pendingCount("a", "g") == 3)
        #expect(e.invariants("a") == [])
    }

    @Test("the limits' errors; the 7.0 and 8.0 dialects know neither word")
    func errors() {
        let e = twoStreams()
        #expect(e.error("XREAD COUNT 3 MAXCOUNT 2 STREAMS a 0") == "ERR MAXCOUNT must be greater than or equal to COUNT")
        #expect(e.error("XREAD MAXCOUNT 0 STREAMS a 0") == "ERR MAXCOUNT must be a positive integer")
        #expect(e.error("XREAD MAXSIZE -5 STREAMS a 0") == "ERR MAXSIZE must be a positive integer")
        #expect(e.error("XREAD MAXSIZE x STREAMS a 0") == "ERR value is not an integer or out of range")
        #expect(e.error("XREADGROUP GROUP g c MAXCOUNT STREAMS a >") == "ERR value is not an integer or out of range")  // as COUNT reads it
        for dialect in [RedisDialect.redis7_0, .redis8_0] {
            let old = twoStreams(dialect)
            #expect(old.error("XREAD MAXCOUNT 1 STREAMS a 0") == "ERR syntax error")
            #expect(old.error("XREAD MAXSIZE 10 STREAMS a 0") == "ERR syntax error")
        }
    }
}
