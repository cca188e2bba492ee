import CNCursesW
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// The terminal, through ncursesw: draws `ScreenBuffer` frames (writing only the cells
/// that changed since the previous frame) and reads keys, mouse and resize events.
///
/// `start()` switches the terminal to full-screen raw mode; `stop()` restores it and is
/// safe to call more than once. SIGINT, SIGTERM and SIGHUP set a flag that `readKey`
/// reports as `nil` with `interrupted == true`, so the caller leaves through its normal
/// exit path and restores the terminal there.
public final class CursesTerminal: TerminalDevice {
    public private(set) var width = 0
    public private(set) var height = 0
    private var previous: ScreenBuffer?
    private var started = false
    private let palette: Palette
    /// Key codes the terminfo entry gave to sequences of `KeySequences` (xterm's
    /// modified keys, for one), read as the key the sequence stands for.
    private var extraCodes: [Int32: Key] = [:]

    public init() {
        palette = Palette()
    }

    /// Whether a termination signal arrived.
    public var interrupted: Bool { TerminationSignal.received != 0 }

    /// The exit status a shell expects after the signal that ended the session: 128 plus
    /// its number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP); 0 when none did.
    public var exitStatus: Int32 {
        let sig = TerminationSignal.received
        return sig == 0 ? 0 : 128 + Int32(sig)
    }

    public func start() {
        guard !started else { return }
        if setlocale(LC_ALL, "") == nil { _ = setlocale(LC_ALL, "C.UTF-8") }
        // Esc alone should act at once, not after ncurses' default one-second wait.
        setenv("ESCDELAY", "25", 0)
        TerminationSignal.install()
        _ = initscr()
        started = true
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = keypad(ss_stdscr(), true)
        learnKeySequences()
        _ = set_escdelay(25)
        _ = curs_set(0)
        palette.setUp()
        _ = mousemask(ss_all_mouse_events(), nil)
        _ = mouseinterval(0)
        refreshSize()
    }

    /// Restores the terminal (cooked mode, cursor, main screen). Idempotent.
    public func stop() {
        guard started else { return }
        started = false
        _ = curs_set(1)
        _ = endwin()
        fflush(nil)
    }

    deinit { stop() }

    private func refreshSize() {
        height = Int(ss_lines())
        width = Int(ss_cols())
        previous = nil
    }

    /// A blank frame of the terminal's current size.
    public func makeBuffer() -> ScreenBuffer { ScreenBuffer(width: width, height: height) }

    /// Writes the cells that differ from the previous frame, then refreshes.
    /// - Complexity: O(cells) to compare, O(changed cells) to write.
    public func draw(_ frame: ScreenBuffer) {
        guard started else { return }
        let full = previous == nil || previous!.width != frame.width || previous!.height != frame.height
        if full { _ = erase() }
        for (x, y) in frame.changedCells(since: previous) where x < width && y < height {
            put(frame[x, y], x: x, y: y)
        }
        previous = frame
        if let c = frame.cursor {
            _ = curs_set(1)
            _ = move(Int32(c.y), Int32(c.x))
        } else {
            _ = curs_set(0)
        }
        _ = refresh()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        let (attrs, pair) = palette.attributes(for: cell.style)
        var wide = Array(cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) })
        if wide.isEmpty { wide = [wchar_t(32)] }
        wide.append(0)
        if ss_put_cell(Int32(y), Int32(x), wide, attrs, pair) == ss_err() {
            // The bottom-right cell reports ERR after writing (the cursor cannot advance).
            _ = ss_put_cell(Int32(y), Int32(x), [wchar_t(32), 0], attrs, pair)
        }
    }

    /// Teaches ncurses every sequence of `KeySequences` that the `TERM`'s terminfo entry
    /// lacks, so Home sent as `ESC [ 1 ~` to a program under TERM=xterm-256color (inside
    /// tmux, say) arrives as one key; sequences the entry already has under a code of its
    /// own are remembered as the key they stand for.
    private func learnKeySequences() {
        for (sequence, target) in KeySequences.all {
            let text = String(decoding: sequence, as: UTF8.self)
            let existing = key_defined(text)
            if existing > 0 {
                if decodeFunctionKey(existing) == nil { extraCodes[existing] = target.key }
            } else if existing == 0 {
                _ = define_key(text, Self.code(target))
            }
            // Negative: the sequence is a prefix of a longer one already defined; leave it.
        }
    }

    private static func code(_ target: KeySequences.Target) -> Int32 {
        switch target {
        case .up: KEY_UP
        case .down: KEY_DOWN
        case .left: KEY_LEFT
        case .right: KEY_RIGHT
        case .home: KEY_HOME
        case .end: KEY_END
        case .pageUp: KEY_PPAGE
        case .pageDown: KEY_NPAGE
        case .delete: KEY_DC
        case .backTab: KEY_BTAB
        }
    }

    /// Waits up to `timeoutMs` for input. Returns nil on timeout or when interrupted.
    public func readKey(timeoutMs: Int) -> Key? {
        guard started else { return nil }
        timeout(Int32(timeoutMs))
        var ch: wint_t = 0
        let rc = ss_get_wch(&ch)
        if rc == ss_err() { return nil }
        if rc == ss_key_code_yes() {
            return decodeFunctionKey(Int32(ch)) ?? extraCodes[Int32(ch)]
        }
        if ch == 27 { return afterEscape() }
        return decodeCharacter(UInt32(ch))
    }

    /// Esc alone, or Alt plus a key: terminals send Alt-x as Esc then `x` at once, so
    /// what is already waiting decides. (Sequences ncurses knows were matched before.)
    private func afterEscape() -> Key {
        timeout(0)
        var next: wint_t = 0
        let rc = ss_get_wch(&next)
        if rc == ss_err() { return .escape }
        if rc != ss_key_code_yes(), next >= 32, next != 127, let scalar = Unicode.Scalar(UInt32(next)) {
            return .alt(Character(scalar))
        }
        // Anything else (a resize, a click, an arrow, another Esc) is a key of its own:
        // it goes back for the next read, and this one was Esc.
        _ = ungetch(Int32(next))
        return .escape
    }

    private func decodeCharacter(_ v: UInt32) -> Key? {
        switch v {
        case 27: return .escape
        case 13, 10: return .enter
        case 9: return .tab
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(v + 96)!))
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .char(Character(s))
        }
    }

    private func decodeFunctionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_RESIZE:
            refreshSize()
            return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) != ss_err() else { return nil }
            let state = event.bstate
            if state & ss_button4_pressed() != 0 { return .mouse(MouseEvent(kind: .wheelUp, x: Int(event.x), y: Int(event.y))) }
            if ss_button5_pressed() != 0 && state & ss_button5_pressed() != 0 {
                return .mouse(MouseEvent(kind: .wheelDown, x: Int(event.x), y: Int(event.y)))
            }
            if state & (ss_button1_pressed() | ss_button1_clicked()) != 0 {
                return .mouse(MouseEvent(kind: .press, x: Int(event.x), y: Int(event.y)))
            }
            return nil
        default:
            if code >= KEY_F0 && code <= KEY_F0 + 12 { return .function(Int(code - KEY_F0)) }
            return nil
        }
    }
}
