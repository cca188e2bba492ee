import NIOCore
import StreamServer

/// The core's view of the sockets: connection IDs to channels, on the server's event
/// loop. Delivers replies to woken clients, closes killed ones, arms timeouts.
final class ChannelRegistry: ServerCoreHost {
    private var channels: [Int64: Channel] = [:]
    private let loop: EventLoop
    /// Set once the core exists (the core holds this registry weakly).
    var onTimeout: ((Int64, UInt64) -> Void)?

    init(loop: EventLoop) { self.loop = loop }

    var loopForClose: EventLoop { loop }

    func register(_ id: Int64, _ channel: Channel) { channels[id] = channel }
    func unregister(_ id: Int64) { channels[id] = nil }

    var allChannels: [Channel] { Array(channels.values) }

    func send(_ bytes: [UInt8], to client: Int64) {
        guard let channel = channels[client] else { return }
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
    }

    func inputWaiting(for client: Int64) {
        channels[client]?.pipeline.fireUserInboundEventTriggered(ConnectionHandler.InputWaiting())
    }

    func close(_ client: Int64) {
        channels[client]?.close(promise: nil)
    }

    func scheduleTimeout(for client: Int64, token: UInt64, milliseconds: Int64) {
        let bound = NIOLoopBound(self, eventLoop: loop)
        loop.scheduleTask(in: .milliseconds(milliseconds)) {
            bound.value.onTimeout?(client, token)
        }
    }
}
