extension Stream {
    /// Live entry counts in `buckets` equal time slices of `[fromMs, toMs)`. A node that
    /// falls inside one bucket adds its live count from metadata, without decoding; only
    /// nodes that straddle a bucket edge or the window's ends are decoded, and there are
    /// at most about `buckets + 2` of those. The counts are exact.
    /// - Complexity: O(log nodes + nodes in the window + (buckets + 2) × node size)
    public func timeHistogram(fromMs: UInt64, toMs: UInt64, buckets: Int) -> [Int] {
        guard buckets > 0, toMs > fromMs else { return [] }
        var counts = [Int](repeating: 0, count: buckets)
        let span = toMs - fromMs
        func bucket(_ ms: UInt64) -> Int { min(buckets - 1, Int((ms - fromMs).multipliedReportingOverflow(by: UInt64(buckets)).partialValue / span)) }
        var n = nodeIndex(atOrBefore: StreamID(ms: fromMs, seq: 0)) ?? 0
        while n < nodes.count {
            let node = nodes[n]
            n += 1
            if node.live == 0 { continue }
            if node.masterID.ms >= toMs { break }
            if node.lastID.ms < fromMs { continue }
            if node.masterID.ms >= fromMs && node.lastID.ms < toMs && bucket(node.masterID.ms) == bucket(node.lastID.ms) {
                counts[bucket(node.masterID.ms)] += Int(node.live)
            } else {
                node.scan { rec in
                    if rec.id.ms >= toMs { return false }
                    if rec.id.ms >= fromMs && !rec.isDeleted { counts[bucket(rec.id.ms)] += 1 }
                    return true
                }
            }
        }
        return counts
    }

    /// The exact number of live entries with IDs in `start...end`: whole nodes count by
    /// their metadata; only the two edge nodes are decoded.
    /// - Complexity: O(log nodes + nodes in range + two nodes' records)
    public func count(from start: StreamID, to end: StreamID) -> Int {
        guard start <= end, !nodes.isEmpty else { return 0 }
        var total = 0
        var n = nodeIndex(atOrBefore: start) ?? 0
        while n < nodes.count {
            let node = nodes[n]
            n += 1
            if node.masterID > end { break }
            if node.lastID < start { continue }
            if node.masterID >= start && node.lastID <= end {
                total += Int(node.live)
            } else {
                node.scan { rec in
                    if rec.id > end { return false }
                    if rec.id >= start && !rec.isDeleted { total += 1 }
                    return true
                }
            }
        }
        return total
    }
}
