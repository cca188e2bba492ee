import TerminalUI

/// A size along one axis of a split, worked out from the size of what is split.
public indirect enum LayoutSize: Sendable {
    /// Exactly this many cells.
    case cells(Int)
    /// `numerator / denominator` of the whole, rounded down, then held within `min...max`.
    case fraction(Int, of: Int, min: Int = 0, max: Int = .max)
    /// Whatever the other parts leave (one part per split).
    case rest
    /// `expanded` while `pane` has the focus, else `size`: a pane that grows when you
    /// go to it (the command log).
    case growsWhenFocused(PaneID, LayoutSize, expanded: LayoutSize)

    func resolve(_ whole: Int, focus: PaneID) -> Int? {
        switch self {
        case .growsWhenFocused(let pane, let size, let expanded):
            return (pane == focus ? expanded : size).resolve(whole, focus: focus)
        case .cells(let n): return n
        case .fraction(let n, let d, let lo, let hi): return Swift.min(hi, Swift.max(lo, whole * n / d))
        case .rest: return nil
        }
    }
}

/// Where panes go: a tree of splits with panes at the leaves.
public indirect enum LayoutNode: Sendable {
    case pane(PaneID)
    /// Whichever pane has the focus.
    case focusedPane
    /// The node given for the focused pane, else `otherwise`: small screens show the
    /// focused pane with the one that explains it (a group over its pending entries).
    case byFocus([(PaneID, LayoutNode)], otherwise: LayoutNode)
    /// Parts stacked top to bottom.
    case rows([(LayoutSize, LayoutNode)])
    /// Parts side by side, left to right.
    case columns([(LayoutSize, LayoutNode)])

    /// Places the panes of this node in `rect`, in declaration order.
    /// - Complexity: O(nodes)
    func place(in rect: Rect, focus: PaneID, into out: inout [(PaneID, Rect)]) {
        switch self {
        case .pane(let id): out.append((id, rect))
        case .focusedPane: out.append((focus, rect))
        case .byFocus(let choices, let otherwise):
            (choices.first { $0.0 == focus }?.1 ?? otherwise).place(in: rect, focus: focus, into: &out)
        case .rows(let parts):
            let sizes = Self.sizes(parts.map(\.0), rect.height, focus: focus)
            var y = rect.y
            for (i, part) in parts.enumerated() {
                part.1.place(in: Rect(x: rect.x, y: y, width: rect.width, height: sizes[i]), focus: focus, into: &out)
                y += sizes[i]
            }
        case .columns(let parts):
            let sizes = Self.sizes(parts.map(\.0), rect.width, focus: focus)
            var x = rect.x
            for (i, part) in parts.enumerated() {
                part.1.place(in: Rect(x: x, y: rect.y, width: sizes[i], height: rect.height), focus: focus, into: &out)
                x += sizes[i]
            }
        }
    }

    /// Fixed and fractional parts first (each at most what is left), in order; the rest
    /// part gets the remainder.
    static func sizes(_ parts: [LayoutSize], _ whole: Int, focus: PaneID) -> [Int] {
        var left = whole
        var sizes = parts.map { p -> Int in
            guard let n = p.resolve(whole, focus: focus) else { return 0 }
            let taken = max(0, min(left, n))
            left -= taken
            return taken
        }
        if let i = parts.firstIndex(where: { if case .rest = $0 { return true } else { return false } }) { sizes[i] = left }
        return sizes
    }
}

/// One arrangement of the body (between the title bar and the status line), used when
/// the screen is at least `minWidth` × `minHeight`.
public struct Arrangement: Sendable {
    public var minWidth: Int
    public var minHeight: Int
    /// A row under the title naming every pane, the focused one marked: for
    /// arrangements that leave panes off the screen.
    public var tabs: Bool
    public var body: LayoutNode
    public init(minWidth: Int = 0, minHeight: Int = 0, tabs: Bool = false, _ body: LayoutNode) {
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.tabs = tabs
        self.body = body
    }
}
