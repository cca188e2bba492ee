/// One node as the nodes view lists it: its shard, role, address, the slots it serves,
/// what it holds and how it answers.
public struct ClusterNodeRow: Equatable, Sendable {
    /// 1-based, in slot order.
    public var shard: Int
    public var isPrimary: Bool
    public var address: String
    /// `0-5460`; `-` for a replica (it serves its primary's).
    public var slots: String
    public var streams: Int?
    public var entries: Int?
    public var roundTripMs: Double?
    /// `ok`, `failing`, `down`; for a replica the cluster's word (`online`, `failed`, `loading`).
    public var state: String
    /// For a replica: how many bytes of replication stream it is behind its primary.
    public var replicationLag: Int64?

    public init(shard: Int, isPrimary: Bool, address: String, slots: String, streams: Int? = nil, entries: Int? = nil,
                roundTripMs: Double? = nil, state: String, replicationLag: Int64? = nil) {
        self.shard = shard
        self.isPrimary = isPrimary
        self.address = address
        self.slots = slots
        self.streams = streams
        self.entries = entries
        self.roundTripMs = roundTripMs
        self.state = state
        self.replicationLag = replicationLag
    }
}

extension ClusterSource {
    /// The nodes view's rows, from the last topology and the last read of each primary
    /// (no round trip); primaries the cluster no longer lists but that were read
    /// before are shown `down`. `selecting` (an address) becomes the node keyless
    /// prompt commands go to. - Complexity: O(nodes)
    public func clusterNodes(selecting: String?) -> [ClusterNodeRow] {
        let topology = router.topology
        let states = nodeStates
        selectedNode = topology.allNodes.map(\.address).first { $0.description == selecting }
        var rows: [ClusterNodeRow] = []
        for (i, shard) in topology.shards.enumerated() where !shard.slots.isEmpty {
            if let p = shard.primary {
                let st = states[p.address]
                rows.append(ClusterNodeRow(shard: i + 1, isPrimary: true, address: p.address.description, slots: shard.slotText,
                                           streams: st?.streams, entries: st?.entries, roundTripMs: st?.roundTripMs,
                                           state: st?.state ?? (p.health == "online" ? "ok" : p.health)))
            }
            for r in shard.replicas {
                let lag = zip(shard.primary?.replicationOffset, r.replicationOffset).map { pair in max(0, pair.0 - pair.1) }
                rows.append(ClusterNodeRow(shard: i + 1, isPrimary: r.isPrimary, address: r.address.description, slots: "-",
                                           state: r.isPrimary && r.health == "failed" ? "down" : r.health, replicationLag: lag))
            }
        }
        let listed = Set(rows.map(\.address))
        for (a, st) in states.sorted(by: { $0.key < $1.key }) where !listed.contains(a.description) {
            rows.append(ClusterNodeRow(shard: 0, isPrimary: true, address: a.description, slots: "-", state: st.state == "ok" ? "down" : st.state))
        }
        return rows
    }
}

private func zip(_ a: Int64?, _ b: Int64?) -> (Int64, Int64)? {
    guard let a, let b else { return nil }
    return (a, b)
}
