import Explorer
import StreamEngine
import Testing
import TerminalUI

/// The entries pane's gutter shows the selected group's position truthfully.
@Suite("The entries gutter")
struct GutterTests {
    /// The gutter glyph of the row showing `id`.
    static func gutter(_ lines: [String], _ id: String) -> Character? {
        guard let line = lines.first(where: { $0.contains(id + " ") && $0.contains("item") }),
              let at = line.range(of: id) else { return nil }
        return line[line.index(before: at.lowerBound)]
    }

    @Test("┃ marks only entries still pending, not acknowledged ones between them; ▶ the last delivered, · the undelivered")
    func pendingOnly() {
        let h = Harness()
        _ = h.reply("XACK", "orders", "billing", "1799999941000-0")
        h.press(.char("2"))
        let lines = h.screen
        #expect(Self.gutter(lines, "1799999940000-0") == "┃")
        #expect(Self.gutter(lines, "1799999941000-0") == " ", "acknowledged: no mark")
        #expect(Self.gutter(lines, "1799999942000-0") == "┃")
        #expect(Self.gutter(lines, "1799999943000-0") == "▶")
        #expect(Self.gutter(lines, "1799999944000-0") == "·")
        #expect(h.app.state.pendingOnScreen == [StreamIDs.at(40), StreamIDs.at(42), StreamIDs.at(43)])
    }

    @Test("the time scrubber's ━ marks the buckets holding pending entries, not the acknowledged ones between")
    func scrubberPendingOnly() {
        let h = Harness()
        let marks = { h.screen.joined().filter { $0 == "━" }.count }
        #expect(marks() == 3, "940, 941, 942 pending (943 is under billing's b); once a run of ━ from 940 to 943")
        _ = h.reply("XACK", "orders", "billing", "1799999941000-0", "1799999942000-0")
        h.press(.char("2"))
        #expect(marks() == 1, "940 alone; 943 is under billing's b")
    }
}

/// IDs of the harness's ten orders by their second.
enum StreamIDs {
    static func at(_ second: Int) -> StreamID { StreamID(ms: 1_799_999_900_000 + UInt64(second) * 1000, seq: 0) }
}
