import Logging
import NIOCore
import NIOPosix
import StreamCommands
import StreamEngine
import StreamServer

/// The engine on a TCP socket, speaking RESP2/RESP3. One event loop thread runs every
/// connection and owns the engine, as Redis's single thread does: no locks, and
/// commands from all clients are serialized in arrival order.
public final class RESPServer: @unchecked Sendable {
    public let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let loop: EventLoop
    private let state: NIOLoopBound<State>
    private var serverChannel: Channel?

    /// Everything touched only on `loop`.
    final class State {
        let core: ServerCore
        let registry: ChannelRegistry
        init(core: ServerCore, registry: ChannelRegistry) {
            self.core = core
            self.registry = registry
        }
    }

    /// Creates the server around `commands` (which it then owns). O(1).
    public init(commands: CommandServer, settings: ServerSettings, logger: Logger) {
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        let loop = self.loop
        state = try! loop.submit {
            let registry = ChannelRegistry(loop: loop)
            let core = ServerCore(commands: commands, settings: settings)
            core.host = registry
            registry.onTimeout = { [unowned core] id, token in core.timeout(id, token: token) }
            return NIOLoopBound(State(core: core, registry: registry), eventLoop: loop)
        }.wait()
    }

    /// Unsent reply bytes per client above which the server stops reading that client's
    /// requests, and below which it reads again (see `ConnectionHandler`).
    public static let outputHighWater = 1 << 20
    public static let outputLowWater = 256 << 10

    /// Binds and starts accepting; returns the bound port (useful with port 0).
    public func start(host: String, port: Int) throws -> Int {
        let state = self.state
        let logger = self.logger
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 511)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelOption(ChannelOptions.writeBufferWaterMark,
                                value: .init(low: Self.outputLowWater, high: Self.outputHighWater))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let s = state.value
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionHandler(core: s.core, host: s.registry, logger: logger))
                }
            }
        let channel = try bootstrap.bind(host: host, port: port).wait()
        serverChannel = channel
        let bound = channel.localAddress?.port ?? port
        try loop.submit { state.value.core.settings.port = bound }.wait()
        logger.notice("streamscope serve listening on \(host):\(bound)")
        return bound
    }

    /// Runs `body` on the loop with the core (tests and INFO-style probes). Blocks.
    public func withCore<T: Sendable>(_ body: @escaping @Sendable (ServerCore) -> T) throws -> T {
        let state = self.state
        return try loop.submit { body(state.value.core) }.wait()
    }

    /// Stops accepting, closes every connection and the loop. Blocks until done.
    public func shutdown() {
        let state = self.state
        try? serverChannel?.close().wait()
        try? loop.submit { () -> EventLoopFuture<Void> in
            let closes = state.value.registry.allChannels.map { $0.close() }
            return EventLoopFuture.andAllComplete(closes, on: state.value.registry.loopForClose)
        }.wait().wait()
        try? group.syncShutdownGracefully()
        logger.notice("streamscope serve stopped")
    }

    /// Waits until the listening socket closes.
    public func waitUntilClosed() throws {
        try serverChannel?.closeFuture.wait()
    }

    /// Closes the listening socket (from any thread); `waitUntilClosed` then returns.
    public func stopAccepting() {
        serverChannel?.close(promise: nil)
    }
}
