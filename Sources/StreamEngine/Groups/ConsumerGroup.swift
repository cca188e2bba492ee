/// One pending (delivered, unacknowledged) entry: Redis's NACK. The group's PEL owns the
/// record; a consumer's PEL is an ordered index of the IDs it owns.
public struct PendingRecord: Equatable, Sendable {
    /// Milliseconds since the epoch of the last delivery.
    public var deliveryTime: UInt64
    public var deliveryCount: UInt64
    /// The owning consumer's number within its group.
    var consumerNumber: UInt32
}

/// A consumer of a group: its name, when it was last seen, and the IDs it owns.
public final class Consumer {
    public let name: [UInt8]
    /// Milliseconds since the epoch of the last time a command named this consumer.
    public internal(set) var seenTime: UInt64
    /// Milliseconds since the epoch of the last time this consumer was handed entries (a
    /// new read that records pending entries, or a claim): Redis 7.2's `active-time`;
    /// nil if never. Reported only by the Redis 8 dialect.
    public internal(set) var activeTime: UInt64?
    let number: UInt32
    /// Pending IDs owned by this consumer.
    var pending = StreamIDMap<Void>()

    init(name: [UInt8], number: UInt32, seenTime: UInt64, activeTime: UInt64? = nil) {
        self.name = name
        self.number = number
        self.seenTime = seenTime
        self.activeTime = activeTime
    }

    public var pendingCount: Int { pending.count }

    /// The consumer's pending IDs in order. - Complexity: O(n)
    public var pendingIDs: [StreamID] { pending.keys }

    /// The consumer's pending IDs from `start` on, in order, until `body` returns false.
    /// - Complexity: O(log n + k)
    public func forEachPendingID(from start: StreamID, _ body: (StreamID) -> Bool) {
        pending.forEach(from: start) { id, _ in body(id) }
    }
}

/// A consumer group: where it has read up to, its counters and its pending entries.
public final class ConsumerGroup {
    /// The owner number of a pending entry XNACK released (Redis 8.8): no consumer owns
    /// it until a claim takes it. No consumer gets this number.
    static let released = UInt32.max

    public let name: [UInt8]
    /// The last ID delivered to any consumer (`last-delivered-id`).
    public internal(set) var lastID: StreamID
    /// The logical read counter, or nil when Redis considers it invalid.
    public internal(set) var entriesRead: Int64?
    /// The group PEL, owning one record per pending entry.
    var pending = StreamIDMap<PendingRecord>()
    var consumersByName: [[UInt8]: Consumer] = [:]
    var consumersByNumber: [UInt32: Consumer] = [:]
    private var nextConsumerNumber: UInt32 = 0
    /// The number the next consumer gets (kept in snapshots).
    var nextNumber: UInt32 {
        get { nextConsumerNumber }
        set { nextConsumerNumber = newValue }
    }

    init(name: [UInt8], lastID: StreamID, entriesRead: Int64?) {
        self.name = name
        self.lastID = lastID
        self.entriesRead = entriesRead
    }

    public var pendingCount: Int { pending.count }

