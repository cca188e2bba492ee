import Explorer
import Testing
import TerminalUI

/// The command log: every command of the session's last few hundred, MULTI and EXEC
/// around atomic moves; focused, it grows and scrolls.
@Suite("The command log")
struct CommandLogTests {
    static func prompt(_ h: Harness, _ line: String) {
        h.press(.char(":"))
        h.type(line)
        h.press(.enter)
    }

    @Test("a dead-letter move is logged inside MULTI and EXEC, its commands indented on screen")
    func multiExec() {
        let h = Harness()
        h.press(.char("4"), .char(" "), .char(" "), .char("L"), .char("y"))
        let log = h.app.state.commandLog
        #expect(log.count == 6)
        #expect(log.first == "MULTI" && log.last == "EXEC")
        #expect(log[1].hasPrefix("XADD orders:dead * source-id 1799999940000-0 ") && log[2] == "XACK orders billing 1799999940000-0")
        h.press(.char("5"))
        let screen = h.screen
        #expect(screen.contains { $0.contains("› MULTI") })
        #expect(screen.contains { $0.contains("›   XACK orders billing 1799999941000-0") })
        #expect(screen.contains { $0.contains("› EXEC") })
    }

    @Test("focused, the log grows to half the screen and scrolls back to the session's first command")
    func expandsAndScrolls() {
        let h = Harness()
        for i in 0..<30 { Self.prompt(h, "ECHO line\(i)") }
        #expect(h.app.layout.rect(.commandLog)?.height == 4)
        #expect(!h.screenContains("ECHO line0"))
        h.press(.char("5"))
        let tall = h.app.layout.rect(.commandLog)?.height ?? 0
        #expect(tall >= 17, "half of the 37-row body")
        #expect(h.screenContains("5 Command log · 30 of 30"))
        for _ in 0..<29 { h.press(.char("k")) }
        #expect(h.app.state.logSelected == 0)
        #expect(h.screenContains("› ECHO line0"))
        #expect(h.screenContains("1 of 30"))
        h.press(.enter)
        guard case .text(_, let lines, _)? = h.app.state.modal else {
            Issue.record("Enter shows the whole command")
            return
        }
        #expect(lines == ["ECHO line0"])
        h.press(.escape, .char("G"))
        #expect(h.app.state.logSelected == nil)
        #expect(h.screenContains("› ECHO line29"))
    }

    @Test("the log keeps the session's last 500 commands")
    func keepsFiveHundred() {
        let h = Harness()
        for i in 0..<520 { Self.prompt(h, "ECHO \(i)") }
        #expect(h.app.state.commandLog.count == 500)
        #expect(h.app.state.commandLog.first == "ECHO 20")
    }
}
