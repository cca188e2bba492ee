/// A table with a sticky header row, sized columns, one selected row and marked rows.
/// Rendering is O(visible rows × columns); the table holds only the rows on screen
/// (panes fetch a window, never a whole stream).
public struct Table: Sendable {
    public struct Column: Sendable {
        public enum Size: Sendable {
            /// Exactly this many columns.
            case fixed(Int)
            /// At least this many; flexible columns share what is left.
            case flex(min: Int)
            /// As wide as its widest cell or its title (at least `min`), so a number is
            /// never cut: `lag 299032`, not `2990…`.
            case fit(min: Int)
        }
        public var title: String
        public var size: Size
        public var alignRight: Bool
        public init(_ title: String, _ size: Size, alignRight: Bool = false) {
            self.title = title
            self.size = size
            self.alignRight = alignRight
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// Per-row style overrides (stuck, poison, a group's cursor row), or nil for plain.
    public var rowStyles: [Style?]
    /// Index into `rows` of the selected row.
    public var selected: Int?
    /// Index of the first row shown.
    public var offset: Int
    /// Rows to draw with a mark in the gutter.
    public var marked: Set<Int>
    /// Text per row drawn in the one-column gutter left of the row (a group cursor).
    public var gutter: [Int: (String, Style)]

    public init(columns: [Column], rows: [[String]] = [], rowStyles: [Style?] = [], selected: Int? = nil,
                offset: Int = 0, marked: Set<Int> = [], gutter: [Int: (String, Style)] = [:]) {
        self.columns = columns
        self.rows = rows
        self.rowStyles = rowStyles
        self.selected = selected
        self.offset = offset
        self.marked = marked
        self.gutter = gutter
    }

    /// Column widths for a total width (one space between columns, one gutter column).
    /// - Complexity: O(rows × columns) when a column fits its content, else O(columns)
    public func widths(total: Int) -> [Int] {
        let available = max(0, total - 1 - max(0, columns.count - 1))
        var widths = columns.enumerated().map { i, c -> Int in
            switch c.size {
            case .fixed(let n): return n
            case .flex(let m): return m
            case .fit(let m):
                let widest = rows.reduce(DisplayWidth.of(c.title)) { i < $1.count ? max($0, DisplayWidth.of($1[i])) : $0 }
                return max(m, widest)
            }
        }
        let flexIndices = columns.indices.filter { if case .flex = columns[$0].size { return true } else { return false } }
        var spare = available - widths.reduce(0, +)
        if spare > 0 && !flexIndices.isEmpty {
            let share = spare / flexIndices.count
            for i in flexIndices { widths[i] += share }
            spare -= share * flexIndices.count
            widths[flexIndices.last!] += spare
        } else if spare < 0 {
            // Too narrow: shrink from the right, keeping at least one column each.
            var i = widths.count - 1
            while spare < 0 && i >= 0 {
                let cut = min(-spare, widths[i] - 1)
                widths[i] -= cut
                spare += cut
                i -= 1
            }
        }
        return widths
    }

    /// The first row to show so that `selected` stays visible, moving as little as possible.
    public static func scrollOffset(selected: Int?, offset: Int, visible: Int, count: Int) -> Int {
        guard visible > 0 else { return 0 }
        var o = min(offset, max(0, count - visible))
        if let s = selected {
            if s < o { o = s }
            if s >= o + visible { o = s - visible + 1 }
        }
        return max(0, o)
    }

    /// Draws the header on the first row of `rect` and rows below it.
    public func render(into buf: inout ScreenBuffer, _ rect: Rect, focused: Bool) {
        guard rect.height > 0 else { return }
        let w = widths(total: rect.width)
        var x = rect.x + 1
        let headerStyle = Style(fg: .yellow, bold: true)
        for (i, c) in columns.enumerated() {
            buf.put(TextFit.pad(c.title, w[i], right: c.alignRight), x: x, y: rect.y, style: headerStyle, maxWidth: w[i])
            x += w[i] + 1
        }
        let visible = rect.height - 1
        for line in 0..<visible {
            let r = offset + line
            guard r < rows.count else { break }
            let y = rect.y + 1 + line
            var style = (r < rowStyles.count ? rowStyles[r] : nil) ?? .plain
            if r == selected {
                style = focused ? Style(fg: .black, bg: .cyan) : Style(reverse: true)
                buf.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style)
            }
            if marked.contains(r) {
                buf.put("●", x: rect.x, y: y, style: style.with(fg: r == selected ? .black : .magenta))
            } else if let (g, gs) = gutter[r] {
                buf.put(g, x: rect.x, y: y, style: r == selected ? style : gs, maxWidth: 1)
            }
            var cx = rect.x + 1
            for (i, c) in columns.enumerated() {
                let text = i < rows[r].count ? rows[r][i] : ""
                buf.put(TextFit.pad(text, w[i], right: c.alignRight), x: cx, y: y, style: style, maxWidth: w[i])
                cx += w[i] + 1
            }
        }
    }
}
