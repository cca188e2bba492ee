import RESP

/// A node's address as clients reach it.
public struct NodeAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
    /// `host:port`, or `[v6]:port`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    public static func < (a: NodeAddress, b: NodeAddress) -> Bool { (a.host, a.port) < (b.host, b.port) }

    /// Parses `host:port` as Redis writes it in MOVED and ASK (the last colon separates
    /// the port, so `::1:7000` is IPv6; brackets are accepted). An empty host (a node
    /// that does not know its own endpoint) gives `host` "". nil when malformed.
    public static func parse(_ text: Substring) -> NodeAddress? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return NodeAddress(host: String(host), port: port)
    }
}

/// One node of a cluster as CLUSTER SHARDS (or CLUSTER SLOTS) describes it.
public struct ClusterNode: Equatable, Sendable {
    public var id: String
    public var address: NodeAddress
    public var isPrimary: Bool
    /// `online`, `failed` or `loading` (CLUSTER SHARDS); `online` from CLUSTER SLOTS.
    public var health: String
    /// How far its replication stream has got, when the server says.
    public var replicationOffset: Int64?
    public init(id: String, address: NodeAddress, isPrimary: Bool, health: String = "online", replicationOffset: Int64? = nil) {
        self.id = id
        self.address = address
        self.isPrimary = isPrimary
        self.health = health
        self.replicationOffset = replicationOffset
    }
}

/// A shard: the slot ranges it serves, its primary and its replicas.
public struct ClusterShard: Equatable, Sendable {
    public var slots: [ClosedRange<Int>]
    public var primary: ClusterNode?
    public var replicas: [ClusterNode]
    public init(slots: [ClosedRange<Int>], primary: ClusterNode?, replicas: [ClusterNode]) {
        self.slots = slots
        self.primary = primary
        self.replicas = replicas
    }
    /// `0-5460`, `0-99,200-5460`.
    public var slotText: String {
        slots.isEmpty ? "-" : slots.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
    public var slotCount: Int { slots.reduce(0) { $0 + $1.count } }
}

/// Who serves which slot: the shards of a cluster and a table from each of the 16384
/// slots to the primary serving it. Built from CLUSTER SHARDS (Redis 7) or CLUSTER
/// SLOTS (any cluster); patched slot by slot when a MOVED reply says a slot has moved.
public struct ClusterTopology: Equatable, Sendable {
    public private(set) var shards: [ClusterShard]
    /// For each slot, the address of its primary (nil: unassigned).
    private var owners: [NodeAddress?]

    /// - Complexity: O(16384 + nodes)
    public init(shards: [ClusterShard]) {
        // Shards with slots first, in slot order; then any without (a primary left empty).
        self.shards = shards.sorted { ($0.slots.first?.lowerBound ?? Int.max, $0.primary?.address.description ?? "") < ($1.slots.first?.lowerBound ?? Int.max, $1.primary?.address.description ?? "") }
        owners = Array(repeating: nil, count: HashSlot.count)
        for s in self.shards {
            guard let p = s.primary else { continue }
            for r in s.slots { for slot in r.clamped(to: 0...(HashSlot.count - 1)) { owners[slot] = p.address } }
        }
    }

    /// The primary serving `slot`, if any. O(1)
    public func primary(forSlot slot: Int) -> NodeAddress? {
        guard slot >= 0 && slot < HashSlot.count else { return nil }
        return owners[slot]
    }

    /// The primaries that serve at least one slot, in slot order.
    public var primaries: [NodeAddress] {
        shards.compactMap { $0.slots.isEmpty ? nil : $0.primary?.address }
    }

    /// Every node, primaries first.
    public var allNodes: [ClusterNode] { shards.compactMap(\.primary) + shards.flatMap(\.replicas) }

    /// The shard whose primary is at `address`.
    public func shard(of address: NodeAddress) -> ClusterShard? {
        shards.first { $0.primary?.address == address || $0.replicas.contains { $0.address == address } }
    }

    /// Whether every slot has a primary.
    public var coversAllSlots: Bool { !owners.contains(nil) }

