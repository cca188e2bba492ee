/// What Redis 8.10's MAXCOUNT and MAXSIZE need to know before a read delivers anything:
/// which entries it would hand out, in order, and their sizes. An entry's size is the
/// total length of its field names and values.
extension Stream {
    /// The size of a live entry, 0 if there is none. - Complexity: O(log nodes + node size)
    public func entrySize(_ id: StreamID) -> Int {
        entry(id)?.pairs.reduce(0) { $0 + $1.count } ?? 0
    }

    /// Sizes of the live entries from `start` on, at most `limit` of them (0: no limit),
    /// stopping after the entry that takes their total past `byteLimit`.
    /// - Complexity: O(log nodes + size of the entries visited)
    public func entrySizes(from start: StreamID, limit: Int, byteLimit: Int = .max) -> [Int] {
        var out: [Int] = []
        var total = 0
        forEachRecord(from: start, to: .max) { node, r in
            let size = node.pairs(of: r).reduce(0) { $0 + $1.count }
            out.append(size)
            total += size
            return (limit == 0 || out.count < limit) && total <= byteLimit
        }
        return out
    }

    /// The pending entries XREADGROUP … CLAIM would take, in the order it takes them
    /// (released entries, then longest idle; ties by ID), live ones only.
    /// - Complexity: O(p log p + k (log nodes + node size)) for p pending entries
    public func claimOrder(group: ConsumerGroup, minIdle: UInt64, now: UInt64) -> [StreamID] {
        claimCandidates(group: group, minIdle: minIdle, now: now).map(\.id).filter { contains($0) }
    }

    /// Pending entries idle at least `minIdle` ms at `now`, and XNACK's released ones
    /// whatever their idle time, in claim order: released first (delivery time 0), then
    /// longest idle, ties by ID. - Complexity: O(p log p)
    func claimCandidates(group: ConsumerGroup, minIdle: UInt64, now: UInt64) -> [(id: StreamID, time: UInt64)] {
        var candidates: [(id: StreamID, time: UInt64)] = []
        group.forEachPending { id, rec in
            if group.isReleased(rec) || (now >= rec.deliveryTime && now - rec.deliveryTime >= minIdle) {
                candidates.append((id, rec.deliveryTime))
            }
            return true
        }
        candidates.sort { $0.time != $1.time ? $0.time < $1.time : $0.id < $1.id }
        return candidates
    }
}
