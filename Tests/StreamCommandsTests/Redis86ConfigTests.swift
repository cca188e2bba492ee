import RESP
import StreamCommands
import StreamEngine
import Testing

/// CONFIG's `stream-idmp-duration` and `stream-idmp-maxsize` (Redis 8.6), which no live
/// server here has: the ranges and answers of Redis's own test ("CONFIG SET
/// stream-idmp-duration and stream-idmp-maxsize validation") and the XINFO test that
/// reads a stream's defaults from CONFIG GET, with Redis's usual texts for an integer
/// parameter. Redis's tests do not say when a stream takes them; here it is when the
/// stream is made, so a stream made before a change keeps what it had.
@Suite("Redis 8.6 CONFIG stream-idmp-*, from Redis's tests")
struct Redis86ConfigTests {
    static func failure(_ name: String, _ range: String) -> String {
        "ERR CONFIG SET failed (possibly related to argument '\(name)') - argument must be between \(range) inclusive"
    }

    @Test("out-of-range and unparsable values are refused with Redis's texts; the bounds themselves are taken")
    func validation() {
        let e = DialectEngine()
        #expect(e.run("CONFIG GET stream-idmp-*") == .map([(.bulk("stream-idmp-duration"), .bulk("100")), (.bulk("stream-idmp-maxsize"), .bulk("100"))]))
        for v in ["86401", "100000", "0", "-1", "-100"] {
            #expect(e.error("CONFIG SET stream-idmp-duration \(v)") == Self.failure("stream-idmp-duration", "1 and 86400"))
        }
        for v in ["10001", "50000", "0", "-1", "-100"] {
            #expect(e.error("CONFIG SET stream-idmp-maxsize \(v)") == Self.failure("stream-idmp-maxsize", "1 and 10000"))
        }
        #expect(e.error("CONFIG SET stream-idmp-maxsize ten")
                == "ERR CONFIG SET failed (possibly related to argument 'stream-idmp-maxsize') - argument couldn't be parsed into an integer")
        for (name, value) in [("stream-idmp-duration", "86400"), ("stream-idmp-maxsize", "10000"),
                              ("stream-idmp-duration", "1"), ("stream-idmp-maxsize", "1")] {
            #expect(e.text("CONFIG SET \(name) \(value)") == "OK")
            #expect(e.run("CONFIG GET \(name)") == .map([(.bulk(name), .bulk(value))]))
        }
        // All or nothing: a bad second pair leaves the first unapplied.
        #expect(e.error("CONFIG SET stream-idmp-duration 50 stream-idmp-maxsize 0") != nil)
        #expect(e.run("CONFIG GET stream-idmp-duration") == .map([(.bulk("stream-idmp-duration"), .bulk("1"))]))
    }

    @Test("a stream made after CONFIG SET starts with its limits, and they act; one made before keeps Redis's defaults")
    func newStreamsTakeThem() {
        let e = DialectEngine()
        _ = e.run("XADD before IDMP p1 req-1 * f v")
        #expect(e.text("CONFIG SET stream-idmp-duration 300 stream-idmp-maxsize 2") == "OK")
        _ = e.run("XADD after * f v")
        #expect(e.intField("idmp-duration", of: "XINFO STREAM after") == 300)
        #expect(e.intField("idmp-maxsize", of: "XINFO STREAM after") == 2)
        #expect(e.intField("idmp-duration", of: "XINFO STREAM before") == 100)
        #expect(e.intField("idmp-maxsize", of: "XINFO STREAM before") == 100)
        // At most 2 IDs per producer: the third evicts the first.
        let first = e.text("XADD fresh IDMP p1 a * f v")
        _ = e.run("XADD fresh IDMP p1 b * f v")
        _ = e.run("XADD fresh IDMP p1 c * f v")
        #expect(e.text("XADD fresh IDMP p1 a * f v") != first)
        #expect(e.integer("XLEN fresh") == 4)
        // And for 300 s, not 100.
        let kept = e.text("XADD long IDMP p1 x * f v")
        e.wait(200_000)
        #expect(e.text("XADD long IDMP p1 x * f v") == kept)
    }

    @Test("the 7.0 and 8.0 dialects have no such parameters")
    func olderDialects() {
        for dialect in [RedisDialect.redis7_0, .redis8_0] {
            let e = DialectEngine(dialect)
            #expect(e.run("CONFIG GET stream-idmp-*") == .map([]))
            #expect(e.error("CONFIG SET stream-idmp-duration 300") == "ERR Unknown option or number of arguments for CONFIG SET - 'stream-idmp-duration'")
        }
    }
}
