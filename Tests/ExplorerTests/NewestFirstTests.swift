import Explorer
import StreamEngine
import Testing
import TerminalUI

/// The entries pane turned over: newest on top, a live tail keeping the newest entry
/// there, moves and clicks in the direction drawn.
@Suite("Newest first")
struct NewestFirstTests {
    /// The entries table's rows as drawn (lines holding an entry ID), top to bottom.
    static func entryLines(_ h: Harness) -> [String] {
        h.screen.filter { $0.contains("-0 2027-") }
    }

    @Test("r lists newest first; a live tail keeps the newest entry on top as entries arrive; r again turns it back")
    func tailOnTop() {
        let h = Harness()
        h.press(.char("2"), .char("r"))
        #expect(h.app.state.newestFirst)
        var rows = Self.entryLines(h)
        #expect(rows.first?.contains("1799999949000-0") == true, "\(rows)")
        #expect(rows.last?.contains("1799999940000-0") == true, "\(rows)")
        #expect(h.screen.contains { $0.contains("2 Entries of orders · following") && $0.contains("newest first") })
        for i in 0..<3 {
            _ = h.reply("XADD", "orders", "1800000001\(i)00-0", "item", "new\(i)")
            h.clock.advance(by: 1000)
            h.app.tick()
            rows = Self.entryLines(h)
            #expect(rows.first?.contains("1800000001\(i)00-0") == true, "after append \(i): \(rows)")
        }
        h.press(.char("r"))
        rows = Self.entryLines(h)
        #expect(rows.last?.contains("1800000001200-0") == true)
        #expect(!h.app.state.newestFirst)
    }

    @Test("newest first, j moves to older entries and past the bottom scrolls earlier; a click selects the row drawn")
    func movesFollowTheDrawing() {
        let setup = (0..<40).map { i in ["XADD", "s", "\(1_800_000_000_000 + UInt64(i) * 1000)-0", "n", "\(i)"] }
        let h = Harness(width: 120, height: 40, setup: setup)
        h.press(.char("2"), .char("r"))
        let rows = h.app.state.entries.count
        #expect(h.app.state.entries.last?.id == StreamID(ms: 1_800_000_039_000, seq: 0))
        h.press(.char("j"))
        #expect(h.app.state.selectedEntry == StreamID(ms: 1_800_000_038_000, seq: 0))
        for _ in 0..<rows { h.press(.char("j")) }
        // Past the bottom row: the window scrolled to earlier entries.
        #expect(h.app.state.entries.first!.id < StreamID(ms: 1_800_000_040_000 - UInt64(rows) * 1000, seq: 0))
        #expect(h.app.state.selectedEntry! < StreamID(ms: 1_800_000_038_000 - UInt64(rows - 1) * 1000, seq: 0))
        let top = h.app.state.entries.last!.id
        h.press(.char("k"))
        h.app.send(.action(.selectRow(0)))
        #expect(h.app.state.selectedEntry == top)
    }
}
