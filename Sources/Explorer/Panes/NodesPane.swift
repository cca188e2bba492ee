import TerminalUI

extension PaneID {
    public static let nodes = PaneID("nodes")
}

/// A Redis Cluster's nodes, shard by shard: primary and replicas, address, the slots
/// each shard serves, the streams and entries its primary holds, round-trip time and
/// state (`ok`, `failing`, `down`; a replica's as the cluster says, with how far its
/// replication is behind, in bytes: `lag`). Takes no room until focused (`7` on a cluster, Tab), then half the body.
/// The selected node is where keyless commands typed at the `:` prompt go.
public struct NodesPane: Pane {
    public init() {}
    public var id: PaneID { .nodes }
    public var title: String { "Nodes" }
    /// The rows come with every refresh (the source already has them).
    public var needs: DataNeeds { [] }

    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
        select(&s, row: (s.clusterNodes.firstIndex { $0.address == s.selectedNode } ?? 0) + n)
    }

    public func select(_ s: inout AppState, row index: Int) -> [Effect] {
        guard !s.clusterNodes.isEmpty else { return [] }
        let address = s.clusterNodes[clampRow(index, s.clusterNodes.count)].address
        guard address != s.selectedNode else { return [] }
        s.selectedNode = address
        s.status = "keyless commands go to \(address)"
        return [.refresh]
    }

    public func back(_ s: inout AppState) -> [Effect] {
        s.focus = .streams
        return []
    }

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        // No room until focused: nothing to draw, not even a border.
        guard rect.height > 0 else { return }
        let state = context.state
        let rows = state.clusterNodes.map { n -> [String] in
            [n.shard > 0 ? "\(n.shard)" : "·", n.isPrimary ? "primary" : "replica", n.address, n.slots,
             n.streams.map { Format.count($0) } ?? "·", n.entries.map { Format.count($0) } ?? "·",
             n.roundTripMs.map { Format.oneDecimal($0) + " ms" } ?? "·",
             n.state == "ok" || n.state == "online" ? n.state : RowMarks.poisonGlyph + n.state,
             n.replicationLag.map { "\($0) B" } ?? "·"]
        }
        let t = Table(columns: [.init("shard", .fit(min: 5), alignRight: true), .init("role", .fit(min: 7)), .init("address", .flex(min: 12)),
                                .init("slots", .fit(min: 5)), .init("streams", .fit(min: 7), alignRight: true),
                                .init("entries", .fit(min: 7), alignRight: true), .init("rtt", .fit(min: 6), alignRight: true),
                                .init("state", .fit(min: 5)), .init("lag", .fit(min: 3), alignRight: true)],
                      rows: rows,
                      rowStyles: state.clusterNodes.map { $0.state == "ok" || $0.state == "online" ? nil : RowMarks.stuckStyle },
                      selected: state.clusterNodes.firstIndex { $0.address == state.selectedNode })
        context.drawTable(&buf, rect, title: "\(context.heading) (\(state.clusterNodes.count))", t,
                          empty: "not a cluster: one server")
    }
}
