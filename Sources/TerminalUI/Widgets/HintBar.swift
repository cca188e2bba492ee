/// The bottom row: key hints, each a highlighted key followed by what it does,
/// dropped from the right when the row is full.
public enum HintBar {
    public static func render(into buf: inout ScreenBuffer, _ rect: Rect, hints: [(key: String, label: String)], right: String = "") {
        guard rect.height > 0 else { return }
        buf.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: Style(bg: .indexed(236)))
        let rw = DisplayWidth.of(right)
        var x = rect.x
        let limit = rect.maxX - rw - 1
        for h in hints {
            let w = DisplayWidth.of(h.key) + DisplayWidth.of(h.label) + 3
            if x + w > limit { break }
            x += buf.put(" \(h.key)", x: x, y: rect.y, style: Style(fg: .cyan, bg: .indexed(236), bold: true))
            x += buf.put(" \(h.label) ", x: x, y: rect.y, style: Style(fg: .white, bg: .indexed(236)))
        }
        if rw > 0 && rect.width > rw {
            buf.put(right, x: rect.maxX - rw, y: rect.y, style: Style(fg: .yellow, bg: .indexed(236), bold: true))
        }
    }
}
