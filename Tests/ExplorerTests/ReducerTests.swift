import Explorer
import RESP
import StreamEngine
import Testing
import TerminalUI

/// The reducer alone: a state built by hand, keys pressed as messages, and the state and
/// effects that come back checked. No data source, no runtime.
@Suite("Reducer: keys as messages, state and effects out")
struct ReducerTests {
    let reducer = Reducer(readOnly: false)

    /// Two streams; `orders` selected with three entries, two groups and three pending
    /// rows of `billing`, on a 120×40 screen.
    static func state() -> AppState {
        var s = AppState()
        s.screenWidth = 120
        s.screenHeight = 40
        s.streams = [StreamSummary(key: Array("orders".utf8), length: 3, firstID: StreamID(ms: 1, seq: 0), lastID: StreamID(ms: 3, seq: 0),
                                   groups: 2, pending: 3, memory: nil),
                     StreamSummary(key: Array("payments".utf8), length: 0, firstID: nil, lastID: nil, groups: 0, pending: 0, memory: nil)]
        s.selectedStream = Array("orders".utf8)
        s.entries = (1...3).map { EntryRow(id: StreamID(ms: UInt64($0), seq: 0), pairs: [(Array("item".utf8), Array("x\($0)".utf8))]) }
        s.groups = ["billing", "shipping"].map {
            GroupSummary(name: BinaryName(Array($0.utf8)), consumers: 1, pending: 3, lastDeliveredID: StreamID(ms: 3, seq: 0),
                         entriesRead: 3, lag: 0, oldestPending: StreamID(ms: 1, seq: 0), oldestIdleMs: 60_000)
        }
        s.selectedGroup = "billing"
        s.consumers = [ConsumerSummary(name: "dead", pending: 3, idleMs: 60_000)]
        s.pending = (1...3).map { PendingRow(id: StreamID(ms: UInt64($0), seq: 0), consumer: "dead", idleMs: 60_000, deliveries: 1) }
        s.selectedPending = StreamID(ms: 1, seq: 0)
        return s
    }

    func press(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for k in keys { effects += reducer.update(&s, .key(k)) }
        return effects
    }

    @Test("Tab and Shift-Tab cycle the focusable panes in the declared order; number keys jump; a change of pane asks for a refresh")
    func focus() {
        var s = Self.state()
        var order: [PaneID] = []
        for _ in 0..<5 {
            #expect(press(&s, .tab) == [.refresh])
            order.append(s.focus)
        }
        #expect(order == [.entries, .groups, .pending, .commandLog, .streams])
        _ = press(&s, .backTab)
        #expect(s.focus == .commandLog)
        #expect(press(&s, .char("3")) == [.refresh])
        #expect(s.focus == .groups)
        #expect(press(&s, .char("3")).isEmpty, "no change, no refresh")
    }

    @Test("j/k move the focused pane's selection; a new stream or group asks for a refresh, a pending row does not")
    func moveByPane() {
        var s = Self.state()
        #expect(press(&s, .char("j")) == [.refresh])
        #expect(s.selectedStream == Array("payments".utf8))
        #expect(s.entries.isEmpty && s.selectedGroup == nil, "a new stream starts from scratch")
        s = Self.state()
        _ = press(&s, .char("3"))
        #expect(press(&s, .down) == [.refresh])
        #expect(s.selectedGroup == "shipping")
        s = Self.state()
        _ = press(&s, .char("4"))
        #expect(press(&s, .char("j"), .char("j"), .char("j")).isEmpty)
        #expect(s.selectedPending == StreamID(ms: 3, seq: 0), "clamped at the last row")
    }

    @Test("moving past the entries window scrolls it; paging scrolls by a window; Home and End reload from the head and the tail")
    func entriesScroll() {
        var s = Self.state()
        _ = press(&s, .char("2"))
        // The window's height follows the layout for the screen's size and focus.
        let rows = Reducer(readOnly: false).screenLayout(s).rows(.entries)
        #expect(s.entryRows == rows && rows > 3)
        #expect(press(&s, .char("j")) == [.scrollEntries(1)], "following: the selection is the last row")
        #expect(press(&s, .pageUp) == [.scrollEntries(-rows)])
        #expect(press(&s, .home) == [.refresh])
        #expect(s.windowStart == .zero)
        #expect(press(&s, .end) == [.refresh])
        #expect(s.follow)
    }

    @Test("Enter opens by pane: stream → entries, group → pending, pending row → its entry")
    func openByPane() {
        var s = Self.state()
        #expect(press(&s, .enter) == [.refresh])
        #expect(s.focus == .entries)
        _ = press(&s, .char("3"))
        _ = press(&s, .enter)
        #expect(s.focus == .pending)
        #expect(press(&s, .enter) == [.showEntry(StreamID(ms: 1, seq: 0))])
    }

