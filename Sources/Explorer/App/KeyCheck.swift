import TerminalUI

/// `streamscope keys`: shows each key as StreamScope reads it, newest first, so a user
/// can see what their terminal sends (Home, End, the arrows with modifiers, Alt with a
/// letter) before wondering why a binding does not fire. Pure: keys in, frames out.
public struct KeyCheck {
    /// The keys read so far, newest last; the screen shows as many as fit.
    public private(set) var keys: [Key] = []
    /// `q` twice in a row or Ctrl-C.
    public private(set) var done = false
    /// The `TERM` the terminal library was told, shown in the title.
    public let term: String

    public init(term: String) { self.term = term }

    /// Records a key. - Complexity: O(1) amortised (at most 500 are kept)
    public mutating func handle(_ key: Key) {
        if key == .resize { return }
        if key == .ctrl("c") || (key == .char("q") && keys.last == .char("q")) { done = true }
        keys.append(key)
        if keys.count > 500 { keys.removeFirst(keys.count - 500) }
    }

    /// The screen: a title, the keys newest first (each as the help overlay writes it),
    /// and how to leave. - Complexity: O(screen cells)
    public func render(width: Int, height: Int) -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        _ = buf.put(" StreamScope keys │ TERM=\(term)", x: 0, y: 0, style: Style(bold: true), maxWidth: width)
        _ = buf.put("Press keys to see how StreamScope reads them. q q or C-c leaves.", x: 1, y: 2, maxWidth: width - 2)
        let rows = max(0, height - 5)
        for (i, key) in keys.suffix(rows).reversed().enumerated() {
            let text = i == 0 ? "› \(Self.describe(key))" : "  \(Self.describe(key))"
            _ = buf.put(text, x: 1, y: 4 + i, style: i == 0 ? Style(bold: true) : .plain, maxWidth: width - 2)
        }
        return buf
    }

    /// A key in words: its label, plus what kind of key it is where the label alone
    /// could mislead (`mouse press at 3,4`, `char [`).
    public static func describe(_ key: Key) -> String {
        switch key {
        case .char(let c): return "\(key.label)  (a character, U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)))"
        case .mouse(let m): return "mouse \(m.kind) at \(m.x),\(m.y)"
        default: return key.label
        }
    }
}
