/// Vertical bars, one column per bucket, with a cursor column (`┊` above its bar, `▲`
/// under it), a marked range (magenta bars, `░` above them) and labelled markers (a
/// consumer group's position) drawn under the bars: each told by a glyph as well as a
/// colour.
public struct Histogram: Sendable {
    public var counts: [Int]
    public var cursor: Int?
    public var markedRange: ClosedRange<Int>?
    /// Bucket index to a one-character marker and its style.
    public var markers: [Int: (Character, Style)]

    public init(counts: [Int], cursor: Int? = nil, markedRange: ClosedRange<Int>? = nil,
                markers: [Int: (Character, Style)] = [:]) {
        self.counts = counts
        self.cursor = cursor
        self.markedRange = markedRange
        self.markers = markers
    }

    static let eighths: [String] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Draws bars in all rows of `rect` but the last, which holds the markers.
    /// - Complexity: O(width × height)
    public func render(into buf: inout ScreenBuffer, _ rect: Rect) {
        guard rect.height >= 2, rect.width > 0 else { return }
        let barRows = rect.height - 1
        let top = max(1, counts.max() ?? 1)
        for (i, c) in counts.prefix(rect.width).enumerated() {
            let x = rect.x + i
            var style = Style(fg: .green)
            if let m = markedRange, m.contains(i) { style = Style(fg: .magenta) }
            if i == cursor { style = Style(fg: .yellow, bold: true) }
            // Height in eighths of a row; any non-zero count shows at least one eighth.
            var eighths = c == 0 ? 0 : max(1, c * barRows * 8 / top)
            for row in 0..<barRows {
                let y = rect.y + barRows - 1 - row
                let piece = min(8, eighths)
                eighths -= piece
                let glyph = Self.eighths[piece]
                if i == cursor && piece == 0 {
                    buf.put("┊", x: x, y: y, style: Style(fg: .yellow))
                } else if piece == 0, let m = markedRange, m.contains(i) {
                    // A marked range shades the space above its bars: seen without colour too.
                    buf.put("░", x: x, y: y, style: Style(fg: .magenta, dim: true))
                } else {
                    buf.put(glyph, x: x, y: y, style: style)
                }
            }
            let my = rect.y + barRows
            if let (m, ms) = markers[i] {
                buf.put(String(m), x: x, y: my, style: ms)
            } else if i == cursor {
                buf.put("▲", x: x, y: my, style: Style(fg: .yellow, bold: true))
            }
        }
    }
}