    @Test("Esc steps back by pane: marks first, then groups, then streams; a stream filter is cleared with a refresh")
    func backByPane() {
        var s = Self.state()
        _ = press(&s, .char("4"), .char(" "))
        #expect(s.marked == [StreamID(ms: 1, seq: 0)])
        _ = press(&s, .escape)
        #expect(s.marked.isEmpty && s.focus == .pending)
        _ = press(&s, .escape)
        #expect(s.focus == .groups)
        _ = press(&s, .escape)
        #expect(s.focus == .streams)
        s.streamFilter = "ord"
        #expect(press(&s, .escape) == [.refresh])
        #expect(s.streamFilter.isEmpty)
    }

    @Test("a key bound in another pane does nothing here and says so; s sorts the focused pane's rows")
    func paneKeys() {
        var s = Self.state()
        #expect(press(&s, .char("x")).isEmpty)
        #expect(s.modal == nil && s.status == "x does nothing here: ? lists the keys")
        _ = press(&s, .char("s"))
        #expect(s.streamSort == .length && s.pendingSort == .id)
        _ = press(&s, .char("4"), .char("s"))
        #expect(s.pendingSort == .idle && s.streamSort == .length)
    }

    @Test("acknowledging the marked rows asks, then y returns the XACK to run")
    func acknowledge() {
        var s = Self.state()
        _ = press(&s, .char("4"), .char(" "), .char(" "), .char("x"))
        guard case .confirm? = s.modal else {
            Issue.record("no confirmation: \(String(describing: s.modal))")
            return
        }
        let effects = press(&s, .char("y"))
        #expect(effects == [.run([Args.of("XACK", "orders", "billing", [StreamID(ms: 1, seq: 0), StreamID(ms: 2, seq: 0)])], atomic: false)])
        #expect(s.modal == nil)
    }

    @Test("a claim typed into its form returns the XCLAIM; the marks are cleared")
    func claim() {
        var s = Self.state()
        _ = press(&s, .char("4"), .char(" "), .char("c"))
        for c in "rescuer" { _ = press(&s, .char(c)) }
        let effects = press(&s, .enter)
        #expect(effects == [.run([Args.of("XCLAIM", "orders", "billing", "rescuer", "0", [StreamID(ms: 1, seq: 0)])], atomic: false)])
        #expect(s.marked.isEmpty)
    }

    @Test("Esc while the source is busy cancels it; Ctrl-C quits; a resize records the size and refreshes")
    func runtimeMessages() {
        var s = Self.state()
        s.sourceBusy = true
        #expect(press(&s, .escape) == [.cancelSource])
        #expect(s.statusIsError)
        s.sourceBusy = false
        #expect(reducer.update(&s, .resize(width: 70, height: 20)) == [.refresh])
        #expect(s.screenWidth == 70 && reducer.screenLayout(s).compact)
        _ = press(&s, .ctrl("c"))
        #expect(s.quitRequested)
    }

    @Test("a click focuses the pane under it and selects the row (its table's scroll offset added); the wheel scrolls")
    func mouse() throws {
        var s = Self.state()
        let rect = try #require(reducer.screenLayout(s).rect(.pending))
        s.tableOffsets[.pending] = 1
        // Border, header, then the rows: the first row shown is row 1 of the table.
        _ = press(&s, .mouse(MouseEvent(kind: .press, x: rect.x + 3, y: rect.y + 2)))
        #expect(s.focus == .pending)
        #expect(s.selectedPending == StreamID(ms: 2, seq: 0))
        _ = press(&s, .mouse(MouseEvent(kind: .wheelDown, x: rect.x + 3, y: rect.y + 2)))
        #expect(s.selectedPending == StreamID(ms: 3, seq: 0))
        // The time scrubber takes no focus.
        let scrubber = try #require(reducer.screenLayout(s).rect(.timeScrubber))
        _ = press(&s, .mouse(MouseEvent(kind: .press, x: scrubber.x + 2, y: scrubber.y + 2)))
        #expect(s.focus == .pending)
    }

    @Test("read-only: the writing bindings are gone, so their keys do nothing")
    func readOnly() {
        let r = Reducer(readOnly: true)
        var s = Self.state()
        _ = r.update(&s, .key(.char("4")))
        #expect(r.update(&s, .key(.char("x"))).isEmpty)
        #expect(s.modal == nil)
        _ = r.update(&s, .key(.char("a")))
        #expect(s.modal == nil)
    }
}
