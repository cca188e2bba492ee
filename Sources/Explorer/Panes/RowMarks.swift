import TerminalUI

/// How rows in trouble are marked, the same in every pane: a colour for a glance, and a
/// glyph beside the number that says why, so the mark survives `NO_COLOR`, a
/// monochrome terminal and 8-colour folding. Legends draw the glyph as the rows do and
/// name no colour, so they hold with and without colour alike.
enum RowMarks {
    /// Stuck: idle at least `AppState.stuckIdleMs`. Red, and `!` before the idle time.
    static let stuckGlyph = "!"
    static let stuckStyle = Style(fg: .red)
    /// Poison: delivered at least `AppState.poisonDeliveries` times. Bold magenta, and
    /// `✗` before the delivery count.
    static let poisonGlyph = "✗"
    static let poisonStyle = Style(fg: .magenta, bold: true)

    /// An idle time as a stuck row shows it (`!1m05s`), or plain.
    static func idle(_ ms: UInt64, stuck: Bool) -> String {
        (stuck ? stuckGlyph : "") + TimeText.duration(ms)
    }

    /// The key to the marks, right-aligned in the bottom border of `rect`: each glyph in
    /// its rows' style, then what it means. - Complexity: O(items)
    static func legend(_ items: [(glyph: String, style: Style, meaning: String)], _ rect: Rect, _ buf: inout ScreenBuffer) {
        let width = items.reduce(-1) { $0 + DisplayWidth.of($1.glyph) + DisplayWidth.of($1.meaning) + 4 }
        guard rect.width > width + 4 else { return }
        let y = rect.maxY - 1
        var x = rect.maxX - width - 2
        for (i, item) in items.enumerated() {
            x += buf.put(i == 0 ? " " : " · ", x: x, y: y, style: Style(fg: .gray))
            x += buf.put(item.glyph, x: x, y: y, style: item.style)
            x += buf.put(" " + item.meaning, x: x, y: y, style: Style(fg: .gray))
        }
        buf.put(" ", x: x, y: y, style: Style(fg: .gray))
    }
}
