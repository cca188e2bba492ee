@testable import Explorer
import Testing

/// `s` cycles a pane's order through every choice and back, saying which it is.
@Suite("Sorting")
struct SortTests {
    @Test("in the streams pane s orders by name, then length, then activity, then name again")
    func streamsCycle() {
        let h = Harness(setup: [
            ["XADD", "b-long", "1-0", "f", "v"], ["XADD", "b-long", "2-0", "f", "v"], ["XADD", "b-long", "3-0", "f", "v"],
            ["XADD", "c-recent", "9-0", "f", "v"],
            ["XADD", "a-short", "4-0", "f", "v"], ["XADD", "a-short", "5-0", "f", "v"],
        ])
        h.press(.char("1"))
        func order() -> [String] { h.app.state.visibleStreams.map(\.name.description) }
        #expect(order() == ["a-short", "b-long", "c-recent"])
        h.press(.char("s"))
        #expect(h.app.state.streamSort == .length)
        #expect(h.app.state.status == "streams sorted by length")
        #expect(order() == ["b-long", "a-short", "c-recent"])
        h.press(.char("s"))
        #expect(order() == ["c-recent", "a-short", "b-long"])
        h.press(.char("s"))
        #expect(h.app.state.streamSort == .name)
        #expect(order() == ["a-short", "b-long", "c-recent"])
    }

    @Test("in the pending pane s orders by ID, then idle time, then deliveries, then ID again")
    func pendingCycle() {
        let h = Harness()
        h.press(.char("4"))
        #expect(h.app.state.focus == .pending)
        let before = h.app.state.pendingSort
        for expected in [PendingSort.idle, .deliveries, .id] {
            h.press(.char("s"))
            #expect(h.app.state.pendingSort == expected)
            #expect(h.app.state.status == "pending sorted by \(expected.rawValue)")
        }
        #expect(h.app.state.pendingSort == before)
    }
}
