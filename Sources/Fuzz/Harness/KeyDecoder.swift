import TerminalUI

/// Key presses decoded from a fuzzer's bytes: the editing and navigation keys, typed
/// characters (wide, combining and escaped ones included), whole words that reach the
/// prompt's commands quickly, and, for the explorer, resizes, mouse events and time.
enum KeyDecoder {
    /// What one decoded step does.
    enum Step {
        case keys([Key])
        case resize(width: Int, height: Int)
        case wait(milliseconds: UInt64)
    }

    static let specials: [Key] = [
        .enter, .escape, .backspace, .delete, .tab, .backTab, .up, .down, .left, .right,
        .pageUp, .pageDown, .home, .end, .function(1), .function(5),
        .ctrl("a"), .ctrl("b"), .ctrl("c"), .ctrl("d"), .ctrl("e"), .ctrl("f"), .ctrl("g"), .ctrl("h"),
        .ctrl("k"), .ctrl("l"), .ctrl("r"), .ctrl("u"), .ctrl("w"),
    ]

    static let characters: [Character] = Array(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :/?-=*~()[]{}<>$+.,;_\"'\\"
    ) + ["é", "ü", "日", "本", "🙂", "e\u{301}", "\u{200B}", "\u{FF01}"]

    /// Typed as a whole: commands and arguments for the `:` prompt and the forms.
    static let words = [
        ":", "/", "XADD ", "XADD orders * item x qty 1", "XGROUP CREATE orders g9 0", "XREADGROUP GROUP billing c1 STREAMS orders >",
        "XDEL orders ", "XTRIM orders MAXLEN 2", "DEL orders", "SET orders x", "\"a\\x1b[2Jb\"", "\"k\\xff\"", "\"tab\\there\"",
        "\"\\x00\"", "'unbalanced", "ünï", "1799999945000-0", "+", "-", "$", ">", "*", "99999999999999999999",
    ]

    /// The next step, or nil when the input has run out.
    static func next(_ input: inout FuzzInput) -> Step? {
        guard !input.isExhausted else { return nil }
        let b = Int(input.byte())
        switch b {
        case 0..<specials.count:
            return .keys([specials[b]])
        case specials.count..<200:
            return .keys([.char(characters[(b - specials.count) % characters.count])])
        case 200..<212:
            return .resize(width: 1 + input.below(220), height: 1 + input.below(80))
        case 212..<224:
            let kinds: [MouseEvent.Kind] = [.press, .wheelUp, .wheelDown]
            return .keys([.mouse(MouseEvent(kind: input.pick(kinds), x: input.below(220), y: input.below(80)))])
        case 224..<236:
            return .wait(milliseconds: UInt64(input.byte()) * 50)
        default:
            return .keys(input.pick(words).map { .char($0) })
        }
    }
}
