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
        // The selected group's pending span, under the bars, then every group's position.
        if let g = state.currentGroup, let first = g.oldestPending,
           let b0 = sc.bucket(of: first.ms), let b1 = sc.bucket(of: g.lastDeliveredID.ms), b0 <= b1 {
            for b in b0...b1 { markers[b] = ("━", Style(fg: .magenta)) }
        }
        for g in state.groups {
            if let b = sc.bucket(of: g.lastDeliveredID.ms), sc.span.contains(g.lastDeliveredID.ms) {
                let selected = g.name == state.selectedGroup
                markers[b] = (g.name.description.first ?? "g", selected ? Style(fg: .yellow, bold: true, reverse: true) : Style(fg: .yellow))
            }
        }
        Histogram(counts: sc.counts, cursor: sc.cursorBucket, markedRange: sc.markedBuckets, markers: markers)
            .render(into: &buf, inside)
    }
}
