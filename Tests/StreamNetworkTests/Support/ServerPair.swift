import Foundation
import Logging
import RESP
import StreamCommands
import StreamNetwork
import StreamServer
import TestSupport

/// redis-server and our server side by side, each with the same number of client
/// connections: every step goes to client i on both and the raw replies are compared.
final class ServerPair {
    let redis: RedisOracle
    let ours: RESPServer
    let oursPort: Int
    var theirClients: [RedisConnection] = []
    var ourClients: [RedisConnection] = []
    private(set) var mismatches: [String] = []
    private(set) var transcript: [String] = []
    static let blocked = Array("(blocked)".utf8)
    /// STREAMSCOPE_SERVE_TRACE=1 prints every exchange as it happens.
    static let trace = ProcessInfo.processInfo.environment["STREAMSCOPE_SERVE_TRACE"] == "1"
    static let closed = Array("(closed)".utf8)

    /// Starts both servers (with the same extra options) and `clients` connections to each.
    /// `redis8`: our server speaks the Redis 8.0 dialect, and the oracle is Redis 8.0.
    init(clients: Int, requirePass: String? = nil, redis8: Bool = false) throws {
        redis = try RedisOracle(server: redis8 ? .redis8_0 : .redis7_0,
                                extraArguments: requirePass.map { ["--requirepass", $0] } ?? [])
        var settings = ServerSettings()
        settings.requirePass = requirePass.map { Array($0.utf8) }
        var logger = Logger(label: "streamscope.test")
        logger.logLevel = .warning
        let commands = CommandServer()
        commands.keyspace.dialect = redis8 ? .redis8_0 : .redis7_0
        ours = RESPServer(commands: commands, settings: settings, logger: logger)
        oursPort = try ours.start(host: "127.0.0.1", port: 0)
        for _ in 0..<clients { try addClient() }
        if requirePass == nil { try send(0, ["FLUSHALL"]) }
    }

    func addClient() throws {
        theirClients.append(try redis.connect())
        ourClients.append(try RedisConnection(port: oursPort))
    }

    /// Replaces every client connection with a fresh one on both sides.
    func reconnectAll() throws {
        let n = ourClients.count
        for c in theirClients + ourClients { c.close() }
        theirClients = []
        ourClients = []
        for _ in 0..<n { try addClient() }
    }

    func stop() {
        for c in theirClients + ourClients { c.close() }
        ours.shutdown()
        redis.stop()
    }

    /// Sends a command from client `c` on both sides and compares the replies (or that
    /// both block). Returns our reply.
    @discardableResult
    func send(_ c: Int, _ args: [String], waitMs: Int32 = 200) throws -> [UInt8] {
        let bytes = args.map { Array($0.utf8) }
        try theirClients[c].sendCommand(bytes)
        try ourClients[c].sendCommand(bytes)
        return try compare(c, label: args.joined(separator: " "), waitMs: waitMs, masked: Self.needsMask(args))
    }

    /// Sends raw bytes from client `c` on both sides; compares everything that comes
    /// back until the server closes or stays quiet for `waitMs`.
    @discardableResult
    func sendRaw(_ c: Int, _ bytes: [UInt8], waitMs: Int32 = 300) throws -> [UInt8] {
        try theirClients[c].send(bytes)
        try ourClients[c].send(bytes)
        let theirs = try drainAll(theirClients[c], waitMs: waitMs)
        let ours = try drainAll(ourClients[c], waitMs: waitMs)
        record(label: "raw \(String(decoding: bytes.prefix(60), as: UTF8.self).debugDescription)", theirs, ours)
        return ours
    }

    /// Reads the next reply of client `c` on both sides (a woken blocked read).
    @discardableResult
    func collect(_ c: Int, waitMs: Int32 = 300) throws -> [UInt8] {
        try compare(c, label: "(reply of client \(c))", waitMs: waitMs, masked: false)
    }

    private func compare(_ c: Int, label: String, waitMs: Int32, masked: Bool) throws -> [UInt8] {
        var theirs = try theirClients[c].readRaw(timeoutMs: waitMs) ?? Self.blocked
        var ours = try ourClients[c].readRaw(timeoutMs: waitMs) ?? Self.blocked
        if masked {
            theirs = Self.mask(theirs)
            ours = Self.mask(ours)
        }
        record(label: "client \(c): \(label)", theirs, ours)
        return ours
    }

    private func record(label: String, _ theirs: [UInt8], _ ours: [UInt8]) {
        let line = "\(label)\n  redis: \(Self.show(theirs))\n  ours:  \(Self.show(ours))"
        transcript.append(line)
        if Self.trace { print(line) }
        if theirs != ours { mismatches.append(transcript.suffix(6).joined(separator: "\n")) }
    }

    /// Everything until close (marked) or `waitMs` of silence.
    private func drainAll(_ conn: RedisConnection, waitMs: Int32) throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            do {
                guard let reply = try conn.readRaw(timeoutMs: waitMs) else { return out }
                out += reply
            } catch {
                return out + Self.closed
            }
        }
    }

    /// HELLO and CLIENT ID answer with server names, versions and connection IDs, and
    /// EXEC may hold a HELLO reply.
    static func needsMask(_ args: [String]) -> Bool {
        let name = args.first?.lowercased() ?? ""
        return name == "hello" || name == "exec" || (name == "client" && args.count > 1 && args[1].lowercased() == "id")
    }

    static let helloFields: Set<String> = ["server", "version", "id"]

    /// Replaces HELLO's server, version and id values (at any depth) and a top-level
    /// integer reply (CLIENT ID) by `?`.
    static func mask(_ raw: [UInt8]) -> [UInt8] {
        var parser = RESPReplyParser()
        parser.append(raw)
        guard let value = try? parser.next() else { return raw }
        func isField(_ v: RESPValue) -> Bool {
            if case .bulkString(let name) = v { return helloFields.contains(String(decoding: name, as: UTF8.self)) }
            return false
        }
        func masked(_ v: RESPValue) -> RESPValue {
            switch v {
            case .map(let pairs):
                return .map(pairs.map { k, v in isField(k) ? (k, .bulk("?")) : (k, masked(v)) })
            case .array(let items):
                var out = items.map(masked)
                if case .bulkString(let first)? = items.first, first == Array("server".utf8) {
                    for i in stride(from: 0, to: items.count - 1, by: 2) where isField(items[i]) { out[i + 1] = .bulk("?") }
                }
                return .array(out)
            default: return v
            }
        }
        let top: RESPValue
        if case .integer = value { top = .bulk("?") } else { top = masked(value) }
        return RESPEncoder.encode(top, protocolVersion: raw.first == UInt8(ascii: "%") || raw.contains(UInt8(ascii: "%")) ? 3 : 2)
    }

    static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription
        return bytes.count > 400 ? text + "... (\(bytes.count) bytes)" : text
    }

    /// The first mismatches, for a failing expectation's message.
    var report: String { mismatches.prefix(3).joined(separator: "\n---\n") }
}
