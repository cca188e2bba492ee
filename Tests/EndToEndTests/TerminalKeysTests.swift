import Foundation
import Testing
import TestSupport

/// Keys as terminals really send them, under the TERMs people run with: each variant
/// of Home, End, the page keys, modified arrows, Shift-Tab and Alt-letter must arrive
/// as one key (`streamscope keys` shows what arrived), whatever the TERM's terminfo
/// entry lists. Before, Home sent by tmux to a program under TERM=xterm-256color came
/// in as Esc, `[`, `1`, `~`, and the `1` switched panes.
@Suite("Terminal keys under each TERM, in tmux", .serialized)
struct TerminalKeysTests {
    /// What a terminal sends, and the key StreamScope must read.
    static let sequences: [(hex: String, label: String)] = [
        ("1b 5b 31 7e", "home"),        // tmux, screen, Linux console
        ("1b 4f 48", "home"),           // xterm, application mode
        ("1b 5b 48", "home"),           // xterm, normal mode
        ("1b 5b 37 7e", "home"),        // rxvt
        ("1b 5b 34 7e", "end"),
        ("1b 4f 46", "end"),
        ("1b 5b 46", "end"),
        ("1b 5b 38 7e", "end"),
        ("1b 5b 35 7e", "pgup"),
        ("1b 5b 36 7e", "pgdn"),
        ("1b 5b 31 3b 35 41", "↑"),     // Ctrl-Up (xterm)
        ("1b 5b 31 3b 32 44", "←"),     // Shift-Left
        ("1b 4f 42", "↓"),
        ("1b 5b 35 3b 35 7e", "pgup"),  // Ctrl-PgUp
        ("1b 5b 5a", "S-tab"),
        ("1b 5b 33 7e", "del"),
        ("1b 78", "M-x"),               // Alt-x: never Esc then x (x acknowledges)
        ("1b 6a", "M-j"),
    ]

    @Test("every variant arrives as one key", arguments: ["xterm-256color", "tmux-256color", "screen-256color", "linux"])
    func variants(term: String) throws {
        let t = try TmuxSession(arguments: ["keys"], width: 80, height: 40, term: term)
        guard t.waitFor("TERM=\(term)") else { return }
        for s in Self.sequences { try t.send(hex: s.hex) }
        try t.type("z")
        guard t.waitFor("› z") else { return }
        // Newest first: the marker, then the sequences in reverse.
        let shown = t.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.drop { !$0.hasPrefix("› z") }.dropFirst()
            .prefix(Self.sequences.count).map { String($0) }
        #expect(shown == Self.sequences.reversed().map(\.label), "under TERM=\(term):\n\(t.screen)")
        try t.press("q", "q")
        t.expectTerminalRestored()
        #expect(t.screen.contains("EXIT=0"))
    }
}
