import Explorer
import Testing
import TerminalUI

/// From a group's consumers to one consumer's pending entries, and back.
@Suite("Drill-down to a consumer")
struct DrillDownTests {
    /// The standard orders, and a second consumer `alive` holding two more entries.
    static let twoConsumers = Harness.stuckOrders + [
        ["XREADGROUP", "GROUP", "billing", "alive", "COUNT", "2", "STREAMS", "orders", ">"],
    ]

    @Test("Enter on a consumer shows the pending pane filtered to it; Esc returns to the consumer with every entry again")
    func enterOnConsumer() {
        let h = Harness(setup: Self.twoConsumers)
        h.press(.char("3"), .char("l"))
        #expect(h.app.state.selectedConsumer == "alive")
        h.press(.char("j"))
        #expect(h.app.state.selectedConsumer == "dead")
        #expect(h.app.state.selectedGroup == "billing", "moving among consumers leaves the group")
        h.press(.enter)
        #expect(h.app.state.focus == .pending)
        #expect(h.app.state.pendingConsumer == "dead")
        #expect(h.app.state.visiblePending.count == 4)
        #expect(h.app.state.visiblePending.allSatisfy { $0.consumer == "dead" })
        #expect(h.screenContains("4 Pending of billing · consumer dead (esc: all) (4)"))
        h.press(.escape)
        #expect(h.app.state.focus == .groups)
        #expect(h.app.state.pendingConsumer == nil)
        #expect(h.app.state.selectedConsumer == "dead")
        #expect(h.app.state.visiblePending.count == 6)
        h.press(.char("h"), .enter)
        #expect(h.app.state.focus == .pending && h.app.state.pendingConsumer == nil, "Enter on the group: all its entries")
    }

    @Test("the consumer drill-down loads the consumer's own entries, not a filter of the group's first 1,000")
    func loadsTheConsumersOwn() {
        let h = Harness(setup: Self.twoConsumers)
        h.press(.char("3"), .char("l"), .enter)
        #expect(h.app.state.pending.map(\.consumer) == ["alive", "alive"])
    }
}
