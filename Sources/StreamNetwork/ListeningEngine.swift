import Logging
import StreamCommands
import StreamServer

/// An engine that is also served over the Redis protocol (`streamscope --listen`): the
/// engine moves to the server's event loop, its one thread, and whoever else uses it (the
/// explorer) runs each step there with `run`, so outside producers and consumers see the
/// same streams live and are woken by what that step wrote.
public final class ListeningEngine: @unchecked Sendable {
    private let server: RESPServer
    /// The port bound (the one asked for, or the free one picked for port 0).
    public let port: Int

    /// Starts serving `commands` (which the server then owns) at `address`. The server
    /// logs nothing: its lines would land on the explorer's screen. Throws when the
    /// address cannot be bound; `address.refusal` is the caller's to check first.
    public init(commands: CommandServer, at address: ListenAddress) throws {
        let quiet = Logger(label: "streamscope.listen", factory: { _ in SwiftLogNoOpLogHandler() })
        server = RESPServer(commands: commands, settings: ServerSettings(), logger: quiet)
        do {
            port = try server.start(host: address.host, port: address.port)
        } catch {
            server.shutdown()
            throw error
        }
    }

    /// Runs `body` on the engine's thread and waits for it; then serves the clients
    /// blocked on keys that `body` wrote to. Throws when the event loop has stopped.
    /// O(body) plus a hop to the event loop and back.
    public func run(_ body: @escaping () -> Void) throws {
        let box = UncheckedStep(body)
        try server.withCore { core in
            box.body()
            core.serveWokenClients()
        }
    }

    /// Stops accepting, closes every connection and the event loop. Blocks until done.
    public func shutdown() { server.shutdown() }
}

/// A step handed to the event loop on purpose: its caller waits for it, so only one
/// thread touches what it captures at a time.
private final class UncheckedStep: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
