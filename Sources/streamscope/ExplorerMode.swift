import Explorer
import Foundation
import Lessons
import Logging
import StreamCommands
import TerminalUI
import StreamNetwork
import StreamStorage
import TerminalBackend
import TerminalUI

/// What the explorer was asked for on the command line (`ExploreCommand` fills it in).
struct ExplorerOptions {
    var readOnly = false
    var demo = true
    var stuckIdleMs: UInt64?
    var poisonDeliveries: UInt64?
    var deadLetterSuffix: String?
    var redisURL: String?
    var tls = TLSOptions()
    /// nil: the XDG data directory; "" with `memory`: none.
    var dataDirectory: String?
    var memory = false
    var fsync: FsyncPolicy = .everysec
    /// Also serve the explorer's engine over the Redis protocol there.
    var listen: ListenAddress?
}

/// Runs the full-screen explorer until `q`, Ctrl-C or a termination signal, and always
/// gives the terminal back in the state it was found.
func runExplorer(_ options: ExplorerOptions) -> Never {
    guard isatty(0) == 1, isatty(1) == 1 else {
        fail("the explorer needs a terminal; for pipes use `streamscope prompt`")
    }
    var store: DataStore?
    let source: any StreamDataSource
    if let url = options.redisURL {
        source = makeRedisSource(url, tls: options.tls)
    } else if options.memory {
        source = EmbeddedSource(clock: LiveClock())
    } else {
        let dir = options.dataDirectory ?? defaultDataDirectory()
        // Wall time, until a demo drives it (LiveClock).
        do { store = try DataStore(directory: dir, policy: options.fsync, clock: LiveClock()) } catch { fail("\(error)") }
        for w in store!.warnings { FileHandle.standardError.write(Data("streamscope: \(w)\n".utf8)) }
        source = EmbeddedSource(server: store!.server, label: "embedded · \(dir)")
    }
    var demo: LiveLesson?
    // The demo runs only in an empty store or one that holds just its own streams (an
    // earlier demo run), so it never mixes into someone's data.
    if options.demo, let embedded = source as? EmbeddedSource {
        do { demo = try LiveLesson.demo(on: embedded) } catch { fail("cannot start the demo: \(error)") }
    }
    // With --listen every step of the explorer runs on the server's event loop, the
    // engine's one thread; without, on this one.
    let engine = EngineThread(listen: options.listen, source: source)
    // A real server may be slow or hang: its reads and writes run on a worker thread and
    // the screen keeps answering keys. The embedded engine answers at once, on the
    // thread that owns it.
    let effects: any EffectRunner = options.redisURL != nil ? BackgroundEffects() : InlineEffects()
    let app = ExplorerApp(source: source, readOnly: options.readOnly, demo: demo, effects: effects)
    app.configure(stuckIdleMs: options.stuckIdleMs, poisonDeliveries: options.poisonDeliveries,
                  deadLetterSuffix: options.deadLetterSuffix)
    let terminal = CursesTerminal()
    terminal.start()
    let shared = Unchecked(app)
    let (w, h) = (terminal.width, terminal.height)
    engine.run { shared.value.tick(); shared.value.resize(width: w, height: h) }
    while !app.shouldQuit && !terminal.interrupted {
        terminal.draw(engine.run { shared.value.render() }.value)
        if let key = terminal.readKey(timeoutMs: options.redisURL != nil ? 50 : 100) {
            let (w, h) = (terminal.width, terminal.height)
            engine.run {
                if key == .resize { shared.value.resize(width: w, height: h) } else { shared.value.handle(key) }
            }
        }
        engine.run { shared.value.tick() }
    }
    terminal.stop()
    engine.shutdown()
    store?.close()
    exit(terminal.interrupted ? 130 : 0)
}

/// `$XDG_DATA_HOME/streamscope`, else `~/.local/share/streamscope`.
func defaultDataDirectory() -> String {
    let env = ProcessInfo.processInfo.environment
    if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/streamscope" }
    return (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/streamscope"
}

/// A value handed across threads on purpose: the explorer runs on one thread at a time.
final class Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Where the engine lives: this thread, or (with `--listen`) the event loop of a Redis
/// protocol server sharing the engine, so outside producers and consumers see the same
/// streams live and are woken by what the explorer writes.
final class EngineThread {
    private var server: RESPServer?

    /// `listen` is a loopback address and `source` the embedded engine (as
    /// `ExploreCommand.validate()` makes sure).
    init(listen: ListenAddress?, source: any StreamDataSource) {
        guard let listen else { return }
        guard let embedded = source as? EmbeddedSource else { preconditionFailure("--listen needs the embedded engine") }
        let (host, port) = (listen.host, listen.port)
        // Logs would land on the explorer's screen: the server stays quiet here.
        let server = RESPServer(commands: embedded.server, settings: ServerSettings(), logger: Logger(label: "streamscope.listen", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            let bound = try server.start(host: host, port: port)
            embedded.listening = "\(host):\(bound)"
        } catch {
            fail("cannot listen on \(host):\(port): \(error)")
        }
        self.server = server
    }

    /// Runs `body` where the engine lives and waits for it.
    @discardableResult
    func run<T>(_ body: @escaping () -> T) -> Unchecked<T> {
        guard let server else { return Unchecked(body()) }
        let box = Unchecked(body)
        do {
            return try server.withCore { core in
                let result = Unchecked(box.value())
                core.serveWokenClients()
                return result
            }
        } catch {
            fail("the engine's thread stopped: \(error)")
        }
    }

    func shutdown() { server?.shutdown() }
}
