import StreamEngine

/// One reading of a consumer group, taken when a refresh loaded its stream's groups:
/// what the health evaluator and the groups pane's trends are made from.
public struct GroupSample: Equatable, Sendable {
    /// The source's clock when the groups were read.
    public var atMs: UInt64
    public var lastDelivered: StreamID
    /// nil when the source cannot tell (Redis after an XDEL inside the backlog).
    public var lag: Int64?
    public var pending: Int
    public var oldestPending: StreamID?
    public var oldestIdleMs: UInt64?
    /// The stream's newest entry then: it moving means entries arrive.
    public var streamLast: StreamID?
    /// Of the group's oldest pending entries read (`GroupSummary.oldestDeliveries`),
    /// those delivered at least the poison count, and the most deliveries among them.
    public var poison: Int
    public var maxDeliveries: UInt64

    public init(atMs: UInt64, lastDelivered: StreamID, lag: Int64?, pending: Int, oldestPending: StreamID?,
                oldestIdleMs: UInt64?, streamLast: StreamID?, poison: Int = 0, maxDeliveries: UInt64 = 0) {
        self.atMs = atMs
        self.lastDelivered = lastDelivered
        self.lag = lag
        self.pending = pending
        self.oldestPending = oldestPending
        self.oldestIdleMs = oldestIdleMs
        self.streamLast = streamLast
        self.poison = poison
        self.maxDeliveries = maxDeliveries
    }

    /// A group as a refresh read it, at `atMs`, with the stream's newest entry.
    public init(_ g: GroupSummary, atMs: UInt64, streamLast: StreamID?, poisonDeliveries: UInt64) {
        self.init(atMs: atMs, lastDelivered: g.lastDeliveredID, lag: g.lag, pending: g.pending, oldestPending: g.oldestPending,
                  oldestIdleMs: g.oldestIdleMs, streamLast: streamLast,
                  poison: g.oldestDeliveries.filter { $0 >= poisonDeliveries }.count,
                  maxDeliveries: g.oldestDeliveries.max() ?? 0)
    }
}

/// A group's verdict, worst last.
public enum HealthVerdict: Int, Comparable, Sendable, CaseIterable {
    /// Not enough samples yet to cover the window.
    case warming
    case ok
    /// Lag grew across the whole window.
    case warn
    /// Consumers read, but the oldest pending entry did not move for the whole window.
    case stall
    /// Nothing was read for the whole window while entries arrived.
    case stop
    /// Pending entries delivered at least the poison count.
    case err

    public static func < (a: HealthVerdict, b: HealthVerdict) -> Bool { a.rawValue < b.rawValue }

    /// As the groups pane's column shows it: a word, so that it needs no colour.
    public var word: String {
        switch self {
        case .warming: return "…"
        case .ok: return "OK"
        case .warn: return "WARN"
        case .stall: return "STALL"
        case .stop: return "STOP"
        case .err: return "ERR"
        }
    }
}

/// The evaluator's settings: the window the rules look across, the largest gap between
/// samples that still counts as watching, and the poison delivery count.
public struct HealthThresholds: Equatable, Sendable {
    public var windowMs: UInt64
    /// Samples further apart than this leave a hole: the window is not covered.
    public var maxGapMs: UInt64
    public var poisonDeliveries: UInt64

    public init(windowMs: UInt64 = 30_000, maxGapMs: UInt64? = nil, poisonDeliveries: UInt64 = 5) {
        self.windowMs = windowMs
        self.maxGapMs = maxGapMs ?? max(5_000, windowMs / 4)
        self.poisonDeliveries = poisonDeliveries
    }
}

/// A verdict with the rule that gave it and the samples it looked at.
public struct HealthReport: Equatable, Sendable {
    public var verdict: HealthVerdict
    /// The rule that fired, in words with the numbers behind it.
    public var rule: String
    /// The samples across the window (oldest first): the first one at or before the
    /// window's start, then every one after it.
    public var window: [GroupSample]

    public init(verdict: HealthVerdict, rule: String, window: [GroupSample]) {
        self.verdict = verdict
        self.rule = rule
        self.window = window
    }
}

