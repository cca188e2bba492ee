import TerminalUI

/// Where each pane goes for a screen size, resolved from an `ExplorerLayout`: a title
/// row on top, the status line and the hint bar at the bottom, the body between.
public struct Layout: Sendable {
    public var title: Rect
    /// The tab strip, when the arrangement has one, and where each tab is on it.
    public var tabs: Rect?
    public var tabHits: [(id: PaneID, x: Range<Int>, label: String)] = []
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
        var (status, body) = rest2.splitRows(-1)
        self.title = title
        self.hints = hints
        self.status = status
        let index = declared.arrangements.firstIndex { width >= $0.minWidth && height >= $0.minHeight } ?? declared.arrangements.count - 1
        compact = index > 0
        if declared.arrangements[index].tabs && body.height > 1 {
            let (strip, below) = body.splitRows(1)
            tabs = strip
            body = below
            var x = strip.x + 1
            for pane in declared.focusOrder {
                let label = Self.tabLabel(declared.heading(pane), focused: pane.id == focus)
                tabHits.append((pane.id, x..<(x + label.count), label))
                x += label.count + 1
            }
        }
        var out: [(PaneID, Rect)] = []
        declared.arrangements[index].body.place(in: body, focus: focus, into: &out)
        placed = out.map { (id: $0.0, rect: $0.1) }
        focusable = Set(declared.focusOrder.map(\.id))
    }

    /// The rectangle of a pane on screen, if it is.
    public func rect(_ pane: PaneID) -> Rect? { placed.first { $0.id == pane }?.rect }

    /// Table rows that fit in a pane (inside the border, below the header).
    public func rows(_ pane: PaneID) -> Int { max(1, (rect(pane)?.height ?? 3) - 3) }

    /// The focusable pane under a screen position (a tab of the strip included), if any.
    public func pane(atX x: Int, y: Int) -> PaneID? {
        if let tabs, y == tabs.y { return tabHits.first { $0.x.contains(x) }?.id }
        return placed.first { focusable.contains($0.id) && $0.rect.contains(x: x, y: y) }?.id
    }

    /// A tab as the strip writes it: `[2 Entries]` when focused (marked without colour
    /// too), ` 2 Entries ` otherwise.
    static func tabLabel(_ heading: String, focused: Bool) -> String {
        focused ? "[\(heading)]" : " \(heading) "
    }
}
