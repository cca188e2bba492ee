import TerminalUI

/// Where each pane goes for a screen size. Wide screens show every pane at once;
/// small ones (under 90×24) show the focused pane alone, full size.
public struct Layout: Equatable, Sendable {
    public var title: Rect
    public var panes: [Pane: Rect]
    public var scrubber: Rect?
    public var log: Rect?
    public var status: Rect
    public var hints: Rect
    public var compact: Bool

    public init(width: Int, height: Int, focus: Pane) {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (title, rest) = screen.splitRows(1)
        let (hints, rest2) = rest.splitRows(-1)
        let (status, body) = rest2.splitRows(-1)
        self.title = title
        self.hints = hints
        self.status = status
        compact = width < 90 || height < 24
        if compact {
            panes = [focus: body]
            scrubber = nil
            log = nil
            return
        }
        let (logRect, main) = body.splitRows(-4)
        log = logRect
        let leftWidth = min(48, max(40, width * 2 / 5))
        let (left, right) = main.splitColumns(leftWidth)
        let (streams, groups) = left.splitRows(left.height * 11 / 20)
        let (pendingRect, upper) = right.splitRows(-(right.height * 7 / 20))
        let (scrub, entries) = upper.splitRows(-7)
        panes = [.streams: streams, .groups: groups, .entries: entries, .pending: pendingRect]
        scrubber = scrub
    }

    /// Table rows that fit in a pane (inside the border, below the header).
    public func rows(_ pane: Pane) -> Int { max(1, (panes[pane]?.height ?? 3) - 3) }

    /// The pane under a screen position, if any.
    public func pane(atX x: Int, y: Int) -> Pane? {
        panes.first { $0.value.contains(x: x, y: y) }?.key
    }
}
