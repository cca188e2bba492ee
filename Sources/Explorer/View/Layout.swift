import TerminalUI

/// A size along one axis of a split, worked out from the size of what is split.
public enum LayoutSize: Sendable {
    /// Exactly this many cells.
    case cells(Int)
    /// `numerator / denominator` of the whole, rounded down, then held within `min...max`.
    case fraction(Int, of: Int, min: Int = 0, max: Int = .max)
    /// Whatever the other parts leave (one part per split).
    case rest

    func resolve(_ whole: Int) -> Int? {
        switch self {
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
        case .rows(let parts):
            let sizes = Self.sizes(parts.map(\.0), rect.height)
            var y = rect.y
            for (i, part) in parts.enumerated() {
                part.1.place(in: Rect(x: rect.x, y: y, width: rect.width, height: sizes[i]), focus: focus, into: &out)
                y += sizes[i]
            }
        case .columns(let parts):
            let sizes = Self.sizes(parts.map(\.0), rect.width)
            var x = rect.x
            for (i, part) in parts.enumerated() {
                part.1.place(in: Rect(x: x, y: rect.y, width: sizes[i], height: rect.height), focus: focus, into: &out)
                x += sizes[i]
            }
        }
    }

    /// Fixed and fractional parts first (each at most what is left), in order; the rest
    /// part gets the remainder.
    static func sizes(_ parts: [LayoutSize], _ whole: Int) -> [Int] {
        var left = whole
        var sizes = parts.map { p -> Int in
            guard let n = p.resolve(whole) else { return 0 }
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
    public var body: LayoutNode
    public init(minWidth: Int = 0, minHeight: Int = 0, _ body: LayoutNode) {
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.body = body
    }
}

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
