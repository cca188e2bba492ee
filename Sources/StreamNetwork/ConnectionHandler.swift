import Logging
import NIOCore
import StreamCommands
import StreamServer

/// One connection: feeds received bytes to the core, writes the replies of everything
/// read in one batch with one flush (pipelining), closes on QUIT, protocol errors and
/// CLIENT KILL. Runs on the server's single event loop, which owns the core.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let core: ServerCore
    private let host: ChannelRegistry
    private let logger: Logger
    private var id: Int64? = nil
    /// Replies produced since the last flush.
    private var out: [UInt8] = []
    private var closing = false
    /// The core holds input it has not run yet (see `InputWaiting`).
    private var waiting = false

    init(core: ServerCore, host: ChannelRegistry, logger: Logger) {
        self.core = core
        self.host = host
        self.logger = logger
        out.reserveCapacity(16 * 1024)
    }

    func channelActive(context: ChannelHandlerContext) {
        let peer = Self.describe(context.channel.remoteAddress)
        let local = Self.describe(context.channel.localAddress)
        guard let id = core.connect(address: peer, localAddress: local) else {
            logger.warning("refusing \(peer): maxclients (\(core.settings.maxClients)) reached")
            closing = true
            let buffer = context.channel.allocator.buffer(bytes: ServerCore.maxClientsError)
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
            return
        }
        self.id = id
        host.register(id, context.channel)
        logger.debug("client \(id) connected from \(peer)")
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let id {
            core.disconnect(id)
            host.unregister(id)
            logger.debug("client \(id) disconnected")
        }
        id = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let id, !closing else { return }
        let buffer = unwrapInboundIn(data)
        let keepOpen = buffer.withUnsafeReadableBytes { core.receive($0, from: id, into: &out) }
        if !keepOpen {
            closing = true
            flush(context)
            logger.debug("closing client \(id)")
            context.close(promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context)
        continueInput(context)
        context.fireChannelReadComplete()
    }

    /// The core held back input because a batch's replies reached its limit.
    struct InputWaiting {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is InputWaiting {
            waiting = true
            // Run it after the current read completes (or now, if this came from a woken read).
            context.eventLoop.execute { [self] in
                guard context.channel.isActive else { return }
                self.flush(context)
                self.continueInput(context)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Runs held-back input while the client's output has room; the rest waits for
    /// `channelWritabilityChanged`.
    private func continueInput(_ context: ChannelHandlerContext) {
        guard let id, waiting else { return }
        while context.channel.isWritable && !closing {
            waiting = false
            let (ran, keepOpen) = core.continueInput(from: id, into: &out)
            flush(context)
            if !keepOpen {
                closing = true
                context.close(promise: nil)
                return
            }
            if !ran { return }
        }
    }

    /// The output limit: once a client's unsent replies pass the high-water mark
    /// (`RESPServer.outputHighWater`) the server stops reading its requests, and starts
    /// again when they drain below the low mark. A client that pipelines without reading
    /// then waits in its own socket buffers instead of growing the server's memory.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        context.channel.setOption(ChannelOptions.autoRead, value: writable).whenSuccess {
            if writable { context.read() }
        }
        if writable { continueInput(context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("connection error: \(error)")
        context.close(promise: nil)
    }

    private func flush(_ context: ChannelHandlerContext) {
        guard !out.isEmpty else { return }
        let buffer = context.channel.allocator.buffer(bytes: out)
        out.removeAll(keepingCapacity: out.capacity <= 1 << 20)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    static func describe(_ address: SocketAddress?) -> String {
        guard let address else { return "?:0" }
        return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }
}