    /// Records a MOVED: `slot` is now served by `address`. O(1)
    public mutating func move(slot: Int, to address: NodeAddress) {
        guard slot >= 0 && slot < HashSlot.count else { return }
        owners[slot] = address
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// From a CLUSTER SHARDS reply (RESP2 arrays or RESP3 maps). Node addresses use
    /// `endpoint` (the cluster's preferred endpoint), else `ip`; with `tls`, `tls-port`
    /// when a node has one. `fallbackHost` stands in for an unknown endpoint (`?`, empty):
    /// the host the seed was reached at.
    /// - Complexity: O(shards + nodes + 16384)
    public static func parse(shards reply: RESPValue, tls: Bool = false, fallbackHost: String) throws -> ClusterTopology {
        guard case .array(let items) = reply else { throw ParseError(description: "CLUSTER SHARDS: unexpected reply \(reply)") }
        var shards: [ClusterShard] = []
        for item in items {
            let f = Fields(item)
            var slots: [ClosedRange<Int>] = []
            let bounds = f.list("slots").compactMap(Fields.integer)
            var i = 0
            while i + 1 < bounds.count {
                if bounds[i] <= bounds[i + 1] { slots.append(Int(bounds[i])...Int(bounds[i + 1])) }
                i += 2
            }
            var nodes: [ClusterNode] = []
            for n in f.list("nodes").map(Fields.init) {
                var host = n.string("endpoint") ?? ""
                if host.isEmpty || host == "?" { host = n.string("ip") ?? "" }
                if host.isEmpty || host == "?" { host = fallbackHost }
                let port = Int((tls ? n.integer("tls-port") : nil) ?? n.integer("port") ?? 0)
                let node = ClusterNode(id: n.string("id") ?? "", address: NodeAddress(host: host, port: port),
                                       isPrimary: n.string("role") == "master", health: n.string("health") ?? "online",
                                       replicationOffset: n.integer("replication-offset"))
                nodes.append(node)
            }
            // After a failover the old primary may still be listed as a failed master:
            // the shard's primary is an online one when there is one.
            let rank = { (n: ClusterNode) -> Int in n.health == "online" ? 0 : n.health == "failed" ? 2 : 1 }
            let primary = nodes.filter(\.isPrimary).min { rank($0) < rank($1) }
            let replicas = nodes.filter { $0 != primary }
            shards.append(ClusterShard(slots: slots, primary: primary, replicas: replicas))
        }
        return ClusterTopology(shards: shards)
    }

    /// From a CLUSTER SLOTS reply: `[start, end, [ip, port, id, ...], [replica ...] ...]`
    /// per range; ranges of one primary are gathered into its shard.
    /// - Complexity: O(ranges + 16384)
    public static func parse(slots reply: RESPValue, fallbackHost: String) throws -> ClusterTopology {
        guard case .array(let items) = reply else { throw ParseError(description: "CLUSTER SLOTS: unexpected reply \(reply)") }
        var byPrimary: [NodeAddress: ClusterShard] = [:]
        for item in items {
            guard case .array(let parts) = item, parts.count >= 3,
                  let lo = Fields.integer(parts[0]), let hi = Fields.integer(parts[1]), lo <= hi else { continue }
            let nodes: [ClusterNode] = parts.dropFirst(2).enumerated().compactMap { index, v in
                guard case .array(let n) = v, n.count >= 2, let port = Fields.integer(n[1]) else { return nil }
                var host = Fields.text(n[0]) ?? ""
                if host.isEmpty || host == "?" { host = fallbackHost }
                let id = n.count > 2 ? Fields.text(n[2]) ?? "" : ""
                return ClusterNode(id: id, address: NodeAddress(host: host, port: Int(port)), isPrimary: index == 0)
            }
            guard let p = nodes.first else { continue }
            var shard = byPrimary[p.address] ?? ClusterShard(slots: [], primary: p, replicas: [])
            shard.slots.append(Int(lo)...Int(hi))
            for r in nodes.dropFirst() where !shard.replicas.contains(where: { $0.address == r.address }) { shard.replicas.append(r) }
            byPrimary[p.address] = shard
        }
        return ClusterTopology(shards: byPrimary.values.map { var s = $0; s.slots.sort { $0.lowerBound < $1.lowerBound }; return s })
    }

    /// A RESP2 key/value array or a RESP3 map, read by field name.
    struct Fields {
        var values: [String: RESPValue] = [:]
        init(_ v: RESPValue) {
            switch v {
            case .map(let m): for (k, x) in m { if let name = Fields.text(k) { values[name] = x } }
            case .array(let a):
                var i = 0
                while i + 1 < a.count {
                    if let name = Fields.text(a[i]) { values[name] = a[i + 1] }
                    i += 2
                }
            default: break
            }
        }
        func list(_ k: String) -> [RESPValue] {
            switch values[k] {
            case .array(let a)?, .set(let a)?: return a
            default: return []
            }
        }
        func string(_ k: String) -> String? { values[k].flatMap(Fields.text) }
        func integer(_ k: String) -> Int64? { values[k].flatMap(Fields.integer) }
        static func text(_ v: RESPValue) -> String? {
            switch v {
            case .bulkString(let b): return String(decoding: b, as: UTF8.self)
            case .simpleString(let s): return s
            default: return nil
            }
        }
        static func integer(_ v: RESPValue) -> Int64? {
            switch v {
            case .integer(let i): return i
            case .bulkString(let b): return Int64(String(decoding: b, as: UTF8.self))
            default: return nil
            }
        }
    }
}
