/// One input event, decoded by the backend from the terminal.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lowercased (`ctrl("c")` is Ctrl-C).
    case ctrl(Character)
    /// Alt (Meta) plus a key: the terminal sends Esc and the key together.
    case alt(Character)
    case enter, escape, backspace, delete, tab, backTab
    case up, down, left, right, pageUp, pageDown, home, end
    case function(Int)
    /// The terminal changed size; the backend has already resized its buffer.
    case resize
    case mouse(MouseEvent)

    /// How the key is written in the help overlay and the hint bar.
    public var label: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "C-\(c)"
        case .alt(let c): return "M-\(c)"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "bksp"
        case .delete: return "del"
        case .tab: return "tab"
        case .backTab: return "S-tab"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .home: return "home"
        case .end: return "end"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .mouse: return "mouse"
        }
    }
}

/// A mouse event in screen cells.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