    /// Consumers in name order.
    public var consumers: [Consumer] {
        consumersByName.values.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    public func consumer(named name: [UInt8]) -> Consumer? { consumersByName[name] }

    /// Looks a consumer up, creating it if needed; refreshes its seen time.
    /// Returns the consumer and whether it was created.
    @discardableResult
    public func touchConsumer(_ name: [UInt8], now: UInt64) -> (Consumer, created: Bool) {
        if let c = consumersByName[name] {
            c.seenTime = now
            return (c, false)
        }
        let c = Consumer(name: name, number: nextConsumerNumber, seenTime: now)
        nextConsumerNumber &+= 1
        consumersByName[name] = c
        consumersByNumber[c.number] = c
        return (c, true)
    }

    /// Creates a consumer; false if it already exists (XGROUP CREATECONSUMER).
    public func createConsumer(_ name: [UInt8], now: UInt64) -> Bool {
        if consumersByName[name] != nil { return false }
        touchConsumer(name, now: now)
        return true
    }

    /// Deletes a consumer and its pending entries; returns how many it had.
    /// - Complexity: O(k log n) for k pending entries.
    public func deleteConsumer(_ name: [UInt8]) -> Int? {
        guard let c = consumersByName.removeValue(forKey: name) else { return nil }
        consumersByNumber.removeValue(forKey: c.number)
        let ids = c.pending.keys
        for id in ids { pending.removeValue(for: id) }
        return ids.count
    }

    /// The owner of a pending record; nil for an entry XNACK released to no consumer.
    public func owner(of record: PendingRecord) -> Consumer? { consumersByNumber[record.consumerNumber] }

    /// Whether XNACK released this entry and no consumer has taken it since. O(1)
    public func isReleased(_ record: PendingRecord) -> Bool { record.consumerNumber == Self.released }

    /// Pending entries released to no consumer (XINFO STREAM FULL's `nacked-count`).
    /// - Complexity: O(pending entries)
    public var releasedCount: Int {
        var n = 0
        pending.forEach { _, rec in
            if rec.consumerNumber == Self.released { n += 1 }
            return true
        }
        return n
    }

    /// The record for a pending ID. - Complexity: O(log n)
    public func pendingRecord(_ id: StreamID) -> PendingRecord? { pending.value(for: id) }

    /// Pending entries with IDs `>= start`, in order, until `body` returns false.
    /// - Complexity: O(log n + k)
    public func forEachPending(from start: StreamID = .zero, _ body: (StreamID, PendingRecord) -> Bool) {
        pending.forEach(from: start, body)
    }

    /// Smallest and largest pending IDs.
    public var pendingBounds: (first: StreamID, last: StreamID)? {
        guard let f = pending.first, let l = pending.last else { return nil }
        return (f.key, l.key)
    }

    // MARK: PEL changes

    /// Records a delivery of `id` to `consumer`: a new record, or a reassigned one with
    /// its count reset, as XREADGROUP does. - Complexity: O(log n)
    func deliver(_ id: StreamID, to consumer: Consumer, now: UInt64) {
        if let old = pending.value(for: id), let prev = consumersByNumber[old.consumerNumber] {
            prev.pending.removeValue(for: id)
        }
        pending.updateValue(PendingRecord(deliveryTime: now, deliveryCount: 1, consumerNumber: consumer.number), for: id)
        consumer.pending.updateValue((), for: id)
        consumer.activeTime = now
    }

    /// Acknowledges one ID; true if it was pending. - Complexity: O(log n)
    @discardableResult
    public func acknowledge(_ id: StreamID) -> Bool {
        guard let rec = pending.removeValue(for: id) else { return false }
        consumersByNumber[rec.consumerNumber]?.pending.removeValue(for: id)
        return true
    }

    /// Moves a pending record to `consumer` and sets its delivery time and count.
    /// - Complexity: O(log n)
    func reassign(_ id: StreamID, to consumer: Consumer, deliveryTime: UInt64, deliveryCount: UInt64) {
        if let old = pending.value(for: id), old.consumerNumber != consumer.number {
            consumersByNumber[old.consumerNumber]?.pending.removeValue(for: id)
        }
        pending.updateValue(PendingRecord(deliveryTime: deliveryTime, deliveryCount: deliveryCount, consumerNumber: consumer.number), for: id)
        consumer.pending.updateValue((), for: id)
    }

    /// Updates a record's delivery time and count in place (a history re-read).
    func redeliver(_ id: StreamID, now: UInt64) {
        pending.modify(id) { r in
            r.deliveryTime = now
            r.deliveryCount &+= 1
        }
    }

    /// XNACK: takes a pending entry from its consumer and leaves it to no one, idle since
    /// time 0 (so any claim takes it first), with delivery count `count`. O(log n)
    func release(_ id: StreamID, deliveryCount count: UInt64) {
        if let old = pending.value(for: id) { consumersByNumber[old.consumerNumber]?.pending.removeValue(for: id) }
        pending.updateValue(PendingRecord(deliveryTime: 0, deliveryCount: count, consumerNumber: Self.released), for: id)
    }

    func setLastID(_ id: StreamID, entriesRead: Int64?) {
        lastID = id
        self.entriesRead = entriesRead
    }
}
