import Foundation
import NIOCore
import NIOPosix
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

/// How `RedisClient` moves bytes: a plain socket, or TLS over SwiftNIO.
protocol RedisTransport: AnyObject {
    func send(_ bytes: [UInt8]) throws
    /// Waits up to `timeoutMs` for bytes; an empty result never means success.
    func receive(timeoutMs: Int32) throws -> [UInt8]
    func close()
    /// Ends a `send` or `receive` waiting on another thread at once (it throws). Safe
    /// to call from any thread.
    func abort()
}

/// TLS options for `rediss://`: a CA to trust, a client certificate and key for servers
/// that verify clients, or no verification at all for self-signed test setups.
public struct TLSOptions: Equatable, Sendable {
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var insecure = false
    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, insecure: Bool = false) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.insecure = insecure
    }
}

/// TLS on a SwiftNIO channel, driven synchronously: writes wait for the flush, reads
/// wait on a condition the channel's handler signals. One shared event-loop thread.
final class TLSTransport: RedisTransport {
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Bytes and the end of the stream, handed from the event loop to the caller.
    final class Inbox: @unchecked Sendable {
        let condition = NSCondition()
        var bytes: [UInt8] = []
        var failure: String?

        func deliver(_ b: [UInt8]) { condition.lock(); bytes += b; condition.signal(); condition.unlock() }
        func fail(_ why: String) { condition.lock(); if failure == nil { failure = why }; condition.signal(); condition.unlock() }
    }

    final class InboxHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let inbox: Inbox
        init(_ inbox: Inbox) { self.inbox = inbox }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            inbox.deliver(buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
        func channelInactive(context: ChannelHandlerContext) { inbox.fail("the server closed the connection") }
        func errorCaught(context: ChannelHandlerContext, error: Error) {
            inbox.fail("TLS: \(error)")
            context.close(promise: nil)
        }
    }

    let channel: Channel
    let inbox = Inbox()

    init(host: String, port: Int, timeoutMs: Int32, options: TLSOptions) throws {
        var config = TLSConfiguration.makeClientConfiguration()
        if let ca = options.caFile { config.trustRoots = .file(ca) }
        if let cert = options.certFile {
            config.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
        }
        if let key = options.keyFile { config.privateKey = .file(key) }
        if options.insecure { config.certificateVerification = .none }
        let context = try NIOSSLContext(configuration: config)
        // Certificates name hosts; an IP literal is checked against the IP SANs instead.
        let isIP = host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
        let inbox = self.inbox
        let bootstrap = ClientBootstrap(group: Self.group)
            .connectTimeout(.milliseconds(Int64(timeoutMs)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: isIP ? nil : host)
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox))
                }
            }
        do {
            channel = try bootstrap.connect(host: host, port: port).wait()
        } catch {
            throw RedisClient.Failure("cannot connect to \(host):\(port): \(error)")
        }
    }

    func send(_ bytes: [UInt8]) throws {
        if let f = inbox.failure { throw RedisClient.Failure(f) }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        do { try channel.writeAndFlush(buffer).wait() } catch {
            throw RedisClient.Failure(inbox.failure ?? "connection lost while sending: \(error)")
        }
    }

    func receive(timeoutMs: Int32) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
        inbox.condition.lock()
        defer { inbox.condition.unlock() }
        while inbox.bytes.isEmpty && inbox.failure == nil {
            if !inbox.condition.wait(until: deadline) { throw RedisClient.Failure("no reply within \(timeoutMs) ms") }
        }
        if inbox.bytes.isEmpty, let f = inbox.failure { throw RedisClient.Failure(f) }
        defer { inbox.bytes.removeAll(keepingCapacity: true) }
        return inbox.bytes
    }

    func close() { channel.close(promise: nil) }
    func abort() {
        inbox.fail("cancelled")
        channel.close(promise: nil)
    }
}

/// A plain TCP socket with send and receive timeouts.
final class SocketTransport: RedisTransport {
    let fd: Int32
    init(fd: Int32) { self.fd = fd }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RedisClient.Failure("connection lost while sending: \(String(cString: strerror(errno)))") }
            off += n
        }
    }

    func receive(timeoutMs: Int32) throws -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw RedisClient.Failure("no reply within \(timeoutMs) ms") }
        guard n > 0 else { throw RedisClient.Failure("the server closed the connection") }
        return Array(buf[0..<n])
    }

    func close() { Glibc.close(fd) }
    /// `shutdown` wakes a `recv` or `send` blocked on the socket; the fd stays open
    /// until `close`, so it cannot be reused under the waiting call.
    func abort() { _ = shutdown(fd, Int32(SHUT_RDWR)) }
}
