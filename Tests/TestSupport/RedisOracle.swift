import Foundation
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// A real redis-server, started for one test on a free loopback port and stopped when
/// the test ends. The semantics oracle: our replies are diffed against its replies.
///
/// It fails loudly, never skips: a missing redis-server is a broken test machine, and
/// `.ci/run` (via the README's test command) installs it.
public final class RedisOracle {
    public let port: Int
    private let process: ChildProcess
    /// Its working directory (dump files), removed on stop.
    private let directory: String
    private var connections: [RedisConnection] = []

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Which Redis to start.
    public enum Server: Sendable {
        /// Debian's redis-server, 7.0.15: the oracle of the 7.0 dialect.
        case redis7_0
        /// Redis 8.0 from Debian trixie, fetched by `scripts/redis8.sh`: the oracle of the
        /// Redis 8 dialect for everything 8.0 has.
        case redis8_0
    }

    /// Starts redis-server and waits until it answers PING (with `extraArguments`
    /// such as `--requirepass`, after which PING answers NOAUTH, which also counts).
    public init(server: Server = .redis7_0, extraArguments: [String] = []) throws {
        let binary: String
        switch server {
        case .redis7_0:
            guard let found = Self.findBinary() else {
                throw Failure(description: "redis-server (7.0.x) not found on PATH: install it with `apt-get install -y redis-server` (the README's test command does this)")
            }
            binary = found
        case .redis8_0:
            binary = try Self.redis8Binary()
        }
        var lastError = "no port tried"
        for _ in 0..<20 {
            // Tests run in parallel: every oracle needs its own port, so ask the kernel.
            guard let port = freeLoopbackPort() else { lastError = "no free loopback port"; continue }
            // A directory of its own: redis-server loads any dump.rdb it finds there, so a
            // shared one would hand one test's saved data (a SAVE that got through) to every
            // later server.
            let dir = NSTemporaryDirectory() + "/redis-oracle-\(getpid())-\(port)-\(UInt32.random(in: 0...UInt32.max))"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let p = ChildProcess(executable: binary, arguments: [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", "", "--loglevel", "warning", "--dir", dir] + extraArguments)
            try p.run()
            for _ in 0..<100 {
                // Another test's server could hold the port: check the process id (a
                // password-protected server cannot be asked before AUTH; its NOAUTH will do).
                if let c = try? RedisConnection(port: port), let pong = try? c.rawCommand(["PING"]),
                   (pong == Array("+PONG\r\n".utf8) && Self.processID(of: c) == Int(p.processIdentifier))
                    || pong.starts(with: Array("-NOAUTH".utf8)) {
                    self.port = port
                    self.process = p
                    self.directory = dir
                    connections.append(c)
                    return
                }
                if !p.isRunning { break }
                usleep(20_000)
            }
            lastError = "redis-server did not answer on port \(port)"
            if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
            try? FileManager.default.removeItem(atPath: dir)
        }
        throw Failure(description: lastError)
    }

    /// The first connection, opened at start.
    public var main: RedisConnection { connections[0] }

    /// Another client connection (for blocking tests).
    public func connect() throws -> RedisConnection {
        let c = try RedisConnection(port: port)
        connections.append(c)
        return c
    }

    /// Stops the server. SIGKILL, not SIGTERM: a child started from a test thread
    /// inherits that thread's signal mask, where SIGTERM is blocked, and would never exit.
    public func stop() {
        for c in connections { c.close() }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The version the server reports, e.g. "7.0.15".
    public func version() throws -> String {
        let info = try main.command(["INFO", "server"])
        guard case .bulkString(let bytes) = info else { return "?" }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("redis_version:") {
            return String(line.dropFirst("redis_version:".count))
        }
        return "?"
    }

    /// The `process_id` a server reports, so a test never talks to another test's server.
    static func processID(of c: RedisConnection) -> Int? {
        guard case .bulkString(let bytes)? = try? c.command(["INFO", "server"]) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
        where line.hasPrefix("process_id:") {
            return Int(line.dropFirst("process_id:".count))
        }
        return nil
    }

    /// The Redis 8.0 server: `$STREAMSCOPE_REDIS8_SERVER` (the README's test command sets
    /// it), else what `scripts/redis8.sh` prints (it downloads the server once). Throws,
    /// never skips, when neither gives one.
    public static func redis8Binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["STREAMSCOPE_REDIS8_SERVER"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw Failure(description: "STREAMSCOPE_REDIS8_SERVER=\(path) is not an executable")
            }
            return path
        }
        redis8Lock.lock()
        defer { redis8Lock.unlock() }
        if let cached = redis8Cached { return cached }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/redis8.sh").standardizedFileURL.path
        // The script prints the binary's path on standard output, its progress and
        // complaints on standard error: each to its own file.
        let base = NSTemporaryDirectory() + "streamscope-redis8-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        defer { unlink(base + ".out"); unlink(base + ".err") }
        let p = ChildProcess(executable: "/bin/bash", arguments: [script], output: .file(base + ".out"), errors: .file(base + ".err"))
        try p.run()
        p.waitUntilExit()
        let path = ((try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard p.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: path) else {
            let complaint = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw Failure(description: "Redis 8.0 is needed (scripts/redis8.sh could not provide it): \(complaint)")
        }
        redis8Cached = path
        return path
    }

    nonisolated(unsafe) private static var redis8Cached: String?
    private static let redis8Lock = NSLock()

    public static func findBinary() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let candidate = "\(dir)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A blocking loopback socket speaking RESP to a server (redis-server or ours).
public final class RedisConnection {
    private var fd: Int32
    private var parser = RESPReplyParser()

    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RedisOracle.Failure(description: "socket() failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw RedisOracle.Failure(description: "connect to 127.0.0.1:\(port) failed")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // A stalled server must fail the test, not hang the run: 10 s per read.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    public func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }

    /// Sends raw bytes.
    public func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw RedisOracle.Failure(description: "send failed") }
            off += n
        }
    }

    /// Sends a command as a RESP array of bulk strings.
    public func sendCommand(_ args: [[UInt8]]) throws {
        try send(RESPEncoder.encode(.array(args.map { .bulkString($0) })))
    }

    /// Reads exactly one reply's bytes.
    public func readRaw() throws -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            if let raw = try parser.nextRaw() { return raw }
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw RedisOracle.Failure(description: "the server sent no reply within 10 s")
            }
            guard n > 0 else { throw RedisOracle.Failure(description: "connection closed by the server") }
            parser.append(buf[0..<n])
        }
    }

    /// One reply's bytes if one arrives within `timeoutMs`, else nil.
    public func readRaw(timeoutMs: Int32) throws -> [UInt8]? {
        if let raw = try parser.nextRaw() { return raw }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, timeoutMs) > 0 else { return nil }
        return try readRaw()
    }

    public func rawCommand(_ args: [[UInt8]]) throws -> [UInt8] {
        try sendCommand(args)
        return try readRaw()
    }

    public func rawCommand(_ args: [String]) throws -> [UInt8] { try rawCommand(args.map { Array($0.utf8) }) }

    public func command(_ args: [String]) throws -> RESPValue {
        var p = RESPReplyParser()
        p.append(try rawCommand(args))
        return try p.next()!
    }
}

/// A port the kernel reports free on 127.0.0.1 (bind to port 0, read it, close). Tests
/// in parallel suites each get their own, where a fixed formula would hand two servers
/// the same port and let one test talk to the other's server.
public func freeLoopbackPort() -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { Glibc.close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
            Glibc.bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: addr.sin_port)) : nil
}
