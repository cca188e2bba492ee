import TerminalUI

/// The colour theme: the standard one, or high contrast for projectors, bright rooms and
/// weak eyes (`theme = "high-contrast"` in the configuration file). A theme maps the
/// styles of a drawn frame, so no pane knows about it. - Complexity: O(cells)
public enum Theme: String, Equatable, Sendable, CaseIterable {
    case standard = "default"
    case highContrast = "high-contrast"

    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    /// Restyles every cell of a frame.
    public func apply(to buf: inout ScreenBuffer) {
        guard self == .highContrast else { return }
        for y in 0..<buf.height {
            for x in 0..<buf.width { buf[x, y].style = Self.highContrast(buf[x, y].style) }
        }
    }

    /// No dim or grey text (grey on black is the first thing a projector loses); colours
    /// move to their bright variants and are bold; the blue title bar and the cyan
    /// selection become white on black and black on bright white.
    static func highContrast(_ s: Style) -> Style {
        var out = s
        out.dim = false
        switch s.fg {
        case .gray, .indexed(244), .indexed(245), .indexed(246), .indexed(247), .indexed(248): out.fg = .indexed(15)
        case .indexed(let i) where (1...6).contains(i): out.fg = .indexed(i + 8); out.bold = true
        default: break
        }
        switch s.bg {
        case .blue: out.bg = .black; out.fg = .indexed(15); out.bold = true
        case .cyan: out.bg = .indexed(15); out.fg = .black; out.bold = true
        case .indexed(let i) where i >= 232: out.bg = .black; if out.fg == .default { out.fg = .indexed(15) }
        default: break
        }
        return out
    }
}
