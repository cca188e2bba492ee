import TerminalUI

extension PaneID {
    public static let timeScrubber = PaneID("timeScrubber")
}

/// A histogram of entry counts over the selected stream's time span (or a zoomed
/// window), with each group's position marked by its initial, the cursor and a marked
/// range. It takes no focus: the entries pane's keys move it.
public struct TimeScrubberPane: Pane {
    public init() {}
    public var id: PaneID { .timeScrubber }
    public var title: String { "Time" }
    public var focusable: Bool { false }
    /// Counts per bucket; the groups for their markers.
    public var needs: DataNeeds { [.histogram, .groups] }

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        let state = context.state
        let sc = state.scrubber
        var title = context.heading
        if !sc.counts.isEmpty {
            title += " \(TimeText.format(sc.span.lowerBound, utc: state.utc, millis: false)) → \(TimeText.format(sc.span.upperBound, utc: state.utc, millis: false))"
            if sc.window != nil { title += " (zoomed)" }
        }
        if let c = sc.cursorMs { title += " · cursor \(TimeText.format(c, utc: state.utc, millis: false))" }
        if let marked = state.markedRangeText { title += " · " + marked }
        buf.box(rect, title: title, focused: false)
        let inside = rect.inset(1)
        guard !sc.counts.isEmpty else {
            buf.put("[ ] step  { } zoom  m marks a range", x: inside.x + 1, y: inside.y, style: Style(fg: .gray), maxWidth: inside.width - 1)
            return
        }
        var markers: [Int: (Character, Style)] = [:]
        // Under the bars, the buckets holding the selected group's pending entries (not
        // the acknowledged ones between them), then every group's position.
        for b in Self.pendingBuckets(state) { markers[b] = ("━", Style(fg: .magenta)) }
        for g in state.groups {
            if let b = sc.bucket(of: g.lastDeliveredID.ms), sc.span.contains(g.lastDeliveredID.ms) {
                let selected = g.name == state.selectedGroup
                markers[b] = (g.name.description.first ?? "g", selected ? Style(fg: .yellow, bold: true, reverse: true) : Style(fg: .yellow))
            }
        }
        Histogram(counts: sc.counts, cursor: sc.cursorBucket, markedRange: sc.markedBuckets, markers: markers)
            .render(into: &buf, inside)
    }

    /// The buckets that hold a pending entry of the selected group, from the pending
    /// rows loaded (the first 1,000); when the group has more than were loaded, the
    /// buckets from the last one loaded to its last delivered entry are marked too, as
    /// they may hold some. Drilled down to a consumer, that consumer's entries.
    /// - Complexity: O(pending rows loaded + buckets)
    static func pendingBuckets(_ state: AppState) -> Set<Int> {
        let sc = state.scrubber
        guard let g = state.currentGroup, !sc.counts.isEmpty else { return [] }
        var out = Set<Int>()
        for p in state.pending where sc.span.contains(p.id.ms) {
            if let b = sc.bucket(of: p.id.ms) { out.insert(b) }
        }
        if state.pendingConsumer == nil, g.pending > state.pending.count, let last = state.pending.last,
           let b0 = sc.bucket(of: last.id.ms), let b1 = sc.bucket(of: g.lastDeliveredID.ms), b0 <= b1 {
            out.formUnion(b0...b1)
        }
        return out
    }
}
