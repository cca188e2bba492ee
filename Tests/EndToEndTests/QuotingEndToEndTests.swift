import Foundation
import Testing
import TestSupport

/// The explorer on a projector's terminal without colour: what a user types with
/// redis-cli's quotes reaches the stream as written, through the prompt and through
/// the append form, and the screen says so in text.
@Suite("Quoting, NO_COLOR and 80×24 in tmux", .serialized)
struct QuotingEndToEndTests {
    @Test("at 80×24 under NO_COLOR, quoted words typed at the prompt and in the append form reach the stream byte for byte")
    func quotedInput() throws {
        let t = try TmuxSession(arguments: ["--memory", "--no-demo"], width: 80, height: 24, environment: ["NO_COLOR": "1"])
        guard t.waitFor("no streams yet") else { return }
        try t.press(":")
        try t.type(#"XADD q 1-1 esc "a\"b" item 'big lamp'"#)
        try t.press("Enter")
        guard t.waitFor("[1 Streams]") else { return }
        t.waitFor("\"1-1\"")
        // The append form opens on its fields line (the ID is `*`).
        try t.press("a")
        t.waitFor("Append to q")
        try t.type(#"note='two words' x="1\x41""#)
        try t.press("Enter")
        t.waitFor("XADD q")
        try t.press(":")
        try t.type("XRANGE q - +")
        try t.press("Enter")
        guard t.waitFor("XRANGE q - +") else { return }
        let screen = t.screen
        #expect(screen.contains(#""a\"b""#) && screen.contains("\"big lamp\""), "the prompt's quotes:\n\(screen)")
        #expect(screen.contains("\"two words\"") && screen.contains("\"1A\""), "the form's quotes:\n\(screen)")
        // Esc and q sent together would be Alt-q, as from a terminal: wait for the view to close.
        try t.press("Escape")
        t.waitUntilGone("XRANGE q - + (esc closes")
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }
}
