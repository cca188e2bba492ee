/// An append-only log of entries, stored as a sorted run of packed nodes, with its
/// consumer groups. Mirrors Redis 7.0's `stream` object.
public final class Stream {
    /// Nodes in ID order; each is keyed by its master ID, as Redis keys its radix tree.
    var nodes: [StreamNode] = []
    /// Live entries.
    public internal(set) var length: UInt64 = 0
    /// The largest ID ever added (or set with XSETID).
    public internal(set) var lastID: StreamID = .zero
    /// The first live entry's ID as Redis records it (`recorded-first-entry-id`).
    public internal(set) var firstID: StreamID = .zero
    /// The largest ID ever deleted with XDEL (or set with XSETID).
    public internal(set) var maxDeletedID: StreamID = .zero
    /// Entries ever added.
    public internal(set) var entriesAdded: UInt64 = 0
    /// Consumer groups by name.
    var groupsByName: [[UInt8]: ConsumerGroup] = [:]
    /// Idempotent adds (Redis 8.6), made on first use.
    var idempotencyStorage: IdempotencyLog? = nil

    /// The idempotent-add memory if the stream ever needed one (nil: never, so Redis's
    /// defaults and no IDs), without making one. O(1)
    public var idempotencyIfUsed: IdempotencyLog? { idempotencyStorage }

    /// The stream's idempotent-add memory (IDMP), created empty on first use. O(1)
    public var idempotency: IdempotencyLog {
        if let log = idempotencyStorage { return log }
        let log = IdempotencyLog()
        idempotencyStorage = log
        return log
    }

    public init() {}

    /// Number of packed nodes (Redis's `radix-tree-keys`).
    public var nodeCount: Int { nodes.count }

    // MARK: Appending

    /// Appends an entry. `id` nil generates one from `nowMs` as Redis does (`*`); an
    /// `autoSequence` ID picks the sequence (`ms-*`).
    /// - Complexity: O(size of the entry), amortized.
    @discardableResult
    public func append(
        id requested: ParsedStreamID?, pairs: [[UInt8]], nowMs: UInt64, config: StreamConfig
    ) throws(StreamError) -> StreamID {
        try append(id: requested, pairs: pairs[...], nowMs: nowMs, config: config)
    }

    /// `append` taking the pairs as a slice, such as the tail of a command's arguments
    /// (XADD), so no array of them is built. - Complexity: O(size of the entry), amortized.
    @discardableResult
    public func append(
        id requested: ParsedStreamID?, pairs: ArraySlice<[UInt8]>, nowMs: UInt64, config: StreamConfig
    ) throws(StreamError) -> StreamID {
        let id: StreamID
        switch requested {
        case .none:
            if nowMs > lastID.ms {
                id = StreamID(ms: nowMs, seq: 0)
            } else {
                guard let next = lastID.incremented() else { throw .idNotGreaterThanTop }
                id = next
            }
        case .some(.id(let given)):
            id = given
        case .some(.autoSequence(let ms)):
            if ms == lastID.ms {
                // Redis 7.0.15 fails here without setting errno, so its reply depends on
                // a leftover errno (often "Elements are too large to be stored"). We give
                // the error the code means; the differential test accepts either.
                guard lastID.seq != .max else { throw .idNotGreaterThanTop }
                id = StreamID(ms: ms, seq: lastID.seq + 1)
            } else {
                id = StreamID(ms: ms, seq: 0)
            }
        }
        guard id > lastID else { throw .idNotGreaterThanTop }
        var total = 0
        for p in pairs { total += p.count }
        guard total <= StreamConfig.listpackMaxSize else { throw .elementsTooLarge }
        appendValidated(id: id, pairs: pairs, payloadBytes: total, config: config)
        return id
    }

    /// Appends with an ID already known to be greater than `lastID`.
    func appendValidated(id: StreamID, pairs: ArraySlice<[UInt8]>, payloadBytes: Int, config: StreamConfig) {
        if let tail = nodes.last, fits(tail, payloadBytes: payloadBytes, config: config) {
            tail.append(id: id, pairs: pairs)
        } else {
            nodes.last?.shrinkToFit()
            let reserve = config.nodeMaxBytes > 0 ? min(config.nodeMaxBytes, 4096) : 4096
            nodes.append(StreamNode(id: id, pairs: pairs, reserve: min(reserve, 64 + payloadBytes * 2)))
        }
        length += 1
        entriesAdded += 1
        lastID = id
        if length == 1 { firstID = id }
    }

