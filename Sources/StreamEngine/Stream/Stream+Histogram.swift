extension Stream {
    /// Live entry counts in `buckets` equal time slices of `[fromMs, toMs)`, read from
    /// node metadata only: a node whose ID span falls in one bucket adds its live count
    /// there; a node spanning several spreads its count evenly over its time span.
    /// No entry is decoded.
    /// - Complexity: O(log nodes + nodes in the window + buckets)
    public func timeHistogram(fromMs: UInt64, toMs: UInt64, buckets: Int) -> [Int] {
        guard buckets > 0, toMs > fromMs else { return [] }
        var counts = [Double](repeating: 0, count: buckets)
        let span = Double(toMs - fromMs)
        var n = nodeIndex(atOrBefore: StreamID(ms: fromMs, seq: 0)) ?? 0
        while n < nodes.count {
            let node = nodes[n]
            n += 1
            if node.live == 0 { continue }
            let first = node.masterID.ms, last = node.lastID.ms
            if first >= toMs { break }
            if last < fromMs { continue }
            let lo = max(first, fromMs), hi = min(last, toMs - 1)
            // The share of the node's time span inside the window.
            let nodeSpan = Double(last - first) + 1
            let inside = Double(hi - lo) + 1
            let liveInside = Double(node.live) * inside / nodeSpan
            let b0 = Int(Double(lo - fromMs) / span * Double(buckets))
            let b1 = Int(Double(hi - fromMs) / span * Double(buckets))
            let first0 = min(buckets - 1, b0), last0 = min(buckets - 1, b1)
            let per = liveInside / Double(last0 - first0 + 1)
            for b in first0...last0 { counts[b] += per }
        }
        return counts.map { Int($0.rounded()) }
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
