import Explorer
import RESP
import StreamEngine
import Testing
import TerminalUI

@Suite("Pending entries: claim, acknowledge, dead-letter")
struct PendingActionTests {
    @Test("claiming a stuck entry moves it to another consumer and logs the XCLAIM")
    func claimMovesEntry() {
        let h = Harness()
        h.press(.char("4"))
        #expect(h.app.state.focus == .pending)
        #expect(h.app.state.pending.count == 4)
        let first = h.app.state.selectedPending!
        h.press(.char("c"))
        h.type("rescuer")
        h.press(.enter)
        #expect(h.app.state.commandLog.last == "XCLAIM orders billing rescuer 0 \(first)")
        #expect(h.app.state.status == "claimed 1 to rescuer")
        #expect(h.app.state.pending.first { $0.id == first }?.consumer == "rescuer")
        #expect(h.reply("XPENDING", "orders", "billing", "-", "+", "10", "rescuer") != .array([]))
        #expect(h.screenContains("rescuer"))
    }

    @Test("claim offers the group's consumers for Tab completion")
    func claimCompletes() {
        let h = Harness()
        h.press(.char("4"), .char("c"), .char("d"), .tab)
        guard case .input(.claim, let line)? = h.app.state.modal else {
            Issue.record("no claim prompt")
            return
        }
        #expect(line.value == "dead")
    }

    @Test("acknowledging asks first; no leaves the PEL alone, yes acknowledges the marked rows")
    func acknowledgeConfirms() {
        let h = Harness()
        h.press(.char("4"), .char(" "), .char(" "), .char("x"))
        guard case .confirm(let c)? = h.app.state.modal else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.question[0].contains("Acknowledge 2 pending entries"))
        h.press(.char("n"))
        #expect(h.app.state.pending.count == 4)
        h.press(.char("x"), .char("y"))
        #expect(h.app.state.pending.count == 2)
        #expect(h.app.state.status == "acknowledged 2")
        #expect(h.app.state.marked.isEmpty)
    }

    @Test("dead-lettering copies each entry to <stream>:dead and acknowledges it")
    func deadLetter() {
        let h = Harness()
        h.press(.char("4"))
        let id = h.app.state.selectedPending!
        h.press(.char("L"), .char("y"))
        #expect(h.app.state.pending.count == 3)
        guard case .array(let rows) = h.reply("XRANGE", "orders:dead", "-", "+") else {
            Issue.record("no dead-letter stream")
            return
        }
        #expect(rows.count == 1)
        let text = ReplyText.render(.array(rows))
        #expect(text.contains("\"source-id\"") && text.contains(id.description) && text.contains("\"item0\""))
    }

    @Test("autoclaim previews what it would move before it moves anything")
    func autoclaimPreview() {
        let h = Harness()
        h.press(.char("4"), .char("A"))
        h.type("rescuer 30s")
        h.press(.enter)
        guard case .confirm(let c)? = h.app.state.modal else {
            Issue.record("no preview")
            return
        }
        #expect(c.question[0] == "Autoclaim would move 4 entries to 'rescuer':")
        #expect(h.app.state.pending.allSatisfy { $0.consumer == "dead" })
        h.press(.char("y"))
        #expect(h.app.state.pending.allSatisfy { $0.consumer == "rescuer" })
        #expect(h.app.state.commandLog.last == "XAUTOCLAIM orders billing rescuer 30000 0-0 COUNT 100")
    }

    @Test("rows idle past the threshold are stuck, delivered too often are poison")
    func highlights() {
        let h = Harness()
        for _ in 0..<5 { _ = h.reply("XCLAIM", "orders", "billing", "dead", "0", "1799999942000-0") }
        h.press(.char("4"))
        let buf = h.app.render()
        let lines = buf.lines()
        let row = (0..<buf.height).first { lines[$0].contains("1799999942000-0") && lines[$0].contains("dead") }!
        let idleRow = (0..<buf.height).first { lines[$0].contains("1799999943000-0") && lines[$0].contains("dead") }!
        let x = (0..<buf.width).first { buf[$0, row].text == "1" && buf[$0 + 1, row].text == "7" }!
        #expect(buf[x, row].style.fg == .magenta)    // 6 deliveries: poison
        #expect(buf[x, idleRow].style.fg == .red)    // a minute idle: stuck
        h.app.configure(stuckIdleMs: 120_000, poisonDeliveries: 10)
        let calm = h.app.render()
        #expect(calm[x, idleRow].style.fg != .red)
        #expect(calm[x, row].style.fg != .magenta)
    }

    @Test("the dead-letter stream's name is configurable")
    func deadLetterSuffix() {
        let h = Harness()
        h.app.configure(deadLetterSuffix: ".dlq")
        h.press(.char("4"), .char("L"), .char("y"))
        #expect(h.reply("XLEN", "orders.dlq") == .integer(1))
    }
}
