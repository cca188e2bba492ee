import CNCursesW
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Maps styles to ncurses attributes and colour pairs, allocating pairs on first use.
/// Colours degrade with the terminal: 256-colour indices fold to the basic 8 when that
/// is all there is, RGB maps to the nearest 256-colour cube entry, and `NO_COLOR` (or a
/// terminal without colour) draws with attributes only.
final class Palette {
    private var pairs: [Pair: Int16] = [:]
    private var colorLevels = 0
    private var maxPairs = 0

    struct Pair: Hashable {
        let fg: Int16
        let bg: Int16
    }

    func setUp() {
        let noColor = (getenv("NO_COLOR").map { String(cString: $0) } ?? "") != ""
        guard !noColor, has_colors() else { return }
        _ = start_color()
        _ = use_default_colors()
        colorLevels = Int(ss_colors())
        maxPairs = Int(ss_color_pairs())
    }

    func attributes(for style: Style) -> (attr_t, Int16) {
        var a = ss_a_normal()
        if style.bold { a |= ss_a_bold() }
        if style.dim { a |= ss_a_dim() }
        if style.reverse { a |= ss_a_reverse() }
        if style.underline { a |= ss_a_underline() }
        guard colorLevels > 0 else {
            // No colour: a selected row (coloured background) still has to show.
            if style.bg != .default && !style.reverse { a |= ss_a_reverse() }
            return (a, 0)
        }
        var fg = style.fg
        if colorLevels < 16 {
            // Grey text would fold to black: default colour, dimmed, instead.
            let folded = fg.basicForeground
            fg = folded.color
            if folded.dim { a |= ss_a_dim() }
        }
        let key = Pair(fg: index(fg), bg: index(style.bg))
        if key.fg == -1 && key.bg == -1 { return (a, 0) }
        if let p = pairs[key] { return (a, p) }
        let next = pairs.count + 1
        guard next < min(maxPairs, 32767) else { return (a, 0) }
        _ = init_pair(Int16(next), key.fg, key.bg)
        pairs[key] = Int16(next)
        return (a, Int16(next))
    }

    private func index(_ c: Color) -> Int16 {
        switch c {
        case .default: return -1
        case .indexed(let i):
            if Int(i) < colorLevels { return Int16(i) }
            return Int16(Self.foldTo8(i))
        case .rgb(let r, let g, let b):
            let cube = 16 + 36 * (Int(r) * 5 / 255) + 6 * (Int(g) * 5 / 255) + Int(b) * 5 / 255
            return colorLevels >= 256 ? Int16(cube) : Int16(Self.foldTo8(UInt8(cube)))
        }
    }

    /// The basic colour nearest to a 256-colour index.
    static func foldTo8(_ i: UInt8) -> UInt8 { Color.nearestBasic(i) }
}
