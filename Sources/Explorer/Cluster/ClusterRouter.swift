import Foundation
import RESP

/// Sends commands to the nodes of a Redis Cluster: each to the primary serving its
/// key's hash slot (keys found by the server's own COMMAND INFO key specs), a keyless
/// one to a node the caller names. Follows redirections as Redis asks clients to: MOVED
/// patches the slot table at once and refreshes the whole topology before the next
/// call; ASK sends ASKING and then the command to the named node, for that one command.
/// One channel per node, made by the factory the executable gives (the explorer opens
/// no sockets), with the same TLS and credentials as the first. Safe to use from
/// several threads: the table is behind a lock, each node's channel behind its own.
public final class ClusterRouter: @unchecked Sendable {
    /// Makes the channel to one node.
    public typealias ChannelFactory = (NodeAddress) -> any CommandChannel

    /// One node's channel, one round trip at a time.
    final class Link: @unchecked Sendable {
        let channel: any CommandChannel
        private let lock = NSLock()
        init(_ channel: any CommandChannel) { self.channel = channel }
        func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
            lock.lock()
            defer { lock.unlock() }
            return try channel.pipeline(commands)
        }
    }

    private let lock = NSLock()
    private let factory: ChannelFactory
    private var links: [NodeAddress: Link] = [:]
    private var table: ClusterTopology
    private var seeds: [NodeAddress]
    private var stale = true
    private var positions: KeyPositions?
    private var readOnly: ReadOnlyCommands?
    private var replicas: Set<NodeAddress> = []
    /// Sends read-only commands with keys to an online replica of the slot's shard
    /// (each batch there starts with READONLY), sparing busy primaries; writes, and
    /// reads of a shard without an online replica, go to the primary.
    public var readFromReplicas = false
    /// Whether node addresses take their `tls-port` (a `rediss://` cluster).
    public let tls: Bool
    /// Redirections followed per command, at most.
    public var maxRedirects = 5
    /// Redirections followed so far, by kind (the nodes view and tests read them).
    public private(set) var movedFollowed = 0
    public private(set) var askFollowed = 0
    /// Topology refreshes so far.
    public private(set) var refreshes = 0

    /// A router that knows one node (`seed`, already connected through `seedChannel`).
    public init(seed: NodeAddress, seedChannel: any CommandChannel, tls: Bool = false, factory: @escaping ChannelFactory) {
        self.factory = factory
        self.tls = tls
        seeds = [seed]
        links[seed] = Link(seedChannel)
        table = ClusterTopology(shards: [])
    }

    /// The slot table as last learned.
    public var topology: ClusterTopology { lock.lock(); defer { lock.unlock() }; return table }

    /// The key positions learned from COMMAND INFO (nil until the first refresh).
    public var keyPositions: KeyPositions? { lock.lock(); defer { lock.unlock() }; return positions }

    /// The channel to a node (made on first use).
    public func channel(_ address: NodeAddress) -> any CommandChannel { link(address).channel }

    func link(_ address: NodeAddress) -> Link {
        lock.lock()
        defer { lock.unlock() }
        if let l = links[address] { return l }
        let l = Link(factory(address))
        links[address] = l
        return l
    }

    /// The channels made so far.
    var allLinks: [(NodeAddress, Link)] { lock.lock(); defer { lock.unlock() }; return links.map { ($0.key, $0.value) } }

    /// Asks for a refresh before the next call (after a node failed).
    public func markStale() { lock.lock(); stale = true; lock.unlock() }

    /// Learns the topology from the first node that answers, primaries it knows first,
    /// then the seeds, then replicas: CLUSTER SHARDS, or CLUSTER SLOTS where SHARDS is
    /// unknown (before 7.0). Also learns the key positions (COMMAND INFO) once.
    /// - Complexity: one or two round trips to each node tried.
    public func refresh() throws {
        let known = topology
        var candidates: [NodeAddress] = []
        for a in known.primaries + seeds + known.allNodes.map(\.address) where !candidates.contains(a) { candidates.append(a) }
        var why = "no node to ask"
        for address in candidates {
            do {
                let l = link(address)
                var batch = [Self.words("CLUSTER", "SHARDS"), Self.words("CLUSTER", "SLOTS")]
                if keyPositions == nil { batch.append(Self.words("COMMAND", "INFO")) }
                let replies = try l.pipeline(batch)
                let fresh: ClusterTopology
                if case .error = replies[0] {
                    if case .error(let e) = replies[1] { why = "\(address): \(e)"; continue }
                    fresh = try ClusterTopology.parse(slots: replies[1], fallbackHost: address.host)
                } else {
                    fresh = try ClusterTopology.parse(shards: replies[0], tls: tls, fallbackHost: address.host)
                }
                guard !fresh.primaries.isEmpty else { why = "\(address) knows no slots"; continue }
                lock.lock()
                table = fresh
                replicas = Set(fresh.shards.flatMap(\.replicas).filter { !$0.isPrimary }.map(\.address))
                stale = false
                refreshes += 1
                if positions == nil, replies.count > 2, case .array = replies[2] {
                    positions = KeyPositions(commandInfo: replies[2])
                    readOnly = ReadOnlyCommands(commandInfo: replies[2])
                }
                lock.unlock()
                return
            } catch {
                why = "\(address): \(error)"
            }
        }
        throw DataSourceError("cannot learn the cluster's topology: \(why)")
    }

    /// Where a command goes: the primary of its first key's slot; a keyless command (or
    /// one whose slot has no primary) to `home`, else to the first primary.
    public func target(of command: [[UInt8]], home: NodeAddress?, primaryOnly: Bool = false) -> NodeAddress? {
        lock.lock()
        defer { lock.unlock() }
        if let key = positions?.keys(command).first, let owner = table.primary(forSlot: HashSlot.of(key)) {
            if readFromReplicas, !primaryOnly, readOnly?.allows(command) == true,
               let replica = table.shard(of: owner)?.replicas.first(where: { !$0.isPrimary && $0.health == "online" }) {
                return replica.address
            }
            return owner
        }
        return home ?? table.primaries.first ?? seeds.first
    }

    /// Sends the commands, each where it belongs, and returns their replies in order.
    /// Commands for one node go out as one pipelined batch; redirections are followed
    /// (up to `maxRedirects` rounds). A batch that starts with MULTI is a transaction
    /// and goes, whole, to the node of its first key: the server answers CROSSSLOT or
    /// MOVED inside it and EXEC aborts. Throws when a node cannot be reached.
    /// - Complexity: one round trip per node touched, plus one per redirection round.
    public func send(_ commands: [[[UInt8]]], home: NodeAddress?) throws -> [RESPValue] {
        if commands.isEmpty { return [] }
        lock.lock()
        let needsRefresh = stale
        lock.unlock()
        if needsRefresh { try refresh() }
        if let first = commands.first?.first, first.count == 5, String(decoding: first, as: UTF8.self).uppercased() == "MULTI" {
            let keyed = commands.dropFirst().first { !(keyPositions?.keys($0).isEmpty ?? true) }
            guard let to = keyed.map({ target(of: $0, home: home, primaryOnly: true) }) ?? target(of: [], home: home) else {
                throw DataSourceError("the cluster has no primary to send to")
            }
            return try link(to).pipeline(commands)
        }
        struct Pending { var index: Int; var to: NodeAddress; var asking: Bool }
        var replies = [RESPValue?](repeating: nil, count: commands.count)
        var todo: [Pending] = []
        for i in commands.indices {
            guard let to = target(of: commands[i], home: home) else { throw DataSourceError("the cluster has no primary to send to") }
            todo.append(Pending(index: i, to: to, asking: false))
        }
        var round = 0
        while !todo.isEmpty {
            var order: [NodeAddress] = []
            var groups: [NodeAddress: [Pending]] = [:]
            for p in todo {
                if groups[p.to] == nil { order.append(p.to) }
                groups[p.to, default: []].append(p)
            }
            var next: [Pending] = []
            for address in order {
                let items = groups[address]!
                var batch: [[[UInt8]]] = []
                // A replica answers reads only on a READONLY connection; asking every
                // batch costs no round trip and survives reconnects.
                let toReplica = isReplica(address)
                if toReplica { batch.append(Self.words("READONLY")) }
                for p in items {
                    if p.asking { batch.append(Self.words("ASKING")) }
                    batch.append(commands[p.index])
                }
                let out = try link(address).pipeline(batch)
                var j = toReplica ? 1 : 0
                for p in items {
                    if p.asking { j += 1 }
                    let reply = j < out.count ? out[j] : .error("ERR no reply")
                    j += 1
                    if case .error(let e) = reply, round < maxRedirects, let redirect = ClusterRedirect(error: e, sender: address.host) {
                        lock.lock()
                        switch redirect {
                        case .moved(let slot, let to):
                            table.move(slot: slot, to: to)
                            stale = true
                            movedFollowed += 1
                            next.append(Pending(index: p.index, to: to, asking: false))
                        case .ask(_, let to):
                            askFollowed += 1
                            next.append(Pending(index: p.index, to: to, asking: true))
                        }
                        lock.unlock()
                    } else {
                        replies[p.index] = reply
                    }
                }
            }
            todo = next
            round += 1
        }
        return replies.map { $0 ?? .error("ERR too many cluster redirections") }
    }

    /// Whether the address is a replica's (by the last topology).
    public func isReplica(_ address: NodeAddress) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return replicas.contains(address)
    }

    /// An online replica of the shard whose primary is `primary`, if any.
    public func replica(of primary: NodeAddress) -> NodeAddress? {
        topology.shard(of: primary)?.replicas.first { !$0.isPrimary && $0.health == "online" }?.address
    }

    /// Ends every round trip in flight, on any node. Safe from any thread.
    public func cancel() {
        for (_, l) in allLinks { l.channel.cancel() }
    }

    static func words(_ w: String...) -> [[UInt8]] { w.map { Array($0.utf8) } }
}

/// A `CommandChannel` into the cluster with a home node: keyed commands go where their
/// slot lives, keyless ones (SCAN, INFO, COMMAND INFO) to the home node. A `RedisSource`
/// over it is that node's source, with its reads of keys routed and redirected.
public final class RoutedChannel: CommandChannel {
    public let router: ClusterRouter
    public let home: NodeAddress

    public init(router: ClusterRouter, home: NodeAddress) {
        self.router = router
        self.home = home
    }

    public func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        try router.send(commands, home: home)
    }
    public var lastRoundTripMs: Double? { router.link(home).channel.lastRoundTripMs }
    public var lastError: String? { router.link(home).channel.lastError }
    public var connectionGeneration: Int { router.link(home).channel.connectionGeneration }
    public func cancel() { router.link(home).channel.cancel() }
}