/// Group health in the manner of LinkedIn Burrow's evaluator, adapted to Redis consumer
/// groups: the group's samples over a sliding window give one verdict, checked worst
/// first.
///
/// - ERR: among the oldest pending entries read, some were delivered at least the
///   poison count (judged on the newest sample; no window needed).
/// - STOP: the last-delivered ID did not move across the whole window while the stream's
///   newest entry did (entries arrive, nobody reads them).
/// - STALL: the last-delivered ID moved (consumers read new entries) but the oldest
///   pending entry stayed the same one across the whole window.
/// - WARN: the lag was known, above zero and never fell across the window, and ended
///   higher than it began.
/// - OK: none of these. A lag of zero anywhere in the window is OK, as in Burrow.
///
/// The window is covered when a sample lies at or before its start and no two samples
/// are further apart than `maxGapMs`; until then the verdict is `warming` (ERR aside).
public enum GroupHealth {
    /// The samples that cover `[now - windowMs, now]`: the newest one at or before the
    /// window's start, and all after it; nil when they do not cover it.
    /// - Complexity: O(samples)
    public static func window(_ samples: [GroupSample], nowMs: UInt64, _ t: HealthThresholds) -> [GroupSample]? {
        guard nowMs >= t.windowMs else { return nil }
        let start = nowMs - t.windowMs
        guard let first = samples.lastIndex(where: { $0.atMs <= start }) else { return nil }
        let w = Array(samples[first...])
        for (a, b) in zip(w, w.dropFirst()) where b.atMs > a.atMs + t.maxGapMs { return nil }
        guard let last = w.last, nowMs <= last.atMs + t.maxGapMs else { return nil }
        return w
    }

    /// The verdict for a group's samples (oldest first) at `nowMs`. - Complexity: O(samples)
    public static func evaluate(_ samples: [GroupSample], nowMs: UInt64, _ t: HealthThresholds) -> HealthReport {
        guard let newest = samples.last else { return HealthReport(verdict: .warming, rule: "no samples yet", window: []) }
        if newest.poison > 0 {
            let w = window(samples, nowMs: nowMs, t) ?? [newest]
            return HealthReport(verdict: .err, rule: "\(newest.poison) pending \(newest.poison == 1 ? "entry was" : "entries were") "
                                + "delivered \(t.poisonDeliveries) times or more (most: \(newest.maxDeliveries)): poison, "
                                + "never acknowledged however often it is read", window: w)
        }
        guard let w = window(samples, nowMs: nowMs, t), let first = w.first, let last = w.last else {
            let since = samples.first.map { nowMs >= $0.atMs ? nowMs - $0.atMs : 0 } ?? 0
            return HealthReport(verdict: .warming,
                                rule: "sampling: \(TimeText.duration(min(since, t.windowMs))) of the \(TimeText.duration(t.windowMs)) window "
                                + "watched without a gap over \(TimeText.duration(t.maxGapMs))", window: samples)
        }
        let span = TimeText.duration(last.atMs - first.atMs)
        let arrived = (last.streamLast ?? .zero) > (first.streamLast ?? .zero)
        let read = last.lastDelivered != first.lastDelivered
        if !read && arrived {
            return HealthReport(verdict: .stop, rule: "nothing was read for \(span): last-delivered stayed at \(first.lastDelivered) "
                                + "while the stream grew to \(last.streamLast ?? .zero) (lag \(lagText(last)))", window: w)
        }
        if read, let stuck = first.oldestPending, w.allSatisfy({ $0.oldestPending == stuck }) {
            return HealthReport(verdict: .stall, rule: "consumers read on (last-delivered \(first.lastDelivered) → \(last.lastDelivered)) "
                                + "but the oldest pending entry \(stuck) stayed pending for \(span)"
                                + (last.oldestIdleMs.map { ", idle \(TimeText.duration($0))" } ?? ""), window: w)
        }
        let lags = w.compactMap(\.lag)
        if lags.count == w.count, let a = lags.first, let b = lags.last, b > a, !lags.contains(0),
           zip(lags, lags.dropFirst()).allSatisfy({ $1 >= $0 }) {
            return HealthReport(verdict: .warn, rule: "lag grew from \(a) to \(b) over \(span) and never fell", window: w)
        }
        let why: String
        if lags.contains(0) { why = "lag reached 0 within \(span)" }
        else if !read && !arrived { why = "quiet: nothing arrived and nothing was read for \(span)" }
        else { why = "reading, lag \(lagText(last)), no rule fired over \(span)" }
        return HealthReport(verdict: .ok, rule: why, window: w)
    }

    static func lagText(_ s: GroupSample) -> String { s.lag.map { String($0) } ?? "unknown" }
}
