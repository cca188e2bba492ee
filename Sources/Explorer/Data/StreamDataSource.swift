import RESP
import StreamEngine

/// A stream key as the streams pane lists it.
public struct StreamSummary: Equatable, Sendable {
    public var key: [UInt8]
    public var length: Int
    public var firstID: StreamID?
    public var lastID: StreamID?
    public var groups: Int
    public var pending: Int
    /// Approximate bytes, when the source can tell.
    public var memory: Int?
    /// On a cluster: the node holding the stream (`host:port`) and its hash slot.
    public var node: String?
    public var slot: Int?
    /// Why the stream cannot be read now (its node is down or hangs); the figures are
    /// the last ones read.
    public var unavailable: String?
    /// XINFO STREAM's idempotency figures (Redis 8.6), where the source reports them.
    public var idempotency: IdempotencyFigures? = nil
    public var name: String { BinaryText.display(key) }

    public init(key: [UInt8], length: Int, firstID: StreamID?, lastID: StreamID?, groups: Int, pending: Int, memory: Int?) {
        self.key = key
        self.length = length
        self.firstID = firstID
        self.lastID = lastID
        self.groups = groups
        self.pending = pending
        self.memory = memory
    }
}

/// XINFO STREAM's idempotent-add figures (Redis 8.6): the limits and what is remembered.
public struct IdempotencyFigures: Equatable, Sendable {
    public var durationSeconds: Int64, maxSize: Int64
    public var producers: Int64, ids: Int64, added: Int64, duplicates: Int64
    public init(durationSeconds: Int64, maxSize: Int64, producers: Int64, ids: Int64, added: Int64, duplicates: Int64) {
        (self.durationSeconds, self.maxSize, self.producers) = (durationSeconds, maxSize, producers)
        (self.ids, self.added, self.duplicates) = (ids, added, duplicates)
    }

    /// One line for the streams pane, in XINFO's words: "idmp 2 pids · 5 iids · 1 dup · 100s/100"
    /// (producers tracked, idempotent IDs remembered, duplicates refused, duration/max size).
    public var text: String { "idmp \(producers) pids · \(ids) iids · \(duplicates) dup · \(durationSeconds)s/\(maxSize)" }
}

/// One entry: its ID and field/value pairs, raw bytes.
public struct EntryRow: Equatable, Sendable {
    public var id: StreamID
    public var pairs: [([UInt8], [UInt8])]

    public init(id: StreamID, pairs: [([UInt8], [UInt8])]) {
        self.id = id
        self.pairs = pairs
    }

    public static func == (a: EntryRow, b: EntryRow) -> Bool {
        a.id == b.id && a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// Whether any field or value contains `needle` (case-insensitive, as displayed).
    public func matches(_ needle: String) -> Bool {
        let n = needle.lowercased()
        return pairs.contains { BinaryText.display($0.0).lowercased().contains(n) || BinaryText.display($0.1).lowercased().contains(n) }
    }
}

public struct GroupSummary: Equatable, Sendable {
    public var name: BinaryName
    public var consumers: Int
    public var pending: Int
    public var lastDeliveredID: StreamID
    public var entriesRead: Int64?
    public var lag: Int64?
    /// The oldest pending entry's ID and idle time, if any.
    public var oldestPending: StreamID?
    public var oldestIdleMs: UInt64?
    /// How often each of the group's oldest pending entries was delivered, oldest first:
    /// at most `GroupSummary.deliveryScan` of them (the health evaluator's ERR rule).
    public var oldestDeliveries: [UInt64]
    /// How many of a group's oldest pending entries a source reads for their delivery
    /// counts (one `XPENDING key group - + 100` per group on a server).
    public static let deliveryScan = 100
    /// Pending entries XNACK released to no consumer (Redis 8.8's `nacked-count`); nil
    /// where the source cannot tell.
    public var released: Int? = nil

    public init(name: BinaryName, consumers: Int, pending: Int, lastDeliveredID: StreamID, entriesRead: Int64?, lag: Int64?,
                oldestPending: StreamID?, oldestIdleMs: UInt64?, oldestDeliveries: [UInt64] = [], released: Int? = nil) {
        self.released = released
        self.name = name
        self.consumers = consumers
        self.pending = pending
        self.lastDeliveredID = lastDeliveredID
        self.entriesRead = entriesRead
        self.lag = lag
        self.oldestPending = oldestPending
        self.oldestIdleMs = oldestIdleMs
        self.oldestDeliveries = oldestDeliveries
    }
}

public struct ConsumerSummary: Equatable, Sendable {
    public var name: BinaryName
    public var pending: Int
    /// Since the consumer was last seen (any read or claim).
    public var idleMs: UInt64
    /// Redis 7.2+: since its last successful read or claim (`inactive`); nil before 7.2.
    public var inactiveMs: UInt64?
    public init(name: BinaryName, pending: Int, idleMs: UInt64, inactiveMs: UInt64? = nil) {
        self.name = name
        self.pending = pending
        self.idleMs = idleMs
        self.inactiveMs = inactiveMs
    }
}

public struct PendingRow: Equatable, Sendable {
    public var id: StreamID
    /// Empty for an entry XNACK released to no consumer (Redis 8.8).
    public var consumer: BinaryName
    public var idleMs: UInt64
    public var deliveries: UInt64
    public init(id: StreamID, consumer: BinaryName, idleMs: UInt64, deliveries: UInt64) {
        self.id = id
        self.consumer = consumer
        self.idleMs = idleMs
        self.deliveries = deliveries
    }

