import Foundation
import RESP
import StreamEngine

/// The explorer's data source over a whole Redis Cluster. Each primary gets a
/// `RedisSource` of its own over a `RoutedChannel` homed on it, so everything a source
/// does on one server (SCAN ... TYPE stream, the bounded reads, the histogram's samples)
/// is done per node, with keyed commands routed by slot and redirections followed by
/// the shared `ClusterRouter`. Streams are listed from every primary at once, each on
/// its own thread: a node that hangs costs its own timeout, its streams are shown with
/// their last figures and marked unavailable, and the other nodes' streams still come.
public final class ClusterSource: StreamDataSource {
    public let router: ClusterRouter
    public let label: String
    private var sources: [NodeAddress: RedisSource] = [:]
    private var last: [NodeAddress: [StreamSummary]] = [:]
    private let stateLock = NSLock()
    private var states: [NodeAddress: NodeState] = [:]
    private var writes: UInt64 = 0
    private var refreshedMs: UInt64 = 0
    /// How often the topology is asked again while nothing went wrong.
    public var topologyEveryMs: UInt64 = 5000
    /// Where a keyless command typed at the prompt goes (the node chosen in the nodes view).
    public var selectedNode: NodeAddress?

    /// What the last read of a node found.
    public struct NodeState: Equatable, Sendable {
        /// `ok`, `failing` (its last read failed) or `down` (it failed and the cluster
        /// no longer lists it as serving slots).
        public var state: String
        public var error: String?
        public var roundTripMs: Double?
        public var streams: Int
        public var entries: Int
    }

    /// - Parameters: router: knows at least one node; label: the URL as the title bar shows it.
    public init(router: ClusterRouter, label: String) throws {
        self.router = router
        self.label = label
        try router.refresh()
    }

    public var nowMs: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
    }

    public var changeStamp: UInt64 { nowMs / 500 &+ writes }

    public var commandNames: [String] { ["CLUSTER"] + (sources.values.first?.commandNames ?? []) }

    /// `3 shards · rtt 0.4 ms` (the slowest primary's), `· 1 down` after a failover, or
    /// the primaries whose reads fail.
    public var health: String? {
        let s = nodeStates
        let failing = s.filter { $0.value.state == "failing" }.sorted { $0.key < $1.key }
        if let (a, st) = failing.first {
            return "\(a) failing: \(st.error ?? "?")" + (failing.count > 1 ? " (+\(failing.count - 1) more)" : "")
        }
        let down = s.values.filter { $0.state == "down" }.count
        let worst = s.values.filter { $0.state == "ok" }.compactMap(\.roundTripMs).max()
        return "\(router.topology.primaries.count) shards" + (down > 0 ? " · \(down) down" : "") + (worst.map { " · rtt \(Format.oneDecimal($0)) ms" } ?? "")
    }

    /// Every node's last state, by address.
    public var nodeStates: [NodeAddress: NodeState] { stateLock.lock(); defer { stateLock.unlock() }; return states }

    /// The source of one primary (made on first use).
    public func source(_ node: NodeAddress) -> RedisSource {
        // Reading from replicas, keyless reads (SCAN) go to the shard's replica too; a
        // source whose replica is gone (promoted, failed) is made again.
        let home = router.readFromReplicas ? router.replica(of: node) ?? node : node
        if let s = sources[node], (s.channel as? RoutedChannel)?.home == home { return s }
        let s = RedisSource(channel: RoutedChannel(router: router, home: home), label: "\(node)")
        sources[node] = s
        return s
    }

    /// The source of the primary serving `key`'s slot.
    func source(forKey key: [UInt8]) throws -> RedisSource {
        guard let node = router.topology.primary(forSlot: HashSlot.of(key)) ?? router.topology.primaries.first else {
            throw DataSourceError("the cluster serves no slots")
        }
        return source(node)
    }

    public func cancel() { router.cancel() }

    public func readOnlyCommands() throws -> ReadOnlyCommands {
        guard let node = selectedNode ?? router.topology.primaries.first else { throw DataSourceError("the cluster serves no slots") }
        return try source(node).readOnlyCommands()
    }

    // MARK: Reads

    /// Every primary's streams, read in parallel (SCAN on each, XINFO routed by slot).
    /// A key listed by two nodes (mid-migration) is shown once, from the node that
    /// serves its slot now.
    /// - Complexity: per primary, as `RedisSource.streams()`; the wall time is the
    ///   slowest node's (at most its channel's timeout).
    public func streams() throws -> [StreamSummary] {
        let now = nowMs
        if now >= refreshedMs + topologyEveryMs || now < refreshedMs {
            // A refresh that fails keeps the table it had; a node's failure shows below.
            if (try? router.refresh()) != nil { refreshedMs = now }
        }
        let topology = router.topology
        let primaries = topology.primaries
        let work = primaries.map { source($0) }
        let results = ResultBox(count: work.count)
        let threads: [Thread] = work.enumerated().map { i, s in
            let job = UncheckedJob { results.set(i, Result { try s.streams() }) }
            let t = Thread { job.run() }
            t.start()
            return t
        }
        _ = threads
        results.wait()
        var merged: [[UInt8]: StreamSummary] = [:]
        var anyFailed = false
        for (i, node) in primaries.enumerated() {
            let rtt = (sources[node]?.channel.lastRoundTripMs)
            switch results.values[i]! {
            case .success(let list):
                var rows = list
                for j in rows.indices {
                    rows[j].slot = HashSlot.of(rows[j].key)
                    rows[j].node = (topology.primary(forSlot: rows[j].slot!) ?? node).description
                }
                last[node] = rows
                setState(node, NodeState(state: "ok", error: nil, roundTripMs: rtt, streams: rows.count, entries: rows.reduce(0) { $0 + $1.length }))
                for r in rows where merged[r.key] == nil || r.node == node.description { merged[r.key] = r }
            case .failure(let error):
                anyFailed = true
                let why = (error as? DataSourceError)?.description ?? "\(error)"
                let rows = (last[node] ?? []).map { r -> StreamSummary in var r = r; r.unavailable = "\(node): \(why)"; return r }
                setState(node, NodeState(state: "failing", error: why, roundTripMs: nil, streams: rows.count, entries: rows.reduce(0) { $0 + $1.length }))
                for r in rows where merged[r.key] == nil { merged[r.key] = r }
            }
        }
        // Nodes no longer serving slots (failed over, emptied) are reported as down.
        stateLock.lock()
        for (a, var st) in states where !primaries.contains(a) && st.state != "down" {
            st.state = "down"
            states[a] = st
        }
        stateLock.unlock()
        if anyFailed { router.markStale(); refreshedMs = 0 }
        return merged.values.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    private func setState(_ node: NodeAddress, _ s: NodeState) {
        stateLock.lock()
        states[node] = s
        stateLock.unlock()
    }

    public func entries(_ key: [UInt8], from start: StreamID, to end: StreamID, count: Int, reverse: Bool,
                        filter: String?, scanLimit: Int) throws -> [EntryRow] {
        try source(forKey: key).entries(key, from: start, to: end, count: count, reverse: reverse, filter: filter, scanLimit: scanLimit)
    }

    public func groups(_ key: [UInt8]) throws -> [GroupSummary] { try source(forKey: key).groups(key) }

    public func consumers(_ key: [UInt8], group: BinaryName) throws -> [ConsumerSummary] {
        try source(forKey: key).consumers(key, group: group)
    }

    public func pending(_ key: [UInt8], group: BinaryName, count: Int) throws -> [PendingRow] {
        try source(forKey: key).pending(key, group: group, count: count)
    }

    public func pending(_ key: [UInt8], group: BinaryName, from start: StreamID, to end: StreamID, count: Int,
                        consumer: BinaryName?) throws -> [PendingRow] {
        try source(forKey: key).pending(key, group: group, from: start, to: end, count: count, consumer: consumer)
    }

    public func histogram(_ key: [UInt8], fromMs: UInt64, toMs: UInt64, buckets: Int) throws -> [Int] {
        try source(forKey: key).histogram(key, fromMs: fromMs, toMs: toMs, buckets: buckets)
    }

    public func count(_ key: [UInt8], from start: StreamID, to end: StreamID) throws -> Int {
        try source(forKey: key).count(key, from: start, to: end)
    }

    // MARK: Writes

    /// Routed by the command's first key (COMMAND INFO's key specs); a keyless command
    /// goes to the node selected in the nodes view, else the first primary. A command
    /// whose keys span slots reaches one node, which answers CROSSSLOT.
    public func execute(_ args: [[UInt8]]) throws -> RESPValue {
        writes &+= 1
        guard let node = router.target(of: args, home: selectedNode, primaryOnly: true) else { throw DataSourceError("the cluster serves no slots") }
        return try source(node).execute(args)
    }

    /// MULTI ... EXEC on the node of the first key: all keys must share a slot (the
    /// server says CROSSSLOT otherwise, and nothing runs).
    public func executeAtomically(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        writes &+= 1
        let keyed = commands.first { !(router.keyPositions?.keys($0).isEmpty ?? true) } ?? []
        guard let node = router.target(of: keyed, home: selectedNode, primaryOnly: true) else { throw DataSourceError("the cluster serves no slots") }
        return try source(node).executeAtomically(commands)
    }
}

