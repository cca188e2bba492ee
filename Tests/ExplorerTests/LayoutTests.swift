import Explorer
import Testing
import TerminalUI

@Suite("Declared layout")
struct LayoutTests {
    /// The wide arrangement worked out by hand: the log along the bottom, streams over
    /// groups in a left column of 2/5 the width (40 to 48), entries over the time
    /// scrubber (7 rows) over pending (7/20 of the right column).
    static func expected(_ w: Int, _ h: Int) -> [PaneID: Rect] {
        let body = Rect(x: 0, y: 1, width: w, height: h - 3)
        let (log, main) = body.splitRows(-4)
        let (left, right) = main.splitColumns(min(48, max(40, w * 2 / 5)))
        let (streams, groups) = left.splitRows(left.height * 11 / 20)
        let (pending, upper) = right.splitRows(-(right.height * 7 / 20))
        let (scrubber, entries) = upper.splitRows(-7)
        return [.streams: streams, .groups: groups, .entries: entries, .timeScrubber: scrubber, .pending: pending, .commandLog: log]
    }

    @Test("from 90×24 up every pane has its place; the rectangles tile the body", arguments: [(90, 24), (120, 40), (160, 45), (200, 60), (97, 31)])
    func wide(size: (Int, Int)) {
        let layout = Layout(width: size.0, height: size.1, focus: .pending)
        #expect(!layout.compact)
        var placed: [PaneID: Rect] = [:]
        for p in layout.placed { placed[p.id] = p.rect }
        #expect(placed == Self.expected(size.0, size.1))
        #expect(placed.values.reduce(0) { $0 + $1.width * $1.height } == size.0 * (size.1 - 3))
    }

    @Test("from 60×20 to a projector's 80×24: a tab strip, then a pane stacked over the one that explains it",
          arguments: [(89, 40), (120, 23), (80, 24), (60, 20)])
    func projector(size: (Int, Int)) {
        let (w, h) = size
        let body = Rect(x: 0, y: 2, width: w, height: h - 4)
        for (focus, ids) in [(PaneID.streams, [PaneID.streams, .groups]), (.groups, [.groups, .pending]), (.pending, [.groups, .pending])] {
            let layout = Layout(width: w, height: h, focus: focus)
            #expect(layout.compact && layout.tabs == Rect(x: 0, y: 1, width: w, height: 1))
            #expect(layout.placed.map(\.id) == ids, "focus \(focus)")
            let top = body.height * (focus == .streams ? 1 : 2) / (focus == .streams ? 2 : 5)
            #expect(layout.placed.map(\.rect) == [Rect(x: 0, y: 2, width: w, height: top),
                                                   Rect(x: 0, y: 2 + top, width: w, height: body.height - top)])
        }
        for focus in [PaneID.entries, .commandLog] {
            let layout = Layout(width: w, height: h, focus: focus)
            #expect(layout.placed.map(\.id) == [focus] && layout.placed.first?.rect == body, "\(focus) alone")
        }
    }

    @Test("below 60×20 the focused pane fills the body alone, under the tab strip", arguments: [(59, 40), (120, 19), (40, 10)])
    func compact(size: (Int, Int)) {
        let layout = Layout(width: size.0, height: size.1, focus: .groups)
        #expect(layout.compact)
        #expect(layout.placed.map(\.id) == [.groups])
        #expect(layout.placed.first?.rect == Rect(x: 0, y: 2, width: size.0, height: size.1 - 4))
    }

    @Test("the tab strip names every pane that takes the focus, the focused one bracketed; a click on a tab goes there")
    func tabStrip() throws {
        let h = Harness(width: 80, height: 24)
        let strip = h.screen[1]
        #expect(strip.contains("[1 Streams]") && strip.contains(" 2 Entries ") && strip.contains(" 4 Pending ") && strip.contains(" 5 Command log"))
        #expect(!h.screenContains("Entries of orders"), "entries are off screen while the streams have the focus")
        let layout = h.app.layout
        let pending = try #require(layout.tabHits.first { $0.id == .pending })
        h.press(.mouse(MouseEvent(kind: .press, x: pending.x.lowerBound + 1, y: 1)))
        #expect(h.app.state.focus == .pending)
        #expect(h.screen[1].contains("[4 Pending]"))
        #expect(h.screenContains("Pending of billing") && h.screenContains("Groups"), "a group over its pending entries")
    }

    @Test("the help finds keys: / and a word list only the bindings that mention it; esc shows all again, then closes")
    func helpSearch() {
        let h = Harness(width: 80, height: 24)
        h.press(.char("?"), .char("/"))
        h.type("claim")
        #expect(h.screenContains("find: claim"))
        h.press(.enter)
        let shown = h.screen.joined(separator: "\n")
        let claims = h.app.keyMap.bindings.filter { $0.help.lowercased().contains("claim") || $0.keyLabel.contains("claim") }
        #expect(claims.count >= 2)
        for b in claims { #expect(shown.contains(b.help), "\(b.help) missing") }
        #expect(!shown.contains("streams pane"), "bindings without the word are hidden")
        h.press(.escape)
        #expect(h.screenContains("streams pane") && h.app.state.modal != nil)
        h.press(.escape)
        #expect(h.app.state.modal == nil)
        h.press(.char("?"), .char("/"))
        h.type("zzzz")
        #expect(h.screenContains("no key matches 'zzzz'"))
    }

    @Test("a click finds only panes that take the focus")
    func mouseHits() throws {
        let layout = Layout(width: 120, height: 40, focus: .streams)
        let scrubber = try #require(layout.rect(.timeScrubber))
        #expect(layout.pane(atX: scrubber.x + 1, y: scrubber.y + 1) == nil)
        let pending = try #require(layout.rect(.pending))
        #expect(layout.pane(atX: pending.x + 1, y: pending.y + 1) == .pending)
    }
}
