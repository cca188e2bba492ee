/// A one-line editor with history and Tab completion, for the `:` prompt and forms.
public struct InputLine: Sendable {
    public enum Outcome: Equatable, Sendable {
        case editing
        case submitted(String)
        case cancelled
    }

    public private(set) var text: [Character] = []
    public private(set) var cursor = 0
    public var history: [String] = []
    private var historyIndex: Int?
    /// Words Tab completes the current word to.
    public var completions: [String] = []
    private var completionState: (prefix: String, index: Int)?

    public init(_ initial: String = "", history: [String] = [], completions: [String] = []) {
        text = Array(initial)
        cursor = text.count
        self.history = history
        self.completions = completions
    }

    public var value: String { String(text) }

    /// Applies a key. - Complexity: O(text)
    public mutating func handle(_ key: Key) -> Outcome {
        if key != .tab { completionState = nil }
        switch key {
        case .enter:
            let v = value
            if !v.allSatisfy({ $0 == " " }) && history.last != v { history.append(v) }
            historyIndex = nil
            return .submitted(v)
        case .escape, .ctrl("c"), .ctrl("g"):
            return .cancelled
        case .char(let c):
            text.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < text.count { text.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"): text.removeSubrange(0..<cursor); cursor = 0
        case .ctrl("k"): text.removeSubrange(cursor...)
        case .ctrl("w"):
            var i = cursor
            while i > 0 && text[i - 1] == " " { i -= 1 }
            while i > 0 && text[i - 1] != " " { i -= 1 }
            text.removeSubrange(i..<cursor)
            cursor = i
        case .up:
            guard !history.isEmpty else { break }
            let i = max(0, (historyIndex ?? history.count) - 1)
            historyIndex = i
            setText(history[i])
        case .down:
            guard let h = historyIndex else { break }
            if h + 1 < history.count {
                historyIndex = h + 1
                setText(history[h + 1])
            } else {
                historyIndex = nil
                setText("")
            }
        case .tab:
            complete()
        default:
            break
        }
        return .editing
    }

    private mutating func setText(_ s: String) {
        text = Array(s)
        cursor = text.count
    }

    /// Replaces the word before the cursor with the next completion that extends it.
    private mutating func complete() {
        var start = cursor
        while start > 0 && text[start - 1] != " " { start -= 1 }
        let state = completionState ?? (String(text[start..<cursor]), -1)
        let matches = completions.filter { $0.lowercased().hasPrefix(state.prefix.lowercased()) }
        guard !matches.isEmpty else { return }
        let next = (state.index + 1) % matches.count
        text.replaceSubrange(start..<cursor, with: Array(matches[next]))
        cursor = start + matches[next].count
        completionState = (state.prefix, next)
    }

    /// Draws `prompt` and the text, scrolled so the cursor shows; places the cursor. The
    /// part of `rect` off the screen is not drawn: a line wholly off it (a form on a
    /// screen too small for it) leaves the cursor where it was.
    public func render(into buf: inout ScreenBuffer, _ rect: Rect, prompt: String, style: Style = .plain) {
        let rect = buf.clip(rect)
        guard rect.height > 0, rect.width > 0 else { return }
        buf.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style)
        let pw = buf.put(prompt, x: rect.x, y: rect.y, style: style.bolded, maxWidth: rect.width)
        let room = max(1, rect.width - pw - 1)
        var first = 0
        while DisplayWidth.of(String(text[first..<cursor])) >= room { first += 1 }
        let shown = String(text[first...])
        buf.put(shown, x: rect.x + pw, y: rect.y, style: style, maxWidth: room)
        // On a line too narrow for the prompt and a cell after it, the cursor stays on its
        // last column rather than off the screen.
        let x = rect.x + pw + DisplayWidth.of(String(text[first..<cursor]))
        buf.cursor = (min(x, rect.x + max(0, rect.width - 1)), rect.y)
    }
}
