/// What a claim hands back per entry: the entry, or only its ID (`JUSTID`).
public enum ClaimedItem: Equatable, Sendable {
    case entry(StreamEntry)
    case id(StreamID)
}

/// One answer of a consumer's history read: the entry, or nil fields when it was deleted.
public struct HistoryItem: Equatable, Sendable {
    public var id: StreamID
    public var pairs: [[UInt8]]?
}

extension Stream {
    /// XREADGROUP `>`: delivers entries after the group's last ID to `consumer`, advancing
    /// the group and its read counter, and recording pending entries unless `noAck`.
    /// - Complexity: O(log nodes + k log p) for k entries delivered and p pending.
    public func readNew(group: ConsumerGroup, consumer: Consumer, count: Int, noAck: Bool, now: UInt64,
                        dialect: RedisDialect = .redis7_0) -> [StreamEntry] {
        var out: [StreamEntry] = []
        deliverNew(group: group, consumer: consumer, count: count, noAck: noAck, now: now, dialect: dialect) { node, r in
            out.append(StreamEntry(id: r.id, pairs: node.pairs(of: r)))
        }
        return out
    }

    /// `readNew` handing each delivered entry to `visit` in place, without copying it
    /// (the server writes them straight into the reply). Returns how many were delivered.
    /// - Complexity: O(log nodes + k log p) plus `visit`.
    @discardableResult
    public func readNew(group: ConsumerGroup, consumer: Consumer, count: Int, noAck: Bool, now: UInt64,
                        dialect: RedisDialect = .redis7_0, visit: (StreamID, EntryView) -> Void) -> Int {
        deliverNew(group: group, consumer: consumer, count: count, noAck: noAck, now: now, dialect: dialect) { node, r in
            node.withView(of: r) { visit(r.id, $0) }
        }
    }

    @discardableResult
    private func deliverNew(group: ConsumerGroup, consumer: Consumer, count: Int, noAck: Bool, now: UInt64,
                            dialect: RedisDialect, _ body: (StreamNode, StreamNode.Record) -> Void) -> Int {
        guard let start = group.lastID.incremented() else { return 0 }
        var delivered = 0
        forEachRecord(from: start, to: .max) { node, r in
            let id = r.id
            if id > group.lastID {
                if let read = group.entriesRead, readCounterHolds(for: group, dialect: dialect), !rangeHasTombstones(from: id) {
                    group.entriesRead = read + 1
                } else if entriesAdded > 0 {
                    group.entriesRead = estimateEntriesRead(at: id)
                }
                group.lastID = id
            }
            body(node, r)
            delivered += 1
            if !noAck { group.deliver(id, to: consumer, now: now) }
            return count == 0 || delivered < count
        }
        return delivered
    }

    /// XREADGROUP with an ID: the consumer's own pending entries with IDs `>= start`;
    /// deleted entries come back with nil fields. Bumps delivery counts of live ones.
    /// - Complexity: O(log p + k (log p + log nodes))
    public func readHistory(group: ConsumerGroup, consumer: Consumer, from start: StreamID, count: Int, now: UInt64) -> [HistoryItem] {
        var ids: [StreamID] = []
        consumer.pending.forEach(from: start) { id, _ in
            ids.append(id)
            return count == 0 || ids.count < count
        }
        return ids.map { id in
            if let e = entry(id) {
                group.redeliver(id, now: now)
                return HistoryItem(id: id, pairs: e.pairs)
            }
            return HistoryItem(id: id, pairs: nil)
        }
    }

    /// How XCLAIM sets the delivery time of what it claims.
    public struct ClaimOptions: Sendable {
        /// Minimum idle time in ms; 0 claims regardless.
        public var minIdle: Int64 = 0
        /// The new delivery time, already resolved from IDLE or TIME; nil means now.
        public var deliveryTime: Int64? = nil
        /// Sets the delivery count instead of incrementing it.
        public var retryCount: Int64? = nil
        public var force = false
        public var justID = false
        /// Raises the group's last ID to this if greater.
        public var lastID: StreamID = .zero
        public init() {}
    }

    /// XCLAIM: moves the named pending entries to `consumerName` when idle long enough.
    /// Entries no longer in the stream are dropped from the PEL and not returned.
    /// - Complexity: O(k (log p + log nodes))
    public func claim(group: ConsumerGroup, consumerName: [UInt8], ids: [StreamID], options: ClaimOptions, now: UInt64) -> [ClaimedItem] {
        if options.lastID > group.lastID { group.lastID = options.lastID }
        var deliveryTime = options.deliveryTime ?? Int64(bitPattern: now)
        if deliveryTime < 0 || deliveryTime > Int64(bitPattern: now) { deliveryTime = Int64(bitPattern: now) }
        var consumer: Consumer? = nil
        var out: [ClaimedItem] = []
        for id in ids {
            var record = group.pendingRecord(id)
            guard let found = entry(id) else {
                if record != nil { group.acknowledge(id) }
                continue
            }
            var fresh = false
            if options.force && record == nil {
                record = PendingRecord(deliveryTime: now, deliveryCount: 1, consumerNumber: .max)
                fresh = true
            }
            guard let rec = record else { continue }
            // An entry XNACK released is claimable whatever the minimum idle time.
            if !fresh && options.minIdle > 0 && !group.isReleased(rec) {
                let idle = Int64(bitPattern: now) &- Int64(bitPattern: rec.deliveryTime)
                if idle < options.minIdle { continue }
            }
            let target = consumer ?? group.touchConsumer(consumerName, now: now).0
            consumer = target
            var count = rec.deliveryCount
            if let retry = options.retryCount {
                count = UInt64(bitPattern: retry)
            } else if !options.justID {
                count &+= 1
            }
            group.reassign(id, to: target, deliveryTime: UInt64(bitPattern: deliveryTime), deliveryCount: count)
            target.activeTime = now
            out.append(options.justID ? .id(id) : .entry(found))
        }
        return out
    }

