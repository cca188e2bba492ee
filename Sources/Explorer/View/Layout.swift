import TerminalUI

/// Where each pane goes for a screen size, resolved from an `ExplorerLayout`: a title
/// row on top, the status line and the hint bar at the bottom, the body between.
public struct Layout: Sendable {
    public var title: Rect
    /// Every pane on screen with its rectangle, in declaration order.
    public var placed: [(id: PaneID, rect: Rect)]
    public var status: Rect
    public var hints: Rect
    /// A smaller arrangement than the first (the focused pane alone, today).
    public var compact: Bool
    /// The panes that take the focus, for mouse hits.
    var focusable: Set<PaneID>

    public init(width: Int, height: Int, focus: PaneID, declared: ExplorerLayout = .standard) {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (title, rest) = screen.splitRows(1)
        let (hints, rest2) = rest.splitRows(-1)
        let (status, body) = rest2.splitRows(-1)
        self.title = title
        self.hints = hints
        self.status = status
        let index = declared.arrangements.firstIndex { width >= $0.minWidth && height >= $0.minHeight } ?? declared.arrangements.count - 1
        compact = index > 0
        var out: [(PaneID, Rect)] = []
        declared.arrangements[index].body.place(in: body, focus: focus, into: &out)
        placed = out.map { (id: $0.0, rect: $0.1) }
        focusable = Set(declared.focusOrder.map(\.id))
    }

    /// The rectangle of a pane on screen, if it is.
    public func rect(_ pane: PaneID) -> Rect? { placed.first { $0.id == pane }?.rect }

    /// Table rows that fit in a pane (inside the border, below the header).
    public func rows(_ pane: PaneID) -> Int { max(1, (rect(pane)?.height ?? 3) - 3) }

    /// The focusable pane under a screen position, if any.
    public func pane(atX x: Int, y: Int) -> PaneID? {
        placed.first { focusable.contains($0.id) && $0.rect.contains(x: x, y: y) }?.id
    }
}