    /// Whether XNACK released it: no consumer owns it, and any claim takes it first.
    public var isReleased: Bool { consumer.bytes.isEmpty }
}

/// Where the explorer reads and writes. Two implementations: the embedded engine and
/// (in its own issue) a Redis connection; no pane knows which one it talks to. Reads
/// return only what a pane shows (a window of entries, a bounded pending list); writes
/// are Redis commands, so the command log can show the command behind every action.
public protocol StreamDataSource: AnyObject {
    /// Shown in the title bar ("embedded", a Redis URL).
    var label: String { get }
    /// Milliseconds since the epoch, by the source's clock.
    var nowMs: UInt64 { get }
    /// Changes whenever the data may have changed; the explorer refreshes when it moves.
    var changeStamp: UInt64 { get }
    /// Command names known to the `:` prompt, for completion.
    var commandNames: [String] { get }
    /// A word on the connection for the title bar (round-trip time, or why it is down).
    var health: String? { get }
    /// The stream commands newer than Redis 8.0 this source has, and the Redis version
    /// it reports (nil when it does not say): the explorer offers only those commands.
    var features: RedisFeatures { get }
    var redisVersion: String? { get }

    func streams() throws -> [StreamSummary]
    /// Up to `count` entries in `start...end`, ascending (or descending with `reverse`);
    /// with `filter`, only entries matching it, scanning at most `scanLimit` entries.
    func entries(_ key: [UInt8], from start: StreamID, to end: StreamID, count: Int, reverse: Bool,
                 filter: String?, scanLimit: Int) throws -> [EntryRow]
    func groups(_ key: [UInt8]) throws -> [GroupSummary]
    func consumers(_ key: [UInt8], group: BinaryName) throws -> [ConsumerSummary]
    /// Up to `count` pending entries of a group, in ID order.
    func pending(_ key: [UInt8], group: BinaryName, count: Int) throws -> [PendingRow]
    /// Up to `count` pending entries of a group with IDs in `start...end`, in ID order;
    /// with `consumer`, only that consumer's (`XPENDING key group start end count [consumer]`).
    func pending(_ key: [UInt8], group: BinaryName, from start: StreamID, to end: StreamID, count: Int,
                 consumer: BinaryName?) throws -> [PendingRow]
    /// Entry counts in equal time buckets of `[fromMs, toMs)`.
    func histogram(_ key: [UInt8], fromMs: UInt64, toMs: UInt64, buckets: Int) throws -> [Int]
    /// The number of entries in `start...end`.
    func count(_ key: [UInt8], from start: StreamID, to end: StreamID) throws -> Int

    /// The commands a read-only session may send through the prompt: those the source's
    /// own command table (or the server's COMMAND INFO) marks `readonly`.
    func readOnlyCommands() throws -> ReadOnlyCommands

    /// Ends a call that another thread is waiting on, at once (it throws); a no-op for
    /// sources that never wait. Safe to call from any thread.
    func cancel()

    /// Runs one command; error replies come back as `.error` values, not thrown.
    func execute(_ args: [[UInt8]]) throws -> RESPValue
    /// Runs a line typed at the `:` prompt. A server runs it on a connection of its own,
    /// so that what changes a connection's state (MULTI, WATCH, SELECT, CLIENT ...)
    /// never reaches the connection the panes read and write through.
    func prompt(_ args: [[UInt8]]) throws -> RESPValue
    /// Runs commands with nothing in between (MULTI/EXEC on a server).
    func executeAtomically(_ commands: [[[UInt8]]]) throws -> [RESPValue]

    /// A cluster's nodes for the nodes view, from what the source last read (no round
    /// trip); `selecting` is the node chosen there, where keyless prompt commands go.
    /// Empty for a single server.
    func clusterNodes(selecting: String?) -> [ClusterNodeRow]
}

extension StreamDataSource {
    public func execute(_ words: [String]) throws -> RESPValue { try execute(words.map { Array($0.utf8) }) }
    /// Sources without connections run the prompt's commands as any other.
    public func prompt(_ args: [[UInt8]]) throws -> RESPValue { try execute(args) }
    public var health: String? { nil }
    /// Sources that are not a Redis (a lesson) offer Redis 7.0's commands only.
    public var features: RedisFeatures { [] }
    public var redisVersion: String? { nil }
    /// Filters the group's whole pending list: for sources whose lists are small (a
    /// lesson). - Complexity: O(pending entries of the group)
    public func pending(_ key: [UInt8], group: BinaryName, from start: StreamID, to end: StreamID, count: Int,
                        consumer: BinaryName?) throws -> [PendingRow] {
        let rows = try pending(key, group: group, count: .max).filter { $0.id >= start && $0.id <= end && (consumer == nil || $0.consumer == consumer) }
        return Array(rows.prefix(count))
    }
    /// Ends a call that another thread is waiting on (a slow server); the embedded
    /// engine never waits. Safe to call from any thread.
    public func cancel() {}
    public func clusterNodes(selecting: String?) -> [ClusterNodeRow] { [] }
}

/// A failure talking to a source, with a message for the status line.
public struct DataSourceError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
