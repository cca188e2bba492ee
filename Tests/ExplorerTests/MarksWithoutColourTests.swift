import Explorer
import Testing
import TerminalUI

/// NO_COLOR, monochrome and 8-colour terminals lose colour, not meaning: every state the
/// explorer shows by colour also has a glyph (or an attribute), and the legends name
/// glyphs, not colours.
@Suite("Marks without colour")
struct MarksWithoutColourTests {
    /// The standard harness with entry 1799999942000-0 delivered 6 times (poison) and the
    /// others idle a minute (stuck), the pending pane focused.
    func troubled() -> Harness {
        let h = Harness()
        for _ in 0..<5 { _ = h.reply("XCLAIM", "orders", "billing", "dead", "0", "1799999942000-0") }
        h.press(.char("4"))
        return h
    }

    @Test("stuck and poison pending rows carry ! and ✗ beside their numbers; the legend names glyphs, not colours")
    func pendingGlyphs() {
        let h = troubled()
        let lines = h.screen
        let poison = lines.first { $0.contains("1799999942000-0") && $0.contains("dead") }!
        let stuck = lines.first { $0.contains("1799999943000-0") && $0.contains("dead") }!
        #expect(poison.contains("✗6"))
        #expect(!poison.contains("!"))
        #expect(stuck.contains("!1m00s"))
        #expect(lines.contains { $0.contains(" ! idle ≥ 30s · ✗ ≥ 5 deliveries ") })
        #expect(!lines.contains { $0.contains("red") || $0.contains("magenta") })
        h.app.configure(stuckIdleMs: 120_000, poisonDeliveries: 10)
        let calm = h.screen
        #expect(!calm.contains { $0.contains("!1m00s") || $0.contains("✗6") })
        #expect(calm.contains { $0.contains(" ! idle ≥ 2m00s · ✗ ≥ 10 deliveries ") })
    }

    @Test("a group and a consumer holding a stuck entry show ! before the idle time")
    func groupGlyphs() {
        let h = Harness()
        let lines = h.screen
        #expect(lines.contains { $0.contains("billing") && $0.contains("!1m00s") })
        #expect(lines.contains { $0.contains("│ dead ") && $0.contains("!") })
        #expect(lines.contains { $0.contains(" ! pending idle ≥ 30s ") })
    }

    @Test("every cell drawn in red or magenta with no attribute sits on a line that also says it with a glyph")
    func noColourOnlyState() {
        let h = troubled()
        h.press(.char("2"), .char("["), .char("m"), .char("["), .char("["))
        let buf = h.app.render()
        let lines = buf.lines()
        let glyphs = ["!", "✗", "●", "┃", "━", "░"]
        for y in 0..<buf.height {
            let colourOnly = (0..<buf.width).contains { x in
                let s = buf[x, y].style
                return (s.fg == .red || s.fg == .magenta) && !s.bold && !s.underline && !s.reverse && buf[x, y].text != " "
            }
            #expect(!colourOnly || glyphs.contains { lines[y].contains($0) }, "line \(y) says something by colour alone: \(lines[y])")
        }
        #expect(lines.contains { $0.contains("░") }, "the marked range shows without colour")
    }
}