    /// XAUTOCLAIM's answer: where to continue, what moved, and IDs found deleted.
    public struct AutoClaimResult: Equatable, Sendable {
        public var cursor: StreamID
        public var claimed: [ClaimedItem]
        public var deleted: [StreamID]
    }

    /// XAUTOCLAIM: scans the group PEL from `start`, claiming entries idle at least
    /// `minIdle` ms, up to `count` replies and `10 * count` entries examined.
    /// - Complexity: O((count * 10) (log p + log nodes))
    public func autoClaim(group: ConsumerGroup, consumerName: [UInt8], from start: StreamID, minIdle: Int64, count: Int, justID: Bool, now: UInt64) -> AutoClaimResult {
        var attempts = count * 10
        var remaining = count
        var consumer: Consumer? = nil
        var claimed: [ClaimedItem] = []
        var deleted: [StreamID] = []
        var cursor = start
        var next: StreamID? = nil
        while true {
            var candidate: (StreamID, PendingRecord)? = nil
            group.forEachPending(from: cursor) { id, rec in candidate = (id, rec); return false }
            guard attempts > 0, remaining > 0 else { next = candidate?.0; break }
            attempts -= 1
            guard let (id, rec) = candidate else { next = nil; break }
            cursor = id.incremented() ?? .max
            guard let found = entry(id) else {
                group.acknowledge(id)
                deleted.append(id)
                remaining -= 1
                if id == .max { next = nil; break }
                continue
            }
            if minIdle > 0 && !group.isReleased(rec) {
                let idle = Int64(bitPattern: now) &- Int64(bitPattern: rec.deliveryTime)
                if idle < minIdle {
                    if id == .max { next = nil; break }
                    continue
                }
            }
            let target = consumer ?? group.touchConsumer(consumerName, now: now).0
            consumer = target
            let newCount = justID ? rec.deliveryCount : rec.deliveryCount &+ 1
            group.reassign(id, to: target, deliveryTime: now, deliveryCount: newCount)
            target.activeTime = now
            claimed.append(justID ? .id(id) : .entry(found))
            remaining -= 1
            if id == .max { next = nil; break }
        }
        return AutoClaimResult(cursor: next ?? .zero, claimed: claimed, deleted: deleted)
    }
}

extension Stream {
    /// XGROUP SETID: moves a group's last delivered ID and sets its read counter.
    public func setGroupID(_ group: ConsumerGroup, to id: StreamID, entriesRead: Int64?) {
        group.setLastID(id, entriesRead: entriesRead)
    }
}

/// One entry that XREADGROUP's CLAIM option took over: the entry, how long it had been
/// idle, and its delivery count before this delivery.
public struct ClaimedDelivery: Equatable, Sendable {
    public var entry: StreamEntry
    public var idleMs: UInt64
    public var priorDeliveries: UInt64
}

extension Stream {
    /// XREADGROUP … CLAIM min-idle-time (Redis 8.4): hands `consumer` up to `count` (0:
    /// no limit) of the group's pending entries idle at least `minIdle` ms, longest
    /// idle first (ties by ID), as XCLAIM would: new owner, delivery time now, count
    /// plus one. Pending entries whose entry was deleted are dropped from the PEL, as
    /// XAUTOCLAIM drops them. - Complexity: O(p log p) for p pending entries.
    public func claimIdle(group: ConsumerGroup, consumer: Consumer, minIdle: UInt64, count: Int, now: UInt64) -> [ClaimedDelivery] {
        let candidates = claimCandidates(group: group, minIdle: minIdle, now: now)
        var out: [ClaimedDelivery] = []
        for c in candidates {
            if count > 0 && out.count >= count { break }
            guard let found = entry(c.id) else {
                group.acknowledge(c.id)
                continue
            }
            let prior = group.pendingRecord(c.id)?.deliveryCount ?? 0
            group.reassign(c.id, to: consumer, deliveryTime: now, deliveryCount: prior &+ 1)
            consumer.activeTime = now
            out.append(ClaimedDelivery(entry: found, idleMs: now - c.time, priorDeliveries: prior))
        }
        return out
    }
}
