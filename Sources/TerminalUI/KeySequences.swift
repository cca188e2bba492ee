/// Escape sequences that terminals send for the keys StreamScope reads, beyond what
/// a `TERM`'s terminfo entry may list. A program runs under a `TERM` that often does
/// not match the terminal in front of it (xterm-256color inside tmux or screen, a
/// Linux console over ssh): Home arrives as `ESC [ 1 ~` where terminfo expected
/// `ESC O H`, and without this table it would be read as Esc, `[`, `1`, `~` (and `1`
/// switches panes). The backend teaches each sequence to the terminal library on top
/// of the terminfo entry's own, so every variant arrives as one key. Pure data.
public enum KeySequences {
    /// The keys a sequence can stand for.
    public enum Target: Hashable, Sendable {
        case up, down, left, right, home, end, pageUp, pageDown, delete, backTab

        public var key: Key {
            switch self {
            case .up: .up
            case .down: .down
            case .left: .left
            case .right: .right
            case .home: .home
            case .end: .end
            case .pageUp: .pageUp
            case .pageDown: .pageDown
            case .delete: .delete
            case .backTab: .backTab
            }
        }
    }

    /// Every sequence, with the key it stands for: the VT100/xterm, rxvt, Linux-console
    /// and screen/tmux forms of each key, and xterm's modified forms (`ESC [ 1 ; m X`
    /// and `ESC [ n ; m ~`, where m is 2 to 8 for Shift, Alt and Ctrl combined), which
    /// arrive as the unmodified key. - Complexity: O(1) (a fixed table of 100-odd rows)
    public static let all: [(sequence: [UInt8], target: Target)] = {
        var rows: [(String, Target)] = []
        let letters: [(Character, Target)] = [("A", .up), ("B", .down), ("C", .right), ("D", .left), ("H", .home), ("F", .end)]
        for (letter, target) in letters {
            rows.append(("\u{1B}[\(letter)", target))    // ANSI cursor keys, xterm Home/End
            rows.append(("\u{1B}O\(letter)", target))    // application mode (SS3)
            for m in 2...8 { rows.append(("\u{1B}[1;\(m)\(letter)", target)) }
        }
        let tilde: [(Int, Target)] = [(1, .home), (7, .home), (4, .end), (8, .end), (5, .pageUp), (6, .pageDown), (3, .delete)]
        for (n, target) in tilde {
            rows.append(("\u{1B}[\(n)~", target))        // vt220, Linux console, screen, tmux, rxvt
            for m in 2...8 { rows.append(("\u{1B}[\(n);\(m)~", target)) }
        }
        // rxvt's modified forms: `$` Shift, `^` Ctrl, `@` both.
        for (n, target) in tilde { for suffix in ["$", "^", "@"] { rows.append(("\u{1B}[\(n)\(suffix)", target)) } }
        rows.append(("\u{1B}[Z", .backTab))
        return rows.map { (Array($0.0.utf8), $0.1) }
    }()
}