    /// Redis's rule for reusing the tail node.
    private func fits(_ node: StreamNode, payloadBytes: Int, config: StreamConfig) -> Bool {
        var maxBytes = config.nodeMaxBytes
        if maxBytes == 0 || maxBytes > StreamConfig.listpackMaxSize { maxBytes = StreamConfig.listpackMaxSize }
        if node.redisBytes + payloadBytes >= maxBytes { return false }
        if config.nodeMaxEntries > 0 && node.records >= config.nodeMaxEntries { return false }
        return true
    }

    // MARK: Seeking and iteration

    /// Index of the last node whose master ID is `<= id`, or nil if every node starts after it.
    /// - Complexity: O(log nodes)
    func nodeIndex(atOrBefore id: StreamID) -> Int? {
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if nodes[mid].masterID <= id { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    /// Visits live entries with IDs in `start...end`, ascending or descending, until
    /// `body` returns false. - Complexity: O(log nodes + records visited)
    func forEachRecord(
        from start: StreamID, to end: StreamID, reverse: Bool = false,
        _ body: (StreamNode, StreamNode.Record) throws -> Bool
    ) rethrows {
        guard start <= end, !nodes.isEmpty else { return }
        if !reverse {
            var n = nodeIndex(atOrBefore: start) ?? 0
            while n < nodes.count {
                let node = nodes[n]
                if node.masterID > end { return }
                if node.lastID >= start {
                    var stop = false
                    try node.scan { r in
                        if r.id > end { stop = true; return false }
                        if r.id >= start && !r.isDeleted {
                            if try !body(node, r) { stop = true; return false }
                        }
                        return true
                    }
                    if stop { return }
                }
                n += 1
            }
        } else {
            guard var n = nodeIndex(atOrBefore: end) else { return }
            while n >= 0 {
                let node = nodes[n]
                if node.lastID < start { return }
                let records = node.allRecords()
                var i = records.count - 1
                while i >= 0 {
                    let r = records[i]
                    if r.id < start { return }
                    if r.id <= end && !r.isDeleted {
                        if try !body(node, r) { return }
                    }
                    i -= 1
                }
                n -= 1
            }
        }
    }

    /// Live entries in `start...end`, at most `count` of them (0: all).
    /// - Complexity: O(log nodes + entries returned)
    public func range(from start: StreamID, to end: StreamID, count: Int = 0, reverse: Bool = false) -> [StreamEntry] {
        var out: [StreamEntry] = []
        forEachRecord(from: start, to: end, reverse: reverse) { node, r in
            out.append(StreamEntry(id: r.id, pairs: node.pairs(of: r)))
            return count == 0 || out.count < count
        }
        return out
    }

    /// Visits live entries' IDs and node in order without decoding fields; for scans that
    /// count or sample. - Complexity: O(log nodes + entries visited)
    public func forEachID(from start: StreamID = .zero, to end: StreamID = .max, reverse: Bool = false, _ body: (StreamID) -> Bool) {
        forEachRecord(from: start, to: end, reverse: reverse) { _, r in body(r.id) }
    }

    /// The entry with exactly this ID, if live. - Complexity: O(log nodes + node size)
    public func entry(_ id: StreamID) -> StreamEntry? {
        var found: StreamEntry? = nil
        forEachRecord(from: id, to: id) { node, r in
            found = StreamEntry(id: r.id, pairs: node.pairs(of: r))
            return false
        }
        return found
    }

    /// Whether a live entry has this ID. - Complexity: O(log nodes + node size)
    public func contains(_ id: StreamID) -> Bool {
        var found = false
        forEachRecord(from: id, to: id) { _, _ in found = true; return false }
        return found
    }

    /// The first (or last) live entry's ID; `StreamID.max` (or `.zero`) when empty, as
    /// Redis's `streamGetEdgeID` answers.
    /// - Complexity: the last ID is O(1) when the last node holds no deleted records
    ///   (XREADGROUP `>` asks for it on every call); otherwise O(size of the nodes visited).
    public func edgeID(first: Bool) -> StreamID {
        if !first {
            for node in nodes.reversed() {
                if let id = node.lastLiveID() { return id }
            }
            return .zero
        }
        var found: StreamID? = nil
        forEachRecord(from: .zero, to: .max) { _, r in found = r.id; return false }
        return found ?? .max
    }

    public var firstEntry: StreamEntry? { range(from: .zero, to: .max, count: 1).first }
    public var lastEntry: StreamEntry? { range(from: .zero, to: .max, count: 1, reverse: true).first }

    // MARK: Deletion

    /// Deletes one live entry; true if it existed. Empties nodes are dropped.
    /// - Complexity: O(log nodes + node size)
    @discardableResult
    func deleteEntry(_ id: StreamID) -> Bool {
        guard let n = nodeIndex(atOrBefore: id) else { return false }
        let node = nodes[n]
        var hit: StreamNode.Record? = nil
        node.scan { r in
            if r.id == id { if !r.isDeleted { hit = r }; return false }
            return r.id < id
        }
        guard let r = hit else { return false }
        if node.live == 1 {
            nodes.remove(at: n)
        } else {
            node.markDeleted(r)
        }
        length -= 1
        return true
    }

    /// XDEL: deletes the given IDs, updating the tombstone mark and the first ID as Redis
    /// does. Returns how many existed. - Complexity: O(k (log nodes + node size))
    public func delete(_ ids: [StreamID]) -> Int {
        var deleted = 0
        var firstDeleted = false
        for id in ids where deleteEntry(id) {
            if id == firstID { firstDeleted = true }
            if id > maxDeletedID { maxDeletedID = id }
            deleted += 1
        }
        if deleted > 0 {
            if length == 0 {
                firstID = .zero
            } else if firstDeleted {
                firstID = edgeID(first: true)
            }
        }
        return deleted
    }

    // MARK: Trimming

    /// How to trim: keep at most `maxLength` entries, or drop entries below `minID`.
    public enum TrimStrategy: Equatable, Sendable {
        case maxLength(UInt64)
        case minID(StreamID)
    }

    /// Trims from the head as Redis's `streamTrim` does: whole nodes while they qualify;
    /// then, unless `approximate`, entries inside the first remaining node are flagged.
    /// `limit` (0: none) bounds the entries removed. Returns how many were removed.
    /// - Complexity: O(nodes removed + one node's size)
    @discardableResult
    public func trim(_ strategy: TrimStrategy, approximate: Bool, limit: Int) -> Int {
        var none: [StreamID]? = nil
        return trim(strategy, approximate: approximate, limit: limit, collecting: &none)
    }

    /// `trim`, appending the IDs it removes to `removed` when that is not nil (DELREF
    /// needs them). - Complexity: O(nodes removed + one node's size), plus the entries
    /// of the removed nodes when collecting.
    func trim(_ strategy: TrimStrategy, approximate: Bool, limit: Int, collecting removed: inout [StreamID]?) -> Int {
        var removedNodes = 0
        var deleted = 0
        var n = 0
        while n < nodes.count {
            if case .maxLength(let maxLen) = strategy, length <= maxLen { break }
            let node = nodes[n]
            let entries = Int(node.live)
            if limit > 0 && deleted + entries > limit { break }
            let removeNode: Bool
            switch strategy {
            case .maxLength(let maxLen): removeNode = length - UInt64(entries) >= maxLen
            case .minID(let minID): removeNode = node.lastID < minID
            }
            if removeNode {
                if removed != nil { node.scan { r in if !r.isDeleted { removed!.append(r.id) }; return true } }
                removedNodes += 1
                length -= UInt64(entries)
                deleted += entries
                n += 1
                continue
            }
            if approximate { break }
            var flagged: [StreamNode.Record] = []
            node.scan { r in
                switch strategy {
                case .maxLength(let maxLen):
                    if length <= maxLen { return false }
                case .minID(let minID):
                    if r.id >= minID { return false }
                }
                if !r.isDeleted {
                    flagged.append(r)
                    length -= 1
                }
                return true
            }
            for r in flagged { node.markDeleted(r) }
            removed?.append(contentsOf: flagged.map(\.id))
            deleted += flagged.count
            break
        }
        if removedNodes > 0 { nodes.removeFirst(removedNodes) }
        if deleted > 0 { firstID = length == 0 ? .zero : edgeID(first: true) }
        return deleted
    }

    // MARK: Groups

    /// Groups in name order (Redis keeps them in a radix tree).
    public var groups: [ConsumerGroup] {
        groupsByName.values.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    public func group(named name: [UInt8]) -> ConsumerGroup? { groupsByName[name] }

    /// Creates a group; nil if the name is taken.
    public func createGroup(named name: [UInt8], lastID: StreamID, entriesRead: Int64?) -> ConsumerGroup? {
        guard groupsByName[name] == nil else { return nil }
        let g = ConsumerGroup(name: name, lastID: lastID, entriesRead: entriesRead)
        groupsByName[name] = g
        return g
    }

    /// Removes a group; true if it existed.
    @discardableResult
    public func destroyGroup(named name: [UInt8]) -> Bool {
        groupsByName.removeValue(forKey: name) != nil
    }

    // MARK: Logical read counters (Redis 7.0's lag arithmetic)

    /// Redis's `streamEstimateDistanceFromFirstEverEntry`: the read counter of `id`, or
    /// nil when it cannot be known.
    public func estimateEntriesRead(at id: StreamID) -> Int64? {
        if entriesAdded == 0 { return 0 }
        if length == 0 && id <= lastID { return Int64(entriesAdded) }
        if id == lastID { return Int64(entriesAdded) }
        if id > lastID { return nil }
        if maxDeletedID.isZero || maxDeletedID < firstID {
            if id < firstID { return Int64(entriesAdded - length) }
            if id == firstID { return Int64(entriesAdded - length + 1) }
        }
        return nil
    }

    /// Redis's `streamRangeHasTombstones` for `start...end`.
    public func rangeHasTombstones(from start: StreamID, to end: StreamID = .max) -> Bool {
        if length == 0 || maxDeletedID.isZero { return false }
        if firstID > maxDeletedID { return false }
        return start <= maxDeletedID && maxDeletedID <= end
    }

    /// Whether a group's read counter may be used as it stands. Redis 8.0 stops trusting
    /// it once the group's last ID is before the first entry (trimming took entries the
    /// group never read) and estimates from the first entry instead.
    func readCounterHolds(for group: ConsumerGroup, dialect: RedisDialect) -> Bool {
        !dialect.since8_0 || group.lastID >= firstID
    }

    /// A group's lag (entries added but not yet delivered to it), or nil when unknown.
    /// Redis 8.0 reports 0 for a stream left empty, and trusts the group's read counter
    /// only while its last ID is not before the first entry: past that, trimming has
    /// taken entries the group never read, and the estimate from the first entry (the
    /// whole length, when nothing was deleted in between) is the better answer. Redis 7.0
    /// subtracts the stale counter.
    public func lag(of group: ConsumerGroup, dialect: RedisDialect = .redis7_0) -> Int64? {
        if entriesAdded == 0 { return 0 }
        if dialect.since8_0 && length == 0 { return 0 }
        if readCounterHolds(for: group, dialect: dialect), let read = group.entriesRead, !rangeHasTombstones(from: group.lastID) {
            return Int64(entriesAdded) - read
        }
        if let read = estimateEntriesRead(at: group.lastID) {
            return Int64(entriesAdded) - read
        }
        return nil
    }

    // MARK: Memory

    /// Approximate bytes held by the stream's entries (nodes and their buffers), from
    /// their sizes rather than their allocations, so the same data always gives the same
    /// figure (an array's spare capacity depends on how it was copied).
    public var memoryFootprint: Int {
        var total = 64 + nodes.count * 8
        for n in nodes { total += n.memoryFootprint }
        return total
    }
}

extension Stream {
    /// XSETID: sets the last ID and, when given, the added-entries counter and the
    /// tombstone mark. The caller has checked Redis's preconditions.
    public func setID(_ id: StreamID, entriesAdded: UInt64?, maxDeletedID: StreamID?) {
        lastID = id
        if let entriesAdded { self.entriesAdded = entriesAdded }
        if let maxDeletedID { self.maxDeletedID = maxDeletedID }
    }
}
