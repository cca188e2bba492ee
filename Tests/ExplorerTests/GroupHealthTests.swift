import Explorer
import StreamEngine
import Testing
import TerminalUI

/// The group health evaluator, fed samples with injected times, then the same rules
/// as the explorer shows them (column, detail view, trends) on a hand-moved clock.
@Suite("Group health")
struct GroupHealthTests {
    static let t = HealthThresholds(windowMs: 30_000, poisonDeliveries: 5)

    /// Samples one second apart from time 0 to `seconds`, built by `at`.
    static func samples(_ seconds: Int, _ at: (Int) -> GroupSample) -> [GroupSample] {
        (0...seconds).map { i in var s = at(i); s.atMs = UInt64(i) * 1000; return s }
    }

    static func sample(delivered: UInt64, lag: Int64?, pending: Int = 0, oldest: UInt64? = nil, last: UInt64,
                       poison: Int = 0) -> GroupSample {
        GroupSample(atMs: 0, lastDelivered: StreamID(ms: delivered, seq: 0), lag: lag, pending: pending,
                    oldestPending: oldest.map { StreamID(ms: $0, seq: 0) }, oldestIdleMs: oldest.map { _ in 1000 },
                    streamLast: StreamID(ms: last, seq: 0), poison: poison, maxDeliveries: poison > 0 ? 7 : 1)
    }

    @Test("a group that keeps up is OK; a lag of zero anywhere in the window is OK")
    func ok() {
        let s = Self.samples(40) { i in Self.sample(delivered: UInt64(100 + i), lag: Int64(i % 3), last: UInt64(100 + i)) }
        let r = GroupHealth.evaluate(s, nowMs: 40_000, Self.t)
        #expect(r.verdict == .ok)
        #expect(r.rule.contains("lag reached 0"))
        #expect(r.window.first?.atMs == 10_000 && r.window.last?.atMs == 40_000)
    }

    @Test("WARN when lag grows across the whole window and never falls; one fall is not WARN")
    func warn() {
        let growing = Self.samples(40) { i in Self.sample(delivered: UInt64(100 + i), lag: Int64(5 + i), last: UInt64(200 + 2 * i)) }
        let r = GroupHealth.evaluate(growing, nowMs: 40_000, Self.t)
        #expect(r.verdict == .warn)
        #expect(r.rule == "lag grew from 15 to 45 over 30s and never fell")
        var dipped = growing
        dipped[30].lag = 1
        #expect(GroupHealth.evaluate(dipped, nowMs: 40_000, Self.t).verdict == .ok)
    }

    @Test("STALL when consumers read on but the oldest pending entry stays the same for the window")
    func stall() {
        let s = Self.samples(40) { i in Self.sample(delivered: UInt64(100 + i), lag: 0, pending: 15, oldest: 7, last: UInt64(100 + i)) }
        let r = GroupHealth.evaluate(s, nowMs: 40_000, Self.t)
        #expect(r.verdict == .stall)
        #expect(r.rule == "consumers read on (last-delivered 110-0 → 140-0) but the oldest pending entry 7-0 stayed pending for 30s, idle 1s")
        // The oldest pending entry moved within the window: not a stall.
        var moved = s
        moved[39].oldestPending = StreamID(ms: 8, seq: 0)
        #expect(GroupHealth.evaluate(moved, nowMs: 40_000, Self.t).verdict == .ok)
    }

    @Test("STOP when nothing was read for the window while entries arrived; nothing arriving is quiet, OK")
    func stop() {
        let s = Self.samples(40) { i in Self.sample(delivered: 100, lag: Int64(i), last: UInt64(100 + i)) }
        let r = GroupHealth.evaluate(s, nowMs: 40_000, Self.t)
        #expect(r.verdict == .stop)
        #expect(r.rule == "nothing was read for 30s: last-delivered stayed at 100-0 while the stream grew to 140-0 (lag 40)")
        let quiet = Self.samples(40) { _ in Self.sample(delivered: 100, lag: 0, last: 100) }
        #expect(GroupHealth.evaluate(quiet, nowMs: 40_000, Self.t).verdict == .ok)
        // A read in the middle of the window is not a stop.
        var read = s
        for i in 25...40 { read[i].lastDelivered = StreamID(ms: 120, seq: 0) }
        #expect(GroupHealth.evaluate(read, nowMs: 40_000, Self.t).verdict != .stop)
    }

