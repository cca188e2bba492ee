import Foundation
import RESP
#if canImport(Glibc)
import Glibc
#endif

/// A real Redis Cluster for one test: six redis-server 7.0 processes on loopback (three
/// primaries, three replicas) in a temporary directory, joined with `redis-cli
/// --cluster create ... --cluster-replicas 1 --cluster-yes`, ready once every node says
/// `cluster_state:ok` and lists the same three shards, each with its replica. Stopped
/// (SIGKILL, directory removed) by `stop()`.
///
/// Ports: six consecutive ones from `STREAMSCOPE_CLUSTER_PORT` (default 7101), or the
/// next block of ten whose ports and cluster-bus ports (port + 10000) are free. Fails
/// loudly, never skips, when redis-server or redis-cli is missing.
public final class RedisCluster {
    public private(set) var ports: [Int] = []
    private var processes: [Int: ChildProcess] = [:]
    private let directory: String
    private var connections: [Int: RedisConnection] = [:]

    public init() throws {
        guard let server = RedisOracle.findBinary() else {
            throw RedisOracle.Failure(description: "redis-server (7.0.x) not found on PATH: install it with `apt-get install -y redis-server` (the README's test command does this)")
        }
        let cli = URL(fileURLWithPath: server).deletingLastPathComponent().appendingPathComponent("redis-cli").path
        guard FileManager.default.isExecutableFile(atPath: cli) else {
            throw RedisOracle.Failure(description: "redis-cli not found next to \(server): install redis-tools (Debian's redis-server package brings it)")
        }
        directory = NSTemporaryDirectory() + "/redis-cluster-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let start = Int(ProcessInfo.processInfo.environment["STREAMSCOPE_CLUSTER_PORT"] ?? "") ?? 7101
        // Suites run in parallel in one process: one cluster at a time picks its ports
        // and starts its servers, so two never take the same block.
        Self.starting.lock()
        defer { Self.starting.unlock() }
        guard let base = stride(from: start, to: start + 200, by: 10).first(where: { b in (0..<6).allSatisfy { Self.isFree(b + $0) && Self.isFree(b + $0 + 10000) } }) else {
            throw RedisOracle.Failure(description: "no six free ports (and bus ports) from \(start)")
        }
        ports = (0..<6).map { base + $0 }
        do {
            for port in ports { try launch(server, port: port) }
            for port in ports { try waitForPing(port) }
            let create = try spawnAndWait([cli, "--cluster", "create"] + ports.map { "127.0.0.1:\($0)" } + ["--cluster-replicas", "1", "--cluster-yes"], captureOutput: true)
            guard create.status == 0 else { throw RedisOracle.Failure(description: "redis-cli --cluster create failed: \(create.output)") }
            try waitUntilSettled()
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    private func launch(_ server: String, port: Int) throws {
        let dir = "\(directory)/\(port)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = ChildProcess(executable: server, arguments: ["--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                       "--cluster-config-file", "\(dir)/nodes.conf", "--cluster-node-timeout", "1000",
                       // Replicas sync at once (the default waits 5 s for more replicas to join a diskless sync).
                       "--repl-diskless-sync-delay", "0",
                       // A replica counts as online in CLUSTER SHARDS once its offset moves: the primary pings every second, not 10.
                       "--repl-ping-replica-period", "1",
                       "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "\(dir)/log",
                       "--loglevel", "warning", "--dir", dir])
        try p.run()
        processes[port] = p
    }

    private static let starting = NSLock()

    private func waitForPing(_ port: Int) throws {
        for _ in 0..<200 {
            // Our own server, not another process's that took the port meanwhile.
            if let c = try? RedisConnection(port: port), (try? c.rawCommand(["PING"])) == Array("+PONG\r\n".utf8),
               RedisOracle.processID(of: c) == processes[port].map({ Int($0.processIdentifier) }) {
                connections[port] = c
                return
            }
            usleep(20_000)
        }
        throw RedisOracle.Failure(description: "redis-server on port \(port) did not answer")
    }

    /// Waits (up to 20 s) until every live node reports `cluster_state:ok` and three
    /// shards that each have an online primary and `replicasPerShard` online replicas.
    public func waitUntilSettled(replicasPerShard: Int = 1, among live: [Int]? = nil) throws {
        let nodes = live ?? ports
        for _ in 0..<400 {
            if nodes.allSatisfy({ settled($0, replicas: replicasPerShard) }) { return }
            usleep(50_000)
        }
        throw RedisOracle.Failure(description: "the cluster did not settle within 20 s")
    }

