/// A terminal colour. The backend maps it down to what the terminal offers
/// (true colour, 256, 8, or none under `NO_COLOR`).
public enum Color: Hashable, Sendable {
    case `default`
    /// One of the 256 indexed colours (0-7 the basic ones, 8-15 bright).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    public static let black = Color.indexed(0)
    public static let red = Color.indexed(1)
    public static let green = Color.indexed(2)
    public static let yellow = Color.indexed(3)
    public static let blue = Color.indexed(4)
    public static let magenta = Color.indexed(5)
    public static let cyan = Color.indexed(6)
    public static let white = Color.indexed(7)
    public static let gray = Color.indexed(8)
}

/// How a cell is drawn: colours and attributes.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, dim: Bool = false,
                reverse: Bool = false, underline: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()

    public func with(fg: Color) -> Style { var s = self; s.fg = fg; return s }
    public func with(bg: Color) -> Style { var s = self; s.bg = bg; return s }
    public var bolded: Style { var s = self; s.bold = true; return s }
    public var reversed: Style { var s = self; s.reverse = true; return s }
    public var dimmed: Style { var s = self; s.dim = true; return s }
}

// MARK: Fewer colours

extension Color {
    /// The basic colour (0-7) nearest to a 256-colour index. - Complexity: O(1)
    public static func nearestBasic(_ i: UInt8) -> UInt8 {
        switch i {
        case 0..<8: return i
        case 8..<16: return i - 8
        case 232...255: return i < 244 ? 0 : 7
        default:
            let v = Int(i) - 16
            let r = v / 36, g = (v / 6) % 6, b = v % 6
            return UInt8((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
        }
    }

    /// What this colour becomes as a foreground where only the 8 basic colours exist:
    /// the nearest basic one, except that a grey which would fold to black (and vanish
    /// on a dark background) becomes the default colour, dimmed. - Complexity: O(1)
    public var basicForeground: (color: Color, dim: Bool) {
        let index: UInt8
        switch self {
        case .default: return (self, false)
        case .indexed(let i): index = i
        case .rgb(let r, let g, let b):
            let red: Int = Int(r) * 5 / 255, green: Int = Int(g) * 5 / 255, blue: Int = Int(b) * 5 / 255
            index = UInt8(16 + 36 * red + 6 * green + blue)
        }
        let basic = Self.nearestBasic(index)
        if basic == 0 && index != 0 { return (.default, true) }
        return (.indexed(basic), false)
    }
}
