import Explorer
import RESP
import StreamEngine
import Testing
import TerminalUI

/// The pending pane's acknowledge-and-delete (XACKDEL, Redis 8.2) and claim by reading
/// (XREADGROUP … CLAIM, 8.4), offered only where the source has them.
@Suite("Pending entries: XACKDEL and XREADGROUP CLAIM where the source has them")
struct NewerPendingActionsTests {
    @Test("X asks, then acknowledges and deletes the marked rows with XACKDEL KEEPREF")
    func ackDelete() {
        let h = Harness(dialect: .redis8)
        h.press(.char("4"), .char(" "), .char("X"))
        guard case .confirm(let c)? = h.app.state.modal else { Issue.record("no confirmation"); return }
        let id = h.app.state.pending[0].id
        #expect(c.commands == [["XACKDEL", "orders", "billing", "KEEPREF", "IDS", "1", "\(id)"].map { Array($0.utf8) }])
        h.press(.char("y"))
        #expect(h.app.state.commandLog.last == "XACKDEL orders billing KEEPREF IDS 1 \(id)")
        #expect(h.reply("XLEN", "orders") == .integer(9))
        #expect(h.app.state.pending.count == 3)
    }

    @Test("C claims what is idle (released first) by reading, and stops before new entries")
    func claimByReading() {
        let h = Harness(dialect: .redis8)
        h.press(.char("4"), .char("C"))
        h.type("rescuer 30s")
        h.press(.enter)
        #expect(h.app.state.commandLog.last == "XREADGROUP GROUP billing rescuer COUNT 4 CLAIM 30000 STREAMS orders >")
        #expect(h.app.state.pending.allSatisfy { $0.consumer == "rescuer" })
        #expect(h.app.state.pending.count == 4)  // the six undelivered entries stay undelivered
        h.press(.char("C"))
        h.type("rescuer 30s")
        h.press(.enter)
        #expect(h.app.state.status == "nothing is idle for 30s and nothing is released: no claim to make")
    }

    @Test("on a source without them, X and C say which Redis added them")
    func refused() {
        let h = Harness(dialect: .redis8_0)
        h.press(.char("4"), .char(" "), .char("X"))
        #expect(h.app.state.modal == nil)
        #expect(h.app.state.status == "acknowledge-and-delete needs XACKDEL (Redis 8.2); this source answers as Redis 8.0.2")
        h.press(.char("C"))
        #expect(h.app.state.status == "claiming by reading needs XREADGROUP CLAIM (Redis 8.4); this source answers as Redis 8.0.2")
    }
}
