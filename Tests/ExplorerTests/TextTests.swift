import Explorer
import RESP
import StreamEngine
import Testing

@Suite("Text on screen")
struct TextTests {
    @Test("binary values are escaped so nothing can reach the terminal raw")
    func binarySafe() {
        #expect(BinaryText.display(Array("plain".utf8)) == "plain")
        #expect(BinaryText.display([0x1B, 0x5B, 0x32, 0x4A]) == "\\x1b[2J")
        #expect(BinaryText.display([0xFF, 0x41]) == "\\xffA")
        #expect(BinaryText.display(Array("日本\n".utf8)) == "日本\\n")
        #expect(BinaryText.display([0xC2, 0x9B]) == "\\xc2\\x9b")  // C1 control in UTF-8
    }

    @Test("jump targets: IDs, ISO times, relative times")
    func jumpParsing() {
        let now: UInt64 = 1_800_000_000_000
        #expect(TimeText.parseJump("1700000000000-5", nowMs: now, utc: true) == StreamID(ms: 1_700_000_000_000, seq: 5))
        #expect(TimeText.parseJump("-5m", nowMs: now, utc: true) == StreamID(ms: now - 300_000, seq: 0))
        #expect(TimeText.parseJump("2027-01-15T08:00:00Z", nowMs: now, utc: false) == StreamID(ms: 1_800_000_000_000, seq: 0))
        #expect(TimeText.parseJump("2027-01-15 08:00:00.250", nowMs: now, utc: true) == StreamID(ms: 1_800_000_000_250, seq: 0))
        #expect(TimeText.parseJump("soon", nowMs: now, utc: true) == nil)
        #expect(TimeText.parseJump("2027-13-01", nowMs: now, utc: true) == nil)
    }

    @Test("durations read and print as people write them")
    func durations() {
        #expect(TimeText.parseDuration("30s") == 30_000)
        #expect(TimeText.parseDuration("2h") == 7_200_000)
        #expect(TimeText.parseDuration("250") == 250)
        #expect(TimeText.duration(65_000) == "1m05s")
        #expect(TimeText.duration(999) == "999ms")
    }

    @Test("durations too large for Redis's 64-bit milliseconds are refused, not a crash")
    func hugeDurations() {
        #expect(TimeText.parseDuration("999999999999999999d") == nil)
        #expect(TimeText.parseDuration("18446744073709551615") == nil)
        #expect(TimeText.parseDuration("9223372036854775807") == 9_223_372_036_854_775_807)
        #expect(TimeText.parseDuration("106751991167d") == 9_223_372_036_828_800_000)
        #expect(TimeText.parseDuration("106751991168d") == nil)
    }

    @Test("histogram counts from node metadata add up to the stream's length")
    func histogramFromNodes() throws {
        let source = EmbeddedSource(clock: ManualClock())
        for i in 0..<1000 { _ = try source.execute(["XADD", "s", "\(1000 + i * 7)-0", "f", "v"]) }
        let counts = try source.histogram(Array("s".utf8), fromMs: 1000, toMs: 1000 + 7000, buckets: 20)
        #expect(counts.count == 20)
        #expect(counts.reduce(0, +) == 1000)  // exact: straddling nodes are decoded
        #expect(Set(counts).count <= 2)   // evenly spaced entries fill buckets evenly
        #expect(try source.count(Array("s".utf8), from: StreamID(ms: 1000, seq: 0), to: StreamID(ms: 1700, seq: 0)) == 101)
    }
}
