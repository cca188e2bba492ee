@testable import Explorer
import TerminalUI
import Testing

/// A click selects what is drawn under it, in a pane that holds two lists as well.
@Suite("Clicks")
struct ClickTests {
    /// Clicks the first row of the groups pane that shows `text`, on the text.
    func click(_ h: Harness, onRowShowing text: String) throws {
        let rect = try #require(h.app.layout.rect(.groups))
        let screen = h.screen
        for y in rect.y..<rect.maxY {
            let row = String(screen[y].dropFirst(rect.x).prefix(rect.width))
            if let r = row.range(of: text) {
                h.press(.mouse(MouseEvent(kind: .press, x: rect.x + row.distance(from: row.startIndex, to: r.lowerBound), y: y)))
                return
            }
        }
        Issue.record("\(text) is not in the groups pane")
    }

    @Test("a click in the groups pane's consumer list selects that consumer, not a group; a click on a group row selects the group")
    func consumerListClick() throws {
        let h = Harness(setup: Harness.stuckOrders + [
            ["XREADGROUP", "GROUP", "billing", "alive", "COUNT", "2", "STREAMS", "orders", ">"],
            ["XGROUP", "CREATECONSUMER", "orders", "billing", "spare"],
        ])
        h.press(.char("3"))
        #expect(h.app.state.focus == .groups)
        #expect(h.app.state.selectedGroup == "billing")
        #expect(h.screenContains("consumers of billing"))
        try click(h, onRowShowing: "spare")
        #expect(h.app.state.selectedConsumer == "spare")
        #expect(h.app.state.selectedGroup == "billing")
        try click(h, onRowShowing: "alive")
        #expect(h.app.state.selectedConsumer == "alive")
        // Enter on the clicked consumer opens the pending pane filtered to it.
        h.press(.enter)
        #expect(h.app.state.pendingConsumer == "alive")
        h.press(.char("3"))
        try click(h, onRowShowing: "shipping")
        #expect(h.app.state.selectedGroup == "shipping")
        #expect(h.app.state.selectedConsumer == nil)
    }
}