    private func settled(_ port: Int, replicas: Int) -> Bool {
        guard let info = try? text(port, ["CLUSTER", "INFO"]), info.contains("cluster_state:ok"),
              case .array(let shards)? = try? connection(port).command(["CLUSTER", "SHARDS"]) else { return false }
        let described = shards.map { RESPEncoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        let full = described.filter { !$0.contains("$5\r\nslots\r\n*0") }
        return full.count == 3 && full.allSatisfy { s in
            s.components(separatedBy: "$6\r\nmaster\r\n").count == 2
                && s.components(separatedBy: "$7\r\nreplica\r\n").count == replicas + 1
                && s.components(separatedBy: "$6\r\nonline\r\n").count == replicas + 2
        }
    }

    /// Waits (up to 20 s) until every node in `live` says `cluster_state:ok` and that
    /// `port` is the primary serving `key` (after a failover).
    public func waitUntilServed(key: String, by port: Int, among live: [Int]) throws {
        for _ in 0..<400 {
            if live.allSatisfy({ p in
                (try? text(p, ["CLUSTER", "INFO"]))?.contains("cluster_state:ok") == true && (try? primaryPort(forKey: key, askingPort: p)) == port
            }) { return }
            usleep(50_000)
        }
        throw RedisOracle.Failure(description: "\(port) did not come to serve \(key) within 20 s")
    }

    /// A connection to the node on `port` (kept open until `stop`).
    public func connection(_ port: Int) throws -> RedisConnection {
        if let c = connections[port] { return c }
        let c = try RedisConnection(port: port)
        connections[port] = c
        return c
    }

    /// A reply's text (bulk string), e.g. INFO or CLUSTER INFO.
    public func text(_ port: Int, _ args: [String]) throws -> String {
        guard case .bulkString(let b) = try connection(port).command(args) else { throw RedisOracle.Failure(description: "\(args) gave no text") }
        return String(decoding: b, as: UTF8.self)
    }

    /// The port of the primary serving `key`'s slot, by CLUSTER SLOTS on `askingPort`.
    public func primaryPort(forKey key: String, askingPort: Int? = nil) throws -> Int {
        let asked = askingPort ?? ports.first { processes[$0]?.isRunning == true }!
        guard case .integer(let slot) = try connection(asked).command(["CLUSTER", "KEYSLOT", key]),
              case .array(let ranges) = try connection(asked).command(["CLUSTER", "SLOTS"]) else {
            throw RedisOracle.Failure(description: "CLUSTER KEYSLOT/SLOTS failed")
        }
        for r in ranges {
            guard case .array(let parts) = r, parts.count >= 3, case .integer(let lo) = parts[0], case .integer(let hi) = parts[1],
                  case .array(let node) = parts[2], node.count >= 2, case .integer(let port) = node[1] else { continue }
            if lo <= slot && slot <= hi { return Int(port) }
        }
        throw RedisOracle.Failure(description: "no primary serves \(key)")
    }

    /// The node ID of the node on `port`.
    public func nodeID(_ port: Int) throws -> String {
        guard case .bulkString(let b) = try connection(port).command(["CLUSTER", "MYID"]) else { throw RedisOracle.Failure(description: "CLUSTER MYID failed") }
        return String(decoding: b, as: UTF8.self)
    }

    /// The port of a replica of the primary on `port`.
    public func replicaPort(of primary: Int) throws -> Int {
        for p in ports where p != primary && processes[p]?.isRunning == true {
            if let info = try? text(p, ["INFO", "replication"]), info.contains("role:slave"), info.contains("master_port:\(primary)\r") { return p }
        }
        throw RedisOracle.Failure(description: "no replica of \(primary)")
    }

    /// Ends one node at once (SIGKILL), as a crash would.
    public func kill(_ port: Int) {
        connections[port]?.close()
        connections[port] = nil
        if let p = processes[port], p.isRunning {
            Glibc.kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
    }

    /// Freezes the node (SIGSTOP): it keeps its connections open and answers nothing,
    /// as a hung server does. `resume` thaws it.
    public func pause(_ port: Int) {
        if let p = processes[port], p.isRunning { Glibc.kill(p.processIdentifier, SIGSTOP) }
    }

    public func resume(_ port: Int) {
        if let p = processes[port], p.isRunning { Glibc.kill(p.processIdentifier, SIGCONT) }
    }

    /// Whether the node on `port` is still running.
    public func isRunning(_ port: Int) -> Bool { processes[port]?.isRunning == true }

    /// Stops every node and removes the directory. SIGKILL (test threads block SIGTERM).
    public func stop() {
        for c in connections.values { c.close() }
        connections = [:]
        for (_, p) in processes where p.isRunning {
            Glibc.kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        processes = [:]
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func isFree(_ port: Int) -> Bool {
        guard port < 65536 else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
