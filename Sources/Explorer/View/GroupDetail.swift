import StreamEngine
import TerminalUI

/// The group's detail view (`i` in the groups pane): what the source says of it, its
/// health verdict with the rule that fired and the samples behind it, and its trends.
enum GroupDetail {
    /// The samples shown at most (the newest of the window).
    static let samplesShown = 40

    /// - Complexity: O(samples kept)
    static func lines(_ g: GroupSummary, stream: StreamSummary?, report: HealthReport?, samples: [GroupSample], state: AppState) -> [String] {
        let t = state.healthThresholds
        var out = ["group \(g.name) of \(stream?.name ?? "?")",
                   "last-delivered \(g.lastDeliveredID) · entries-read \(g.entriesRead.map { String($0) } ?? "?") · lag \(g.lag.map { String($0) } ?? "unknown")",
                   "pending \(g.pending) · consumers \(g.consumers)"
                       + (g.oldestPending.map { " · oldest pending \($0), idle \(TimeText.duration(g.oldestIdleMs ?? 0))" } ?? ""),
                   ""]
        let verdict = report?.verdict ?? .warming
        out.append("health: \(verdict.word == "…" ? "… (warming up)" : verdict.word): \(report?.rule ?? "no samples yet")")
        out.append("rules, worst first, over a \(TimeText.duration(t.windowMs)) window (--health-window; gaps over "
                   + "\(TimeText.duration(t.maxGapMs)) restart it):")
        out.append("  ERR   pending entries delivered ≥ \(t.poisonDeliveries) times (--poison-deliveries), among the oldest \(GroupSummary.deliveryScan)")
        out.append("  STOP  nothing read for the whole window while entries arrived")
        out.append("  STALL consumers read, but the oldest pending entry stayed the same")
        out.append("  WARN  lag above 0 grew across the whole window, never falling")
        out.append("  OK    none of these (a lag of 0 in the window is OK)")
        if let first = samples.first {
            out.append("")
            out.append("trends over the session: \(samples.count) samples from \(TimeText.format(first.atMs, utc: state.utc, millis: false))")
            let width = 30
            func line(_ name: String, _ value: (GroupSample) -> Int, _ text: (Int) -> String) {
                let values = samples.map(value)
                out.append("  " + TextFit.pad(name, 12) + TextFit.pad(Sparkline.render(GroupHistory.series(samples, width: width, value), width: width), width)
                           + "  now \(text(values.last ?? 0)), min \(text(values.min() ?? 0)), max \(text(values.max() ?? 0))")
            }
            line("lag", { Int(clamping: $0.lag ?? 0) }, { String($0) })
            line("pending", { $0.pending }, { String($0) })
            line("oldest idle", { Int(clamping: $0.oldestIdleMs ?? 0) }, { TimeText.duration(UInt64($0)) })
        }
        let window = report?.window ?? []
        if !window.isEmpty {
            out.append("")
            out.append("samples behind the verdict (\(window.count), oldest first\(window.count > samplesShown ? "; the newest \(samplesShown)" : "")):")
            out.append("  " + ["time", "last-delivered", "lag", "pend", "oldest pending", "idle", "poison", "stream's newest"]
                .enumerated().map { TextFit.pad($1, Self.widths[$0], right: $0 == 2 || $0 == 3 || $0 == 5 || $0 == 6) }.joined(separator: " "))
            for sample in window.suffix(samplesShown) {
                let cells = [TimeText.format(sample.atMs, utc: state.utc).suffix(12).description, sample.lastDelivered.description,
                             sample.lag.map { String($0) } ?? "?", String(sample.pending), sample.oldestPending?.description ?? "·",
                             sample.oldestIdleMs.map(TimeText.duration) ?? "·", String(sample.poison), sample.streamLast?.description ?? "·"]
                out.append("  " + cells.enumerated().map { TextFit.pad($1, Self.widths[$0], right: $0 == 2 || $0 == 3 || $0 == 5 || $0 == 6) }
                    .joined(separator: " "))
            }
        }
        return out
    }

    static let widths = [12, 16, 6, 5, 16, 7, 6, 16]
}
