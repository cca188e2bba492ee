import Explorer
import Foundation
import StreamNetwork
import TerminalBackend
import TerminalUI

struct ExplorerOptions {
    var readOnly = false
    var demo = true
    var stuckIdleMs: UInt64?
    var poisonDeliveries: UInt64?
    var deadLetterSuffix: String?
    var redisURL: String?
    var tls = TLSOptions()
}

/// Runs the full-screen explorer until `q`, Ctrl-C or a termination signal, and always
/// gives the terminal back in the state it was found.
func runExplorer(_ options: ExplorerOptions) -> Never {
    guard isatty(0) == 1, isatty(1) == 1 else {
        fail("the explorer needs a terminal; for pipes use `streamscope prompt`")
    }
    let source: any StreamDataSource = options.redisURL.map { makeRedisSource($0, tls: options.tls) } ?? EmbeddedSource()
    var demo: DemoWorkload?
    if options.demo {
        do { demo = try DemoWorkload.bundled() } catch { fail("cannot load the demo workload: \(error)") }
    }
    let app = ExplorerApp(source: source, readOnly: options.readOnly, demo: demo)
    app.configure(stuckIdleMs: options.stuckIdleMs, poisonDeliveries: options.poisonDeliveries,
                  deadLetterSuffix: options.deadLetterSuffix)
    let terminal = CursesTerminal()
    terminal.start()
    app.tick()
    app.resize(width: terminal.width, height: terminal.height)
    while !app.shouldQuit && !terminal.interrupted {
        terminal.draw(app.render())
        if let key = terminal.readKey(timeoutMs: 100) {
            if key == .resize {
                app.resize(width: terminal.width, height: terminal.height)
            } else {
                app.handle(key)
            }
        }
        app.tick()
    }
    terminal.stop()
    exit(terminal.interrupted ? 130 : 0)
}
