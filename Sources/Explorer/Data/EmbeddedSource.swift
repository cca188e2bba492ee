import RESP
import StreamCommands
import StreamEngine

/// The explorer's data source over the in-process engine: reads go straight to the
/// engine's structures (windows only, never whole streams); writes and the `:` prompt
/// go through the same command table the server uses.
public final class EmbeddedSource: StreamDataSource {
    public let server: CommandServer
    private var session = CommandSession()
    private var ownChanges: UInt64 = 0
    /// Moves with this source's commands and with any other writer's (a server sharing
    /// the engine). O(1).
    public var changeStamp: UInt64 { ownChanges &+ keyspace.mutationCount }
    private let baseLabel: String
    /// Where the same engine is also served over the Redis protocol, if it is.
    public var listening: String?
    public var label: String { listening.map { "\(baseLabel) · serving on \($0)" } ?? baseLabel }
    public var db: Int { session.db }

    public init(server: CommandServer, label: String = "embedded") {
        self.server = server
        self.baseLabel = label
    }

    public convenience init(clock: any StreamClock = SystemClock()) {
        self.init(server: CommandServer(clock: clock))
    }

    public var keyspace: Keyspace { server.keyspace }
    /// The newest dialect has every command Redis 8.2 to 8.10 added; 7.0 and 8.0 none.
    public var features: RedisFeatures { keyspace.dialect.since8_2 ? .all : [] }
    public var redisVersion: String? { keyspace.dialect.serverVersion }
    public var nowMs: UInt64 { keyspace.now }
    public var commandNames: [String] { server.commandNames }

    private func stream(_ key: [UInt8]) throws -> StreamEngine.Stream {
        do {
            guard let s = try keyspace.stream(session.db, key) else { throw DataSourceError("no such stream '\(BinaryText.display(key))'") }
            return s
        } catch let e as StreamError {
            throw DataSourceError(e.message)
        }
    }