/// Results filled in by worker threads, waited for by the caller.
final class ResultBox: @unchecked Sendable {
    private let condition = NSCondition()
    private(set) var values: [Result<[StreamSummary], any Error>?]
    private var remaining: Int
    init(count: Int) {
        values = Array(repeating: nil, count: count)
        remaining = count
    }
    func set(_ i: Int, _ r: Result<[StreamSummary], any Error>) {
        condition.lock()
        values[i] = r
        remaining -= 1
        condition.broadcast()
        condition.unlock()
    }
    func wait() {
        condition.lock()
        while remaining > 0 { condition.wait() }
        condition.unlock()
    }
}

/// A closure moved to a worker thread; the caller waits for it before touching what it used.
struct UncheckedJob: @unchecked Sendable {
    let run: () -> Void
}

extension ClusterSource {
    /// What the prompt refuses on a cluster: commands that change the state of a
    /// connection the panes share with it (a transaction, a database, replies turned
    /// off, a redirection flag), and those that turn it into a live feed.
    static let connectionStateCommands: Set<String> = ["MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SELECT", "RESET",
                                                       "READONLY", "READWRITE", "ASKING"]

    /// A prompt line, routed like any command (by key; keyless to the selected node).
    public func prompt(_ args: [[UInt8]]) throws -> RESPValue {
        let name = String(decoding: args.first ?? [], as: UTF8.self).uppercased()
        if RedisSource.connectionTakeovers.contains(name) {
            throw DataSourceError("\(name) turns a connection into a live feed; the prompt reads one reply per command: use redis-cli for it")
        }
        let sub = args.count > 1 ? String(decoding: args[1], as: UTF8.self).uppercased() : ""
        if Self.connectionStateCommands.contains(name) || (name == "CLIENT" && sub == "REPLY") {
            throw DataSourceError("\(name) changes the connection the panes read a node through; on a cluster the prompt does not send it: use redis-cli -c")
        }
        return try execute(args)
    }
}
