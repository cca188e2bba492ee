import Foundation
import RESP
import StreamCommands
import StreamServer
import TestSupport

/// redis-server over a socket and our `ServerCore` with no socket at all, each with the
/// same clients: every step's bytes go to client i on both, and what each answers is
/// compared byte for byte.
final class CorePair {
    let redis: RedisOracle
    let core: ServerCore
    let host = RecordingHost()
    private(set) var theirs: [RedisConnection] = []
    private(set) var ours: [Int64] = []
    private(set) var mismatches: [String] = []
    /// Whether `receive` asked to close each of our clients.
    private(set) var closing: Set<Int> = []

    init(clients: Int) throws {
        redis = try RedisOracle()
        _ = try redis.main.rawCommand(["FLUSHALL"])
        core = ServerCore(commands: CommandServer())
        core.host = host
        for i in 0..<clients {
            theirs.append(try redis.connect())
            guard let id = core.connect(address: "127.0.0.1:\(40_000 + i)", localAddress: "127.0.0.1:6379") else {
                throw RedisOracle.Failure(description: "the core refused client \(i)")
            }
            ours.append(id)
        }
    }

    func stop() {
        for c in theirs { c.close() }
        redis.stop()
    }

    /// Client `c` sends `bytes`; `replies` replies are expected back on each side (0: the
    /// client blocks, and neither may answer). `chunk` feeds our core that many bytes per
    /// `receive`, as a socket may split them. Returns our bytes.
    @discardableResult
    func send(_ c: Int, _ bytes: [UInt8], replies: Int, chunk: Int = .max, label: String) throws -> [UInt8] {
        try theirs[c].send(bytes)
        var theirBytes: [UInt8] = []
        for _ in 0..<replies { theirBytes += try theirs[c].readRaw() }
        if replies == 0, let early = try theirs[c].readRaw(timeoutMs: 50) { theirBytes = early }
        var out: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + min(chunk, bytes.count - start))
            if !core.receive(bytes[start..<end], from: ours[c], into: &out) { closing.insert(c) }
            start = end
        }
        out += host.take(ours[c])
        compare(label: "client \(c): \(label)", theirBytes, out)
        return out
    }

    /// Client `c` sends one command.
    @discardableResult
    func send(_ c: Int, _ args: [String], replies: Int = 1) throws -> [UInt8] {
        try send(c, RESPEncoder.encode(.array(args.map { .bulk($0) })), replies: replies, label: args.joined(separator: " "))
    }

    /// HELLO 3 from client `c` on both sides. Its reply names the server, its version
    /// and the client's ID, which differ, so only its shape is compared: a map.
    func switchToRESP3(_ c: Int) throws {
        let hello = RESPEncoder.encode(.array([.bulk("HELLO"), .bulk("3")]))
        try theirs[c].send(hello)
        let theirBytes = try theirs[c].readRaw()
        var out: [UInt8] = []
        _ = core.receive(hello, from: ours[c], into: &out)
        compare(label: "client \(c): HELLO 3 (first bytes)", Array(theirBytes.prefix(3)), Array(out.prefix(3)))
    }

    /// What reached client `c` since its last step (a woken read and what it ran after):
    /// `replies` replies from redis, and everything our core handed the host.
    @discardableResult
    func collect(_ c: Int, replies: Int) throws -> [UInt8] {
        var theirBytes: [UInt8] = []
        for _ in 0..<replies { theirBytes += try theirs[c].readRaw() }
        let out = host.take(ours[c])
        compare(label: "client \(c): (woken)", theirBytes, out)
        return out
    }

    private func compare(label: String, _ theirBytes: [UInt8], _ ourBytes: [UInt8]) {
        guard theirBytes != ourBytes else { return }
        mismatches.append("\(label)\n  redis: \(Self.show(theirBytes))\n  ours:  \(Self.show(ourBytes))")
    }

    static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription
        return bytes.count > 300 ? text + "... (\(bytes.count) bytes)" : text
    }

    /// The first mismatches, for a failing expectation's message.
    var report: String { mismatches.prefix(3).joined(separator: "\n---\n") }
}
