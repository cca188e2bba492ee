import Foundation
import Logging
import StreamCommands
import StreamNetwork
import StreamServer
import StreamStorage

/// `streamscope serve ...`: the engine over the Redis protocol until SIGINT or SIGTERM.
/// `options` have passed `ServeOptions.refusal`.
func runServe(_ options: ServeOptions) -> Never {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = options.logLevel
        return handler
    }
    let logger = Logger(label: "streamscope.serve")

    // A parent may have started us with SIGINT/SIGTERM blocked (test runners do);
    // unblock them before any thread starts so that the handlers below see them.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    sigaddset(&unblock, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    // A client that goes away mid-write must not kill the server (Redis ignores it too).
    signal(SIGPIPE, SIG_IGN)
    var settings = ServerSettings()
    settings.requirePass = options.requirePass.map { Array($0.utf8) }
    // The command layer is built here; a data directory, when given, is opened into it.
    let commands = CommandServer()
    commands.keyspace.dialect = options.dialect
    var store: DataStore?
    if let dir = options.dataDirectory {
        do {
            store = try DataStore(directory: dir, policy: FsyncPolicy(rawValue: options.appendFsync) ?? .everysec, server: commands)
        } catch {
            logger.critical("\(error)")
            exit(1)
        }
        for w in store!.warnings { logger.warning("\(w)") }
        logger.notice("data in \(dir): \(store!.replayedRecords) journal records replayed, appendfsync \(options.appendFsync)")
        settings.appendOnly = "yes"
        settings.appendFsync = options.appendFsync
    }
    let server = RESPServer(commands: commands, settings: settings, logger: logger)
    // Signals arrive on a dispatch queue; the main thread waits for the socket to close.
    // The handlers are in place before the port opens: a signal sent as soon as the
    // server answers must never find it ignoring signals with nobody listening.
    var sources: [DispatchSourceSignal] = []
    for sig in [SIGINT, SIGTERM] {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler {
            logger.notice("received \(sig == SIGINT ? "SIGINT" : "SIGTERM"), shutting down")
            server.stopAccepting()
        }
        source.resume()
        sources.append(source)
    }
    do {
        _ = try server.start(host: options.bind, port: options.port)
    } catch {
        logger.critical("cannot listen on \(options.bind):\(options.port): \(error)")
        exit(1)
    }

    try? server.waitUntilClosed()
    server.shutdown()
    store?.close()
    exit(0)
}