    @Test("ERR when pending entries reached the poison count, at once and above every other rule")
    func err() {
        let one = [Self.sample(delivered: 100, lag: 9, pending: 3, oldest: 7, last: 140, poison: 2)]
        let r = GroupHealth.evaluate(one, nowMs: 0, Self.t)
        #expect(r.verdict == .err)
        #expect(r.rule.hasPrefix("2 pending entries were delivered 5 times or more (most: 7)"))
        let g = GroupSummary(name: "g", consumers: 1, pending: 3, lastDeliveredID: .zero, entriesRead: 0, lag: 0, oldestPending: nil,
                             oldestIdleMs: nil, oldestDeliveries: [5, 4, 9])
        let sample = GroupSample(g, atMs: 0, streamLast: nil, poisonDeliveries: 5)
        #expect(sample.poison == 2 && sample.maxDeliveries == 9)
    }

    @Test("until samples cover the window without a gap the verdict waits; a gap restarts it")
    func warming() {
        let young = Self.samples(20) { i in Self.sample(delivered: 100, lag: Int64(i), last: UInt64(100 + i)) }
        let r = GroupHealth.evaluate(young, nowMs: 20_000, Self.t)
        #expect(r.verdict == .warming)
        #expect(r.rule.hasPrefix("sampling: 20s of the 30s window"))
        var gap = Self.samples(40) { i in Self.sample(delivered: 100, lag: Int64(i), last: UInt64(100 + i)) }
        gap.removeSubrange(15...30)  // 16 s without a sample, over the 7.5 s allowed
        #expect(GroupHealth.evaluate(gap, nowMs: 40_000, Self.t).verdict == .warming)
        // The newest sample too old for now: not watching any more.
        let full = Self.samples(40) { i in Self.sample(delivered: 100, lag: Int64(i), last: UInt64(100 + i)) }
        #expect(GroupHealth.evaluate(full, nowMs: 60_000, Self.t).verdict == .warming)
    }

    @Test("the history keeps every sample of the window and thins older ones past its limit; series span the session")
    func historyAndSeries() {
        var s = (0..<1500).map { i in GroupSample(atMs: UInt64(i) * 1000, lastDelivered: .zero, lag: Int64(i), pending: i,
                                                  oldestPending: nil, oldestIdleMs: nil, streamLast: nil) }
        GroupHistory.thin(&s, keepingAfter: 1_469_000)
        #expect(s.count <= GroupHistory.limit)
        #expect(s.first?.atMs == 0)
        #expect(s.suffix(31).map(\.atMs) == (1469...1499).map { UInt64($0) * 1000 })
        let series = GroupHistory.series(s, width: 10) { $0.pending }
        #expect(series.count == 10)
        #expect(series == series.sorted() && series.last == 1499)
        #expect(GroupHistory.series(Array(s.prefix(3)), width: 10) { $0.pending } == [0, 2, 4])
    }

    // MARK: In the explorer

    /// The harness's stream with a second passing `n` times: each second `work` runs,
    /// the clock moves and the explorer ticks (a refresh, a sample).
    static func run(_ h: Harness, seconds n: Int, _ work: (Int) -> Void) {
        for i in 0..<n {
            work(i)
            h.clock.advance(by: 1000)
            h.app.tick()
        }
    }

