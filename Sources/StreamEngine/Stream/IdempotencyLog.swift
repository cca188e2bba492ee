/// A stream's memory of idempotent adds (Redis 8.6's IDMP): per producer ID, the
/// idempotent IDs it added recently and the entry ID each became, so that a repeated
/// `XADD … IDMP pid iid *` answers the first ID instead of adding again.
///
/// An idempotent ID is forgotten `durationSeconds` after it was added (by the engine's
/// clock), or, when its producer holds `maxSize` of them, as soon as a newer one needs
/// the room (oldest first). `XCFGSET` changing either limit forgets every producer's
/// IDs; the lifetime counters (`added`, `duplicates`) stay.
public final class IdempotencyLog {
    /// Redis's defaults and limits for IDMP-DURATION (seconds) and IDMP-MAXSIZE.
    public static let defaultDuration = 100
    public static let defaultMaxSize = 100
    public static let durationRange = 1...86_400
    public static let maxSizeRange = 1...10_000

    /// How long an idempotent ID is remembered, in seconds.
    public internal(set) var durationSeconds = IdempotencyLog.defaultDuration
    /// How many idempotent IDs each producer keeps at most.
    public internal(set) var maxSize = IdempotencyLog.defaultMaxSize
    /// Idempotent IDs ever recorded (XINFO's `iids-added`).
    public internal(set) var added: UInt64 = 0
    /// Adds answered from memory instead of adding (XINFO's `iids-duplicates`).
    public internal(set) var duplicates: UInt64 = 0

    /// One remembered idempotent ID.
    struct Record {
        let iid: [UInt8]
        let id: StreamID
        let addedMs: UInt64
    }

    /// One producer's IDs, oldest first (`records[head...]`), and an index by ID.
    struct Producer {
        var records: [Record] = []
        var head = 0
        var byIID: [[UInt8]: StreamID] = [:]

        var count: Int { records.count - head }

        /// Forgets the oldest record. O(1) amortized.
        mutating func dropOldest() {
            byIID.removeValue(forKey: records[head].iid)
            head += 1
            if head > 32 && head * 2 > records.count {
                records.removeFirst(head)
                head = 0
            }
        }
    }

    /// Producers with at least one remembered ID.
    var producers: [[UInt8]: Producer] = [:]

    public init() {}

    /// Whether anything differs from a stream that never saw IDMP (snapshots skip it then).
    public var isPristine: Bool {
        durationSeconds == Self.defaultDuration && maxSize == Self.defaultMaxSize && added == 0 && duplicates == 0
            && producers.isEmpty
    }

    /// Forgets `pid`'s IDs older than the duration at `now`. O(expired) amortized.
    private func expire(_ pid: [UInt8], now: UInt64) {
        guard var p = producers[pid] else { return }
        let window = UInt64(durationSeconds) * 1000
        while p.count > 0, now >= p.records[p.head].addedMs, now - p.records[p.head].addedMs >= window { p.dropOldest() }
        producers[pid] = p.count == 0 ? nil : p
    }

    /// Forgets every producer's expired IDs. O(producers + expired).
    public func expireAll(now: UInt64) {
        for pid in Array(producers.keys) { expire(pid, now: now) }
    }

    /// The entry ID `iid` became for `pid`, if it is still remembered at `now`; counts a
    /// duplicate when it is. O(expired + |iid|).
    public func firstID(producer pid: [UInt8], iid: [UInt8], now: UInt64) -> StreamID? {
        expire(pid, now: now)
        guard let id = producers[pid]?.byIID[iid] else { return nil }
        duplicates += 1
        return id
    }

    /// Remembers that `iid` of `pid` became `id` at `now`, forgetting the producer's
    /// oldest IDs beyond `maxSize`. O(1) amortized.
    public func record(producer pid: [UInt8], iid: [UInt8], id: StreamID, now: UInt64) {
        var p = producers[pid] ?? Producer()
        p.records.append(Record(iid: iid, id: id, addedMs: now))
        p.byIID[iid] = id
        while p.count > maxSize { p.dropOldest() }
        producers[pid] = p
        added += 1
    }

    /// XCFGSET: sets the limits given; if either changes, every producer's IDs are
    /// forgotten (setting the same values keeps them). O(producers) when clearing.
    public func configure(durationSeconds newDuration: Int?, maxSize newMax: Int?) {
        let d = newDuration ?? durationSeconds, m = newMax ?? maxSize
        if d != durationSeconds || m != maxSize { producers.removeAll() }
        durationSeconds = d
        maxSize = m
    }

    /// Producers with remembered IDs (`pids-tracked`). O(1)
    public var producersTracked: Int { producers.count }
    /// Remembered IDs across producers (`iids-tracked`). O(producers)
    public var idsTracked: Int { producers.values.reduce(0) { $0 + $1.count } }

    /// The idempotent ID IDMPAUTO derives from an entry's fields: the same for the same
    /// field/value pairs in any order, different for any other pairs (a 128-bit digest
    /// of the sorted, length-prefixed pairs, from two independent 64-bit hashes).
    /// - Complexity: O(p log p + bytes) for p pairs.
    public static func automaticID(pairs: ArraySlice<[UInt8]>) -> [UInt8] {
        var pairList: [([UInt8], [UInt8])] = []
        var i = pairs.startIndex
        while i + 1 < pairs.endIndex {
            pairList.append((pairs[i], pairs[i + 1]))
            i += 2
        }
        pairList.sort { a, b in
            a.0 == b.0 ? a.1.lexicographicallyPrecedes(b.1) : a.0.lexicographicallyPrecedes(b.0)
        }
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var mix: UInt64 = 0x9e37_79b9_7f4a_7c15
        func feed(_ b: UInt8) {
            fnv = (fnv ^ UInt64(b)) &* 0x0000_0100_0000_01b3
            mix = (mix ^ UInt64(b)) &* 0xbf58_476d_1ce4_e5b9
            mix ^= mix >> 31
        }
        func feed(bytes: [UInt8]) {
            var n = UInt64(bytes.count)
            for _ in 0..<8 { feed(UInt8(truncatingIfNeeded: n)); n >>= 8 }
            for b in bytes { feed(b) }
        }
        for (f, v) in pairList { feed(bytes: f); feed(bytes: v) }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for word in [fnv, mix] { for s in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(s))) } }
        return out
    }
}
