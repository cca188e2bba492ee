import Explorer
import RESP
import StreamEngine
import Testing
import TerminalUI

/// Trimming with ACKED (Redis 8.2) from the explorer: the preview says what it keeps
/// and why, a trim that would take what a group needs points to ACKED, and a source
/// without the policies says which Redis added them.
@Suite("Trim with ACKED where the source has it")
struct TrimAckedTests {
    @Test("T 'MAXLEN 3 ACKED' shows what each group keeps and why, then trims nothing a group needs")
    func ackedPreview() {
        let h = Harness(dialect: .redis8)
        h.press(.char("T"))
        h.type("3 acked")
        h.press(.enter)
        guard case .confirm(let c)? = h.app.state.modal else { Issue.record("no confirmation"); return }
        #expect(c.question.first == "Trim orders with MAXLEN 3 ACKED?")
        #expect(c.question.contains { $0.contains("only those every group has read and acknowledged are deleted") })
        #expect(c.question.contains("  kept for group 'billing': 4 still pending there (delivered, not acknowledged), 3 not yet delivered to it"))
        #expect(c.commands == [["XTRIM", "orders", "MAXLEN", "3", "ACKED"].map { Array($0.utf8) }])
        h.press(.char("y"))
        #expect(h.reply("XLEN", "orders") == .integer(10))
        // Once billing has read and acknowledged everything, the same trim goes through.
        let all = (0..<10).map { "\(1_800_000_000_000 - 60_000 + UInt64($0) * 1000)-0" }
        let done = Harness.stuckOrders + [["XREADGROUP", "GROUP", "billing", "dead", "STREAMS", "orders", ">"],
                                               ["XACK", "orders", "billing"] + all]
        let g = Harness(setup: done, dialect: .redis8)
        g.press(.char("T"))
        g.type("3 ACKED")
        g.press(.enter)
        guard case .confirm(let d)? = g.app.state.modal else { Issue.record("no confirmation"); return }
        #expect(d.question.last == "Every group has read and acknowledged them: all of them go.")
        g.press(.char("y"))
        #expect(g.reply("XLEN", "orders") == .integer(3))
    }

    @Test("a trim that would take what a group needs points to ACKED, where the source has it")
    func pointsToAcked() {
        for (dialect, offered) in [(RedisDialect.redis8, true), (.redis8_0, false)] {
            let h = Harness(dialect: dialect)
            h.press(.char("T"))
            h.type("3")
            h.press(.enter)
            guard case .confirm(let c)? = h.app.state.modal else { Issue.record("no confirmation"); return }
            #expect(c.question.contains("(add ACKED to keep what a group still needs: 'MAXLEN 3 ACKED')") == offered)
        }
    }

    @Test("on a source without the policies, ACKED says which Redis added it and trims nothing")
    func refused() {
        let h = Harness(dialect: .redis8_0)
        h.press(.char("T"))
        h.type("3 ACKED")
        h.press(.enter)
        #expect(h.app.state.modal == nil)
        #expect(h.app.state.status == "ACKED needs Redis 8.2; this source answers as Redis 8.0.2")
        #expect(h.reply("XLEN", "orders") == .integer(10))
    }
}
