import Explorer
import Testing
import TerminalUI

/// The status line says what happened, in numbers, and why when less happened than was
/// asked; an empty list says why it is empty.
@Suite("Messages that say what happened")
struct MessageTests {
    @Test("dead-lettering says how many entries moved where")
    func deadLetterCounts() {
        let h = Harness()
        h.press(.char("4"), .char(" "), .char(" "), .char("L"), .char("y"))
        #expect(h.app.state.status == "moved 2 entries to 'orders:dead' and acknowledged them in 'billing'")
    }

    @Test("dead-lettering an entry deleted from the stream says it was only acknowledged")
    func deadLetterDeleted() {
        let h = Harness()
        h.press(.char("4"))
        _ = h.reply("XDEL", "orders", "1799999940000-0")
        h.press(.char(" "), .char(" "), .char("L"), .char("y"))
        #expect(h.app.state.status == "moved 1 entry to 'orders:dead' and acknowledged it in 'billing'; 1 entry deleted from the stream was only acknowledged")
    }

    @Test("a claim that moved nothing says why: none was idle long enough")
    func claimNothingSaysWhy() {
        let h = Harness()
        h.press(.char("4"), .char(" "), .char(" "), .char("c"))
        h.type("rescuer 2m")
        h.press(.enter)
        #expect(h.app.state.commandLog.last?.hasPrefix("XCLAIM orders billing rescuer 120000 ") == true)
        #expect(h.app.state.status == "claimed nothing of 2 entries: none was idle for 2m00s yet (min-idle)")
        #expect(h.app.state.pending.allSatisfy { $0.consumer == "dead" })
    }

    @Test("a claim of entries acknowledged meanwhile says they are no longer pending")
    func claimGoneSaysWhy() {
        let h = Harness()
        h.press(.char("4"), .char(" "), .char(" "))
        _ = h.reply("XACK", "orders", "billing", "1799999940000-0")
        h.press(.char("c"))
        h.type("rescuer")
        h.press(.enter)
        #expect(h.app.state.status == "claimed 1 of 2 to rescuer: 1 no longer pending (acknowledged or deleted meanwhile)")
    }

    @Test("deleting a consumer says how many pending entries it dropped")
    func deleteConsumerCounts() {
        let h = Harness()
        h.press(.char("3"), .char("X"))
        h.type("dead")
        h.press(.enter, .char("y"))
        #expect(h.app.state.status == "deleted consumer 'dead' from 'billing': dropped its 4 pending entries, unacknowledged")
    }

    @Test("an empty filtered pending list says nothing matches the filter, not that nothing is pending")
    func emptyFilterSaysFilter() {
        let h = Harness()
        h.press(.char("4"), .char("/"))
        h.type("nobody")
        h.press(.enter)
        #expect(h.screenContains("nothing matches /nobody: 4 pending hidden (/ changes the filter)"))
        #expect(!h.screenContains("nothing pending"))
    }
}