    @Test("the groups pane shows STOP and STALL as words in a health column; i explains the rule and its samples")
    func inTheExplorer() {
        let h = Harness(width: 120, height: 40)
        // Entries arrive each second; billing's `alive` reads each new one, `dead` holds its four.
        Self.run(h, seconds: 35) { i in
            _ = h.reply("XADD", "orders", "*", "item", "new\(i)")
            _ = h.reply("XREADGROUP", "GROUP", "billing", "alive", "COUNT", "1", "STREAMS", "orders", ">")
        }
        let lines = h.screen
        #expect(lines.contains { $0.contains("health") && $0.contains("group") })
        let billing = lines.first { $0.hasPrefix("│ billing") }
        let shipping = lines.first { $0.hasPrefix("│ shipping") }
        #expect(billing?.contains(" STALL") == true, "\(billing ?? "no row")")
        #expect(shipping?.contains(" STOP") == true, "\(shipping ?? "no row")")
        h.press(.char("3"), .char("i"))
        guard case .text(let title, let detail, _)? = h.app.state.modal else {
            Issue.record("no detail view")
            return
        }
        #expect(title == "group billing")
        #expect(detail.contains { $0.hasPrefix("health: STALL: consumers read on") })
        #expect(detail.contains { $0.hasPrefix("samples behind the verdict (31, oldest first") })
        // billing's lag holds at 6 (alive reads one a second as one arrives).
        #expect(detail.contains { $0.hasPrefix("  lag ") && $0.hasSuffix("now 6, min 6, max 6") }, "\(detail)")
        // The thresholds are the user's: a window longer than the session waits.
        h.press(.escape)
        h.app.configure(healthWindowMs: 120_000)
        Self.run(h, seconds: 1) { _ in }
        #expect(h.app.state.healthReport("billing")?.verdict == .warming)
    }

    @Test("ERR on a poison entry shows at once; under NO_COLOR the row is still bold and says ERR")
    func errAtOnce() {
        let h = Harness()
        for _ in 0..<5 { _ = h.reply("XCLAIM", "orders", "billing", "dead", "0", "1799999942000-0") }
        Self.run(h, seconds: 1) { _ in }
        h.press(.char("3"), .char("j"))  // shipping selected, so billing's row is drawn in its own style
        let buf = h.app.render()
        let lines = buf.lines()
        guard let y = lines.firstIndex(where: { $0.hasPrefix("│ billing") }) else {
            Issue.record("no billing row")
            return
        }
        #expect(lines[y].contains(" ERR"))
        let x = lines[y].distance(from: lines[y].startIndex, to: lines[y].range(of: "ERR")!.lowerBound)
        #expect(buf[x, y].style.bold)
    }

    @Test("w turns the groups table into trends: lag, pending and oldest idle sparklines with their latest values")
    func trends() {
        let h = Harness()
        Self.run(h, seconds: 10) { i in _ = h.reply("XADD", "orders", "*", "item", "new\(i)") }
        h.press(.char("3"), .char("w"))
        let lines = h.screen
        #expect(lines.contains { $0.contains("3 Groups · trends (w: numbers)") })
        #expect(lines.contains { $0.contains(" lag ") && $0.contains(" pending ") && $0.contains(" oldest idle") })
        // billing's lag grew by one a second (nobody reads): 6 to 16.
        let billing = lines.first { $0.hasPrefix("│ billing") } ?? ""
        #expect(billing.contains("▄▅▆▇█ 16") && billing.contains(" 4 ") && billing.contains(" 1m10s"), "\(lines.joined(separator: "\n"))")
        h.press(.char("w"))
        #expect(!h.screen.contains { $0.contains("trends (w: numbers)") })
        // A pane wide enough (the focused pane alone at 80×24) shows trends beside the numbers.
        let wide = Harness(width: 80, height: 24)
        Self.run(wide, seconds: 3) { i in _ = wide.reply("XADD", "orders", "*", "item", "new\(i)") }
        wide.press(.char("3"))
        #expect(wide.screen.contains { $0.contains("behind") && $0.contains("lag trend") && $0.contains("idle trend") })
    }
}
