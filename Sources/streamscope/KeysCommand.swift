import ArgumentParser
import Explorer
import Foundation
import TerminalBackend

/// `streamscope keys`: shows how StreamScope reads each key the terminal sends.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Show how StreamScope reads each key your terminal sends.",
        discussion: """
            Full screen: press keys and see each one as StreamScope reads it (home, \
            end, pgup, arrows, M-x for Alt-x, C-x for Ctrl-x), newest first. When a \
            binding does not fire, this tells whether the terminal's key reached \
            StreamScope as that key. q twice, or Ctrl-C, leaves.
            """)

    func run() throws {
        guard isatty(0) == 1, isatty(1) == 1 else { fail("keys needs a terminal") }
        let terminal = CursesTerminal()
        terminal.start()
        var check = KeyCheck(term: ProcessInfo.processInfo.environment["TERM"] ?? "(unset)")
        while !check.done && !terminal.interrupted {
            terminal.draw(check.render(width: terminal.width, height: terminal.height))
            if let key = terminal.readKey(timeoutMs: 200) { check.handle(key) }
        }
        terminal.stop()
        Foundation.exit(terminal.exitStatus)
    }
}
