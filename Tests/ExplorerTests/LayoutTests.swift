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

    @Test("under 90 columns or 24 rows the focused pane fills the body alone", arguments: [(89, 40), (120, 23), (40, 10)])
    func compact(size: (Int, Int)) {
        let layout = Layout(width: size.0, height: size.1, focus: .groups)
        #expect(layout.compact)
        #expect(layout.placed.map(\.id) == [.groups])
        #expect(layout.placed.first?.rect == Rect(x: 0, y: 1, width: size.0, height: size.1 - 3))
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
