import TerminalUI

extension PaneContext {
    /// A boxed table, scrolled so the selected row shows; `empty` when it has no rows.
    /// - Complexity: O(visible rows × columns)
    public mutating func drawTable(_ buf: inout ScreenBuffer, _ rect: Rect, title: String, _ table: Table, empty: String) {
        buf.box(rect, title: title, focused: focused)
        let inside = rect.inset(1)
        var t = table
        t.offset = Table.scrollOffset(selected: t.selected, offset: offset, visible: inside.height - 1, count: t.rows.count)
        offset = t.offset
        t.render(into: &buf, inside, focused: focused)
        if t.rows.isEmpty && inside.height > 1 {
            buf.put(empty, x: inside.x + 1, y: inside.y + 1, style: Style(fg: .gray), maxWidth: inside.width - 1)
        }
    }
}
