import RESP
import StreamCommands
import StreamEngine

/// INFO [section ...]: server, clients, memory, persistence, stats, replication,
/// cluster, keyspace, in Redis's `field:value` lines and section order.
extension ServerCore {
    static let defaultSections = ["server", "clients", "memory", "persistence", "stats", "replication", "cluster", "keyspace"]

    func info(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        var wanted: [String] = []
        if args.count == 1 {
            wanted = Self.defaultSections
        } else {
            for a in args.dropFirst() {
                let s = String(decoding: a, as: UTF8.self).lowercased()
                if s == "all" || s == "everything" || s == "default" {
                    wanted += Self.defaultSections
                } else {
                    wanted.append(s)
                }
            }
        }
        var seen: Set<String> = []
        var sections: [String] = []
        for name in Self.defaultSections where wanted.contains(name) && seen.insert(name).inserted {
            sections.append(infoSection(name))
        }
        return .verbatim(format: "txt", text: Array(sections.joined(separator: "\r\n").utf8))
    }

    func infoSection(_ name: String) -> String {
        let now = keyspace.now
        var lines: [String]
        switch name {
        case "server":
            let uptime = (now &- startMs) / 1000
            lines = ["# Server", "redis_version:\(keyspace.dialect.serverVersion)", "streamscope_version:\(ServerInfo.version)",
                     "redis_mode:standalone", "os:\(ProcessFacts.osName)", "arch_bits:\(Int.bitWidth)",
                     "multiplexing_api:epoll", "process_id:\(ProcessFacts.processID)", "run_id:\(runID)",
                     "tcp_port:\(settings.port)", "uptime_in_seconds:\(uptime)", "uptime_in_days:\(uptime / 86400)",
                     "executable:streamscope", "config_file:"]
        case "clients":
            lines = ["# Clients", "connected_clients:\(connectedClients)", "cluster_connections:0",
                     "maxclients:\(settings.maxClients)", "blocked_clients:\(blockedClients)",
                     "tracking_clients:0", "clients_in_timeout_table:\(clients.values.filter { ($0.parked?.request.timeoutMs ?? 0) > 0 }.count)"]
        case "memory":
            let used = usedMemoryEstimate()
            let rss = ProcessFacts.residentBytes()
            lines = ["# Memory", "used_memory:\(used)", "used_memory_human:\(Self.human(used))",
                     "used_memory_rss:\(rss)", "used_memory_rss_human:\(Self.human(rss))",
                     "maxmemory:0", "maxmemory_policy:noeviction", "mem_allocator:libc"]
        case "persistence":
            if let store = commands.durability.persistence {
                lines = ["# Persistence"] + store.infoLines
            } else {
                lines = ["# Persistence", "loading:0", "async_loading:0", "rdb_changes_since_last_save:0",
                         "rdb_bgsave_in_progress:0", "rdb_last_bgsave_status:ok", "aof_enabled:0",
                         "aof_rewrite_in_progress:0", "aof_last_write_status:ok"]
            }
        case "stats":
            lines = ["# Stats", "total_connections_received:\(stats.connectionsReceived)",
                     "total_commands_processed:\(stats.commandsProcessed)",
                     "total_net_input_bytes:\(stats.inputBytes)", "total_net_output_bytes:\(stats.outputBytes)",
                     "rejected_connections:\(stats.rejectedConnections)", "expired_keys:0", "evicted_keys:0",
                     "keyspace_hits:0", "keyspace_misses:0", "pubsub_channels:0", "pubsub_patterns:0"]
        case "replication":
            lines = ["# Replication", "role:master", "connected_slaves:0"]
        case "cluster":
            lines = ["# Cluster", "cluster_enabled:0"]
        default:
            lines = ["# Keyspace"]
            for (i, db) in keyspace.databases.enumerated() where db.count > 0 {
                lines.append("db\(i):keys=\(db.count),expires=0,avg_ttl=0")
            }
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// The engine's estimate of the bytes its values hold. O(keys).
    func usedMemoryEstimate() -> Int {
        var total = 0
        for db in keyspace.databases {
            for (key, value) in db.values {
                total += 56 + key.count
                if case .stream(let s) = value { total += s.memoryFootprint }
            }
        }
        return total
    }

    static func human(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes)B" }
        let units = ["K", "M", "G", "T"]
        var v = Double(bytes) / 1024
        var u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return String(Int(v * 100) / 100) + "." + String(format2(Int(v * 100) % 100)) + units[u]
    }

    private static func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
