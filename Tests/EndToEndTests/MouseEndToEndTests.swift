import Foundation
import Testing
import TestSupport

/// Clicks from a real terminal: tmux passes the mouse report the terminal would send
/// (SGR for xterm-256color, the older X10 bytes for tmux-256color), ncurses decodes it,
/// and the explorer selects what was drawn under it.
@Suite("Mouse clicks in tmux", .serialized)
struct MouseEndToEndTests {
    /// The terminal's report of a left-button press and release at 0-based `x`, `y`.
    static func click(_ x: Int, _ y: Int, term: String) -> [String] {
        if term.hasPrefix("xterm") { return ["\u{1b}[<0;\(x + 1);\(y + 1)M", "\u{1b}[<0;\(x + 1);\(y + 1)m"] }
        let at = String(UnicodeScalar(UInt8(33 + x))) + String(UnicodeScalar(UInt8(33 + y)))
        return ["\u{1b}[M " + at, "\u{1b}[M#" + at]
    }

    @Test("a click on a consumer in the groups pane selects it, and Enter opens its pending entries", arguments: ["xterm-256color", "tmux-256color"])
    func clickConsumer(term: String) throws {
        let t = try TmuxSession(arguments: ["--memory", "--no-demo"], width: 100, height: 30, term: term)
        guard t.waitFor("no streams yet") else { return }
        for command in ["XADD s 1-1 f v", "XGROUP CREATE s g 0", "XGROUP CREATECONSUMER s g alpha", "XGROUP CREATECONSUMER s g beta"] {
            try t.press(":")
            try t.type(command)
            try t.press("Enter")
            // Run once the command log shows it (the prompt line would match sooner).
            guard t.waitFor("› " + command) else { return }
        }
        try t.press("3")
        guard t.waitFor("consumers of g") else { return }
        let lines = t.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let y = lines.firstIndex(where: { $0.contains("beta") && !$0.contains("CREATECONSUMER") }),
              let column = lines[y].range(of: "beta") else {
            Issue.record("beta is not on screen:\n\(t.screen)")
            return
        }
        let x = lines[y].distance(from: lines[y].startIndex, to: column.lowerBound)
        for report in Self.click(x, y, term: term) { try t.type(report) }
        try t.press("Enter")
        #expect(t.waitFor("consumer beta"), "the click did not select beta (\(term))")
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }
}
