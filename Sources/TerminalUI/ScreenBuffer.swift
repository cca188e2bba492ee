/// One screen cell: a grapheme and its style. A wide grapheme occupies its cell and
/// the next, which holds a continuation (`width == 0`).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: UInt8
    public var style: Style

    public init(text: String = " ", width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// The frame being built: a grid of cells that widgets draw into, entirely in memory.
/// The backend compares it with the previous frame and writes only changed cells.
public struct ScreenBuffer: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (an input line), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with blanks in `style`. - Complexity: O(area)
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { self[x, y] = Cell(text: " ", width: 1, style: style) }
        }
    }

    /// Writes `text` from (x, y), clipped to `maxWidth` columns and the screen edge.
    /// Control characters show as `�`; a wide grapheme that does not fit is replaced
    /// by a space. Returns the number of columns written. - Complexity: O(text)
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        for ch in text {
            var g = String(ch)
            var w = DisplayWidth.of(ch)
            if ch.unicodeScalars.first.map({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) ?? false {
                g = "\u{FFFD}"
                w = 1
            }
            if w == 0 { continue }  // a lone zero-width scalar: nothing to place
            if col + w > limit {
                if col < limit { place(" ", width: 1, at: col, y, style) ; col += 1 }
                break
            }
            if col >= 0 { place(g, width: w, at: col, y, style) }
            col += w
        }
        return max(0, col - x)
    }

    private mutating func place(_ g: String, width w: Int, at x: Int, _ y: Int, _ style: Style) {
        // Overwriting half of a wide glyph blanks its other half.
        if self[x, y].isContinuation, x > 0 { self[x - 1, y] = Cell(text: " ", width: 1, style: self[x - 1, y].style) }
        if self[x, y].width == 2, x + 1 < width { self[x + 1, y] = Cell(text: " ", width: 1, style: style) }
        self[x, y] = Cell(text: g, width: UInt8(w), style: style)
        if w == 2, x + 1 < width {
            if self[x + 1, y].width == 2, x + 2 < width { self[x + 2, y] = Cell(text: " ", width: 1, style: style) }
            self[x + 1, y] = Cell(text: "", width: 0, style: style)
        }
    }

    /// Draws a single-line border with an optional title; focused borders are bold and coloured.
    public mutating func box(_ rect: Rect, title: String = "", focused: Bool = false) {
        let r = clip(rect)
        guard r.width >= 2, r.height >= 2 else { return }
        let style = focused ? Style(fg: .cyan, bold: true) : Style(fg: .gray)
        for x in (r.x + 1)..<(r.maxX - 1) {
            put("─", x: x, y: r.y, style: style)
            put("─", x: x, y: r.maxY - 1, style: style)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            put("│", x: r.x, y: y, style: style)
            put("│", x: r.maxX - 1, y: y, style: style)
        }
        put("┌", x: r.x, y: r.y, style: style)
        put("┐", x: r.maxX - 1, y: r.y, style: style)
        put("└", x: r.x, y: r.maxY - 1, style: style)
        put("┘", x: r.maxX - 1, y: r.maxY - 1, style: style)
        if !title.isEmpty && r.width > 4 {
            put(" \(title) ", x: r.x + 1, y: r.y, style: focused ? Style(fg: .cyan, bold: true) : Style(bold: true), maxWidth: r.width - 2)
        }
    }

    public func clip(_ r: Rect) -> Rect {
        let x0 = max(0, r.x), y0 = max(0, r.y)
        let x1 = min(width, r.maxX), y1 = min(height, r.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The screen as text, one string per row with trailing blanks removed (for tests).
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }
}

/// Text helpers measured in display columns.
public enum TextFit {
    /// `text` cut to `width` columns, with `…` when cut. - Complexity: O(text)
    public static func truncate(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = ""
        var w = 0
        for ch in text {
            let cw = DisplayWidth.of(ch)
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// `text` truncated or padded with spaces to exactly `width` columns; numbers align right.
    public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let t = truncate(text, width)
        let gap = max(0, width - DisplayWidth.of(t))
        return right ? String(repeating: " ", count: gap) + t : t + String(repeating: " ", count: gap)
    }

    /// Greedy word wrap to `width` columns; long words are split. - Complexity: O(text)
    public static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lw = 0
            for ch in paragraph {
                let cw = DisplayWidth.of(ch)
                if lw + cw > width {
                    if let space = line.lastIndex(of: " "), ch != " " {
                        let rest = String(line[line.index(after: space)...])
                        lines.append(String(line[..<space]))
                        line = rest
                        lw = DisplayWidth.of(rest)
                    } else {
                        lines.append(line)
                        line = ""
                        lw = 0
                    }
                    if ch == " " && line.isEmpty { continue }
                }
                line.append(ch)
                lw += cw
            }
            lines.append(line)
        }
        return lines
    }
}
