import Explorer
import StreamEngine
import Testing
import TerminalUI

/// Numbers beside bars, never cut, and never measured from 1970.
@Suite("Numbers beside bars")
struct NumbersTests {
    /// The standard screen drawn straight from a state.
    static func draw(_ s: AppState) -> [String] {
        var buf = ScreenBuffer(width: s.screenWidth, height: s.screenHeight)
        var view = ExplorerView(state: s, keyMap: .standard(readOnly: false),
                                layout: Layout(width: s.screenWidth, height: s.screenHeight, focus: s.focus))
        view.render(into: &buf)
        return buf.lines()
    }

    static func bigStream() -> AppState {
        var s = AppState()
        s.screenWidth = 120
        s.screenHeight = 40
        let first = StreamID(ms: 1_700_000_000_000, seq: 0), last = StreamID(ms: 1_700_000_299_031, seq: 0)
        s.streams = [StreamSummary(key: Array("orders".utf8), length: 299_032, firstID: first, lastID: last, groups: 1, pending: 0, memory: nil)]
        s.selectedStream = s.streams[0].key
        s.groups = [GroupSummary(name: "fresh", consumers: 0, pending: 0, lastDeliveredID: .zero, entriesRead: 0, lag: 299_032,
                                 oldestPending: nil, oldestIdleMs: nil)]
        s.selectedGroup = "fresh"
        s.rates[s.streams[0].key] = [3, 7, 12, 1234]
        return s
    }

    @Test("a group's lag shows whole (299032, not 2990…), and behind for a group at 0-0 is its backlog's age, not the time since 1970")
    func lagAndBehind() {
        let lines = Self.draw(Self.bigStream())
        let row = lines.first { $0.hasPrefix("│ fresh") }
        #expect(row?.contains(" 299032 ") == true, "\(row ?? "no row")")
        #expect(row?.contains(" 4m59s ") == true, "\(row ?? "no row")")
    }

    @Test("the streams pane shows the rate as a number beside its sparkline")
    func rateNumber() {
        let lines = Self.draw(Self.bigStream())
        let header = lines.first { $0.contains("stream") && $0.contains("rate/s") }
        let row = lines.first { $0.contains("orders") && $0.contains("299.0k") }
        #expect(header != nil)
        #expect(row?.contains(" 1234 ") == true, "\(row ?? "no row")")
        #expect(row?.contains(Sparkline.render([3, 7, 12, 1234], width: 8)) == true, "\(row ?? "no row")")
    }

    @Test("a table column sized to fit is as wide as its widest cell")
    func fitColumn() {
        let t = Table(columns: [.init("name", .flex(min: 4)), .init("lag", .fit(min: 3), alignRight: true)],
                      rows: [["a", "7"], ["b", "299032"]])
        #expect(t.widths(total: 20) == [12, 6])
    }

    @Test("the marked range's count and rate show in the status line")
    func markedInStatus() {
        let h = Harness()
        h.press(.char("2"), .char("["), .char("m"), .char("["), .char("["))
        #expect(h.app.state.markedCount != nil)
        let status = h.screen[h.app.height - 2]
        #expect(status.hasPrefix(" marked: "), "\(status)")
        #expect(status.contains(" entr") && status.contains("/s from "), "\(status)")
    }

    @Test("a real group at 0-0 on the embedded engine: behind is the backlog's span")
    func behindOnEngine() {
        let h = Harness(setup: Harness.stuckOrders + [["XGROUP", "CREATE", "orders", "fresh", "0"]])
        let row = h.screen.first { $0.hasPrefix("│ fresh") }
        #expect(row?.contains(" 10 ") == true && row?.contains(" 9s ") == true, "\(row ?? "no row")")
    }
}