    /// - Complexity: O(keys × groups)
    public func streams() throws -> [StreamSummary] {
        var out: [StreamSummary] = []
        for (key, value) in keyspace.databases[session.db].values {
            guard case .stream(let s) = value else { continue }
            var summary = StreamSummary(
                key: key, length: Int(s.length),
                firstID: s.length > 0 ? s.edgeID(first: true) : nil,
                lastID: s.length > 0 ? s.edgeID(first: false) : nil,
                groups: s.groups.count, pending: s.groups.reduce(0) { $0 + $1.pendingCount },
                memory: s.memoryFootprint)
            // The newest dialect reports XINFO STREAM's idempotency figures (Redis 8.6).
            if keyspace.dialect.since8_2 {
                let log = s.idempotencyIfUsed
                log?.expireAll(now: nowMs)
                summary.idempotency = IdempotencyFigures(
                    durationSeconds: Int64(log?.durationSeconds ?? IdempotencyLog.defaultDuration),
                    maxSize: Int64(log?.maxSize ?? IdempotencyLog.defaultMaxSize), producers: Int64(log?.producersTracked ?? 0),
                    ids: Int64(log?.idsTracked ?? 0), added: Int64(log?.added ?? 0), duplicates: Int64(log?.duplicates ?? 0))
            }
            out.append(summary)
        }
        return out.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// - Complexity: O(log n + entries visited), at most `scanLimit` visited with a filter.
    public func entries(_ key: [UInt8], from start: StreamID, to end: StreamID, count: Int, reverse: Bool,
                        filter: String?, scanLimit: Int) throws -> [EntryRow] {
        let s = try stream(key)
        guard let filter, !filter.isEmpty else {
            return s.range(from: start, to: end, count: count, reverse: reverse).map(Self.row)
        }
        var out: [EntryRow] = []
        var visited = 0
        var cursor: StreamID? = reverse ? end : start
        while let c = cursor, out.count < count, visited < scanLimit {
            let batch = reverse ? s.range(from: start, to: c, count: 256, reverse: true)
                                : s.range(from: c, to: end, count: 256)
            if batch.isEmpty { break }
            for e in batch {
                visited += 1
                let row = Self.row(e)
                if row.matches(filter) { out.append(row); if out.count == count { break } }
            }
            let last = batch.last!.id
            cursor = reverse ? last.decremented() : last.incremented()
        }
        return out
    }

    static func row(_ e: StreamEntry) -> EntryRow {
        var pairs: [([UInt8], [UInt8])] = []
        var i = 0
        while i + 1 < e.pairs.count { pairs.append((e.pairs[i], e.pairs[i + 1])); i += 2 }
        return EntryRow(id: e.id, pairs: pairs)
    }

    /// - Complexity: O(groups)
    public func groups(_ key: [UInt8]) throws -> [GroupSummary] {
        let s = try stream(key)
        let now = nowMs
        return s.groups.map { g in
            var oldest: StreamID?
            var idle: UInt64?
            g.forEachPending { id, rec in
                oldest = id
                idle = now > rec.deliveryTime ? now - rec.deliveryTime : 0
                return false
            }
            var summary = GroupSummary(name: BinaryName(g.name), consumers: g.consumers.count, pending: g.pendingCount,
                                       lastDeliveredID: g.lastID, entriesRead: g.entriesRead, lag: s.lag(of: g, dialect: keyspace.dialect),
                                       oldestPending: oldest, oldestIdleMs: idle)
            if keyspace.dialect.since8_2 { summary.released = g.releasedCount }
            return summary
        }
    }

    public func consumers(_ key: [UInt8], group: BinaryName) throws -> [ConsumerSummary] {
        let s = try stream(key)
        guard let g = s.group(named: group.bytes) else { return [] }
        let now = nowMs
        // The Redis 8 dialects report how long since a consumer last got entries, as
        // Redis 7.2 and later do; "never" shows as nil, like a server's -1.
        let reportsInactive = keyspace.dialect.since7_2
        return g.consumers.map { c in
            ConsumerSummary(name: BinaryName(c.name), pending: c.pendingCount,
                            idleMs: now > c.seenTime ? now - c.seenTime : 0,
                            inactiveMs: reportsInactive ? c.activeTime.map { now > $0 ? now - $0 : 0 } : nil)
        }
    }

    /// - Complexity: O(log n + count)
    public func pending(_ key: [UInt8], group: BinaryName, count: Int) throws -> [PendingRow] {
        let s = try stream(key)
        guard let g = s.group(named: group.bytes) else { return [] }
        let now = nowMs
        var out: [PendingRow] = []
        g.forEachPending { id, rec in
            out.append(PendingRow(id: id, consumer: BinaryName(g.owner(of: rec)?.name ?? []),
                                  idleMs: now > rec.deliveryTime ? now - rec.deliveryTime : 0,
                                  deliveries: rec.deliveryCount))
            return out.count < count
        }
        return out
    }

    /// - Complexity: O(log n + entries visited); with `consumer`, the group's entries in
    ///   the range are visited until `count` of that consumer's are found.
    public func pending(_ key: [UInt8], group: BinaryName, from start: StreamID, to end: StreamID, count: Int,
                        consumer: BinaryName?) throws -> [PendingRow] {
        let s = try stream(key)
        guard count > 0, let g = s.group(named: group.bytes) else { return [] }
        let now = nowMs
        var out: [PendingRow] = []
        g.forEachPending(from: start) { id, rec in
            guard id <= end else { return false }
            let owner = BinaryName(g.owner(of: rec)?.name ?? [])
            if consumer == nil || owner == consumer {
                out.append(PendingRow(id: id, consumer: owner, idleMs: now > rec.deliveryTime ? now - rec.deliveryTime : 0,
                                      deliveries: rec.deliveryCount))
            }
            return out.count < count
        }
        return out
    }

    public func histogram(_ key: [UInt8], fromMs: UInt64, toMs: UInt64, buckets: Int) throws -> [Int] {
        try stream(key).timeHistogram(fromMs: fromMs, toMs: toMs, buckets: buckets)
    }

    public func count(_ key: [UInt8], from start: StreamID, to end: StreamID) throws -> Int {
        try stream(key).count(from: start, to: end)
    }

    /// From the engine's own command records: those with Redis's `readonly` flag.
    public func readOnlyCommands() throws -> ReadOnlyCommands {
        ReadOnlyCommands(names: CommandServer.records.map { r in
            (r.name, r.isReadOnly, r.subcommands.map { ("\(r.name)|\($0.key)", $0.value.isReadOnly) })
        })
    }

    public func execute(_ args: [[UInt8]]) throws -> RESPValue {
        ownChanges &+= 1
        return server.execute(args, session: &session)
    }

    /// Nothing else runs on the engine's thread in between, so a plain sequence is
    /// atomic; its changes are journaled as one record, so a crash keeps all or none.
    public func executeAtomically(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        ownChanges &+= 1
        let batching = server.durability.beginJournalBatch()
        let replies = commands.map { server.execute($0, session: &session) }
        if batching, let failure = server.durability.endJournalBatch() {
            return commands.map { _ in .error(failure) }
        }
        return replies
    }
}
