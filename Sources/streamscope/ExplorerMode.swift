import Explorer
import Foundation
import Lessons
import StreamCommands
import StreamEngine
import StreamNetwork
import StreamStorage
import TerminalBackend

/// What the explorer was asked for on the command line (`ExploreCommand` fills it in).
struct ExplorerOptions {
    var readOnly = false
    var demo = true
    var stuckIdleMs: UInt64?
    var poisonDeliveries: UInt64?
    var healthWindowMs: UInt64?
    /// The configuration file's theme and key overrides (its thresholds are in the fields above).
    var config = ExplorerConfig()
    var deadLetterSuffix: String?
    var redisURL: String?
    /// Globs whose keys are partitions of one logical stream.
    var partitions: [String] = []
    /// On a cluster: reads go to replicas.
    var readFromReplicas = false
    var tls = TLSOptions()
    /// nil: the XDG data directory; "" with `memory`: none.
    var dataDirectory: String?
    var memory = false
    var fsync: FsyncPolicy = .everysec
    /// Also serve the explorer's engine over the Redis protocol there.
    var listen: ListenAddress?
    /// Which Redis the embedded engine answers as.
    var dialect: RedisDialect = .redis8
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
        source = makeRedisSource(url, tls: options.tls, readFromReplicas: options.readFromReplicas)
    } else if options.memory {
        let commands = CommandServer(clock: LiveClock())
        commands.keyspace.dialect = options.dialect
        source = EmbeddedSource(server: commands)
    } else {
        let dir = options.dataDirectory ?? defaultDataDirectory()
        // Wall time, until a demo drives it (LiveClock).
        let commands = CommandServer(clock: LiveClock())
        commands.keyspace.dialect = options.dialect
        do { store = try DataStore(directory: dir, policy: options.fsync, server: commands) } catch { fail("\(error)") }
        for w in store!.warnings { FileHandle.standardError.write(Data("streamscope: \(w)\n".utf8)) }
        source = EmbeddedSource(server: commands, label: "embedded · \(dir)")
    }
    var demo: LiveLesson?
    // The demo runs only in an empty store or one that holds just its own streams (an
    // earlier demo run), so it never mixes into someone's data.
    if options.demo, let embedded = source as? EmbeddedSource {
        do { demo = try LiveLesson.demo(on: embedded) } catch { fail("cannot start the demo: \(error)") }
    }
    // With --listen every step of the explorer runs on the server's event loop, the
    // engine's one thread; without, on this one.
    var listener: ListeningEngine?
    var step = ExplorerRunLoop.onThisThread
    if let address = options.listen {
        guard let embedded = source as? EmbeddedSource else { fail("--listen needs the embedded engine") }
        let listening: ListeningEngine
        do { listening = try ListeningEngine(commands: embedded.server, at: address) } catch {
            fail("cannot listen on \(address): \(error)")
        }
        embedded.listening = "\(address.host):\(listening.port)"
        listener = listening
        step = { body in
            do { try listening.run(body) } catch { fail("the engine's thread stopped: \(error)") }
        }
    }
    // A real server may be slow or hang: its reads and writes run on a worker thread and
    // the screen keeps answering keys. The embedded engine answers at once, on the
    // thread that owns it.
    let effects: any EffectRunner = options.redisURL != nil ? BackgroundEffects() : InlineEffects()
    // A cluster adds the nodes view; a server, or partition globs, the partitions view.
    let layout: ExplorerLayout = source is ClusterSource ? .cluster
        : options.redisURL != nil || !options.partitions.isEmpty ? .standard.adding(PartitionsPane()) : .standard
    var keyMap: KeyMap
    do { keyMap = try KeyMap(layout: layout, readOnly: false).overriding(options.config.keys) } catch {
        fail("the configuration file's keys: \(error)")
    }
    if options.readOnly { keyMap = keyMap.withoutWrites() }
    let app = ExplorerApp(source: source, readOnly: options.readOnly, demo: demo, effects: effects, layout: layout, keyMap: keyMap)
    app.theme = options.config.theme
    app.configure(stuckIdleMs: options.stuckIdleMs, poisonDeliveries: options.poisonDeliveries,
                  deadLetterSuffix: options.deadLetterSuffix, healthWindowMs: options.healthWindowMs,
                  partitions: options.partitions)
    // `e` writes files where the explorer was started (never to the screen's stdout).
    app.exportWriter = { path, bytes in try writeExport(path == "-" ? "./-" : path, bytes) }
    let terminal = CursesTerminal()
    terminal.start()
    ExplorerRunLoop(app: app, keyTimeoutMs: options.redisURL != nil ? 50 : 100, engine: step).run(on: terminal)
    terminal.stop()
    listener?.shutdown()
    store?.close()
    exit(terminal.exitStatus)
}

/// `$XDG_DATA_HOME/streamscope`, else `~/.local/share/streamscope`.
func defaultDataDirectory() -> String {
    let env = ProcessInfo.processInfo.environment
    if let xdg = env["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/streamscope" }
    return (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/streamscope"
}

