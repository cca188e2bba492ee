import Foundation
import RESP
import StreamEngine
#if canImport(Glibc)
import Glibc
#endif

/// A small blocking Redis client for the explorer's single-threaded loop: pipelines a
/// batch of commands per round trip, reconnects on demand with backoff, and measures
/// the round-trip time. Every command it sends passes through `onSend`, so a caller
/// can prove what was (and was not) sent.
public final class RedisClient {
    public let url: RedisURL
    /// Per read and write, and for connecting.
    public var timeoutMs: Int32
    public var onSend: (([[UInt8]]) -> Void)?
    public private(set) var lastRoundTripMs: Double?
    /// Why the last attempt failed, while disconnected.
    public private(set) var lastError: String?
    /// The server's `redis_version`, once connected.
    public private(set) var serverVersion: String?
    /// For `rediss://` URLs.
    public var tls: TLSOptions
    private var transport: (any RedisTransport)? {
        didSet { cancelBox.set(transport) }
    }
    /// The transport as another thread may reach it to cancel a waiting call.
    private let cancelBox = CancelBox()
    private var parser = RESPReplyParser()
    private var retryAtMs: UInt64 = 0
    private var backoffMs: UInt64 = 250

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ d: String) { description = d }
    }

    public init(url: RedisURL, tls: TLSOptions = TLSOptions(), timeoutMs: Int32 = 3000) {
        self.url = url
        self.tls = tls
        self.timeoutMs = timeoutMs
    }

    deinit { disconnect() }

    public var isConnected: Bool { transport != nil }
    /// Connections made so far; moves on every reconnect.
    public private(set) var connectionGeneration = 0

    /// Ends the round trip another thread is waiting on (it throws "cancelled"); the
    /// next call reconnects. Safe to call from any thread.
    public func cancel() {
        cancelBox.abort()
    }

    public func disconnect() {
        transport?.close()
        transport = nil
        parser = RESPReplyParser()
    }

    /// Connects, authenticates, selects the database and checks the server is 7.0 or
    /// newer. Between failed attempts it waits (250 ms doubling to 8 s) and throws the
    /// last error meanwhile, so a dead server costs nothing per frame.
    public func connect() throws {
        if transport != nil { return }
        let now = MonotonicClock.milliseconds()
        if now < retryAtMs, let e = lastError {
            throw Failure("\(e); retrying in \(Double(retryAtMs - now) / 1000)s")
        }
        do {
            try open()
            try handshake()
            connectionGeneration += 1
            lastError = nil
            backoffMs = 250
        } catch {
            disconnect()
            lastError = "\(error)"
            retryAtMs = MonotonicClock.milliseconds() + backoffMs
            backoffMs = min(8000, backoffMs * 2)
            throw error
        }
    }

    private func open() throws {
        if url.tls {
            transport = try TLSTransport(host: url.host, port: url.port, timeoutMs: timeoutMs, options: tls)
            return
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(url.host, String(url.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw Failure("cannot resolve \(url.host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let s = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if s < 0 { continue }
            // Connect with a timeout: non-blocking connect, then poll.
            let flags = fcntl(s, F_GETFL, 0)
            _ = fcntl(s, F_SETFL, flags | O_NONBLOCK)
            var r = Glibc.connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen)
            if r < 0 && errno == EINPROGRESS {
                var p = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
                if poll(&p, 1, timeoutMs) == 1 {
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len)
                    r = err == 0 ? 0 : -1
                    errno = err
                } else {
                    r = -1
                    errno = ETIMEDOUT
                }
            }
            if r != 0 {
                reason = String(cString: strerror(errno))
                close(s)
                continue
            }
            _ = fcntl(s, F_SETFL, flags)
            var tv = timeval(tv_sec: Int(timeoutMs / 1000), tv_usec: Int(timeoutMs % 1000) * 1000)
            setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            transport = SocketTransport(fd: s)
            return
        }
        throw Failure("cannot connect to \(url.host):\(url.port): \(reason)")
    }

    private func handshake() throws {
        var first: [[[UInt8]]] = []
        if let password = url.password {
            first.append(["AUTH"] .map { Array($0.utf8) } + (url.username.map { [Array($0.utf8)] } ?? []) + [Array(password.utf8)])
        }
        if url.db != 0 { first.append([Array("SELECT".utf8), Array(String(url.db).utf8)]) }
        first.append([Array("INFO".utf8), Array("server".utf8)])
        let replies = try roundTrip(first)
        for r in replies.dropLast() {
            if case .error(let e) = r { throw Failure(e.hasPrefix("WRONGPASS") || e.hasPrefix("ERR invalid password") ? "authentication failed: \(e)" : e) }
        }
        switch replies.last {
        case .bulkString(let text)?:
            let info = String(decoding: text, as: UTF8.self)
            let version = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("redis_version:") }
                .map { String($0.dropFirst("redis_version:".count)) } ?? "?"
            serverVersion = version
            let major = Int(version.split(separator: ".").first ?? "") ?? 0
            if major < 7 {
                throw Failure("the server runs Redis \(version); StreamScope needs Redis 7.0 or newer (XINFO's entries-read and lag, XAUTOCLAIM's deleted IDs)")
            }
        case .error(let e)?:
            throw Failure(e.hasPrefix("NOAUTH") ? "the server wants a password: put it in the URL, in REDISCLI_AUTH, or answer the prompt" : e)
        default:
            throw Failure("unexpected reply to INFO")
        }
    }

    /// Sends the commands in one write and reads one reply per command. An I/O error
    /// disconnects (the next call reconnects); error replies come back as values.
    /// - Complexity: one round trip.
    public func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        try connect()
        do {
            for c in commands { onSend?(c) }
            let start = MonotonicClock.microseconds()
            let replies = try roundTrip(commands)
            lastRoundTripMs = Double(MonotonicClock.microseconds() - start) / 1000
            return replies
        } catch {
            disconnect()
            lastError = "\(error)"
            retryAtMs = MonotonicClock.milliseconds() + backoffMs
            throw error
        }
    }

    public func command(_ words: [String]) throws -> RESPValue {
        try pipeline([words.map { Array($0.utf8) }])[0]
    }

    private func roundTrip(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        guard let transport else { throw Failure("not connected") }
        var out: [UInt8] = []
        for c in commands { out += RESPEncoder.encode(.array(c.map { .bulkString($0) })) }
        try transport.send(out)
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        while replies.count < commands.count {
            if let v = try parser.next() { replies.append(v); continue }
            parser.append(try transport.receive(timeoutMs: timeoutMs))
        }
        return replies
    }
}

/// The current transport behind a lock, so that `cancel` may abort it from another
/// thread while the client's own thread waits in it.
final class CancelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var transport: (any RedisTransport)?
    func set(_ t: (any RedisTransport)?) { lock.lock(); transport = t; lock.unlock() }
    func abort() { lock.lock(); let t = transport; lock.unlock(); t?.abort() }
}
