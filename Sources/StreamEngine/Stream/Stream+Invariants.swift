extension Stream {
    /// Checks the structural invariants of the stream and its groups, returning a
    /// description of each one that fails (empty when all hold). For tests: it walks
    /// every node and every PEL. - Complexity: O(entries + pending entries)
    ///
    /// - the live records across nodes number `length`, in strictly increasing ID order,
    ///   none above `lastID`; no node but the first is empty (a trim that ends inside the
    ///   first node can leave it with deleted records only, as Redis 7.0's `streamTrim`
    ///   does; XDEL removes a node it empties); node masters increase;
    /// - a node never holds more records than `nodeMaxEntries` (when the limit has not
    ///   been lowered since the node was filled, which the caller vouches for);
    /// - every group NACK belongs to exactly one consumer whose own PEL lists it, or to
    ///   none when XNACK released it, and every consumer PEL ID has a NACK owned by that
    ///   consumer.
    public func invariantViolations(config: StreamConfig? = nil) -> [String] {
        var problems: [String] = []
        var live: UInt64 = 0
        var previous: StreamID? = nil
        var previousMaster: StreamID? = nil
        for (i, node) in nodes.enumerated() {
            if node.live == 0 && i > 0 { problems.append("node \(i) has no live entries") }
            if let pm = previousMaster, node.masterID <= pm { problems.append("node \(i) master \(node.masterID) not after \(pm)") }
            previousMaster = node.masterID
            if let config, config.nodeMaxEntries > 0, node.records > config.nodeMaxEntries {
                problems.append("node \(i) holds \(node.records) records, limit \(config.nodeMaxEntries)")
            }
            var nodeLive = 0
            for r in node.allRecords() where !r.isDeleted {
                nodeLive += 1
                if let p = previous, r.id <= p { problems.append("entry \(r.id) not after \(p)") }
                previous = r.id
            }
            if nodeLive != Int(node.live) { problems.append("node \(i) counts \(node.live) live, holds \(nodeLive)") }
            live += UInt64(nodeLive)
        }
        if live != length { problems.append("length \(length) but \(live) live entries") }
        if let p = previous, p > lastID { problems.append("entry \(p) above last ID \(lastID)") }

        for group in groups {
            let label = String(decoding: group.name, as: UTF8.self)
            var owned = 0
            for c in group.consumers {
                owned += c.pendingCount
                c.pending.forEach { id, _ in
                    if let rec = group.pending.value(for: id) {
                        if rec.consumerNumber != c.number {
                            problems.append("\(label): \(id) in \(String(decoding: c.name, as: UTF8.self))'s PEL but owned by another")
                        }
                    } else {
                        problems.append("\(label): \(id) in a consumer PEL but not the group's")
                    }
                    return true
                }
            }
            let released = group.releasedCount
            if owned + released != group.pendingCount {
                problems.append("\(label): group PEL has \(group.pendingCount), consumers own \(owned), \(released) released")
            }
            group.pending.forEach { id, rec in
                if group.isReleased(rec) { return true }
                if let owner = group.consumersByNumber[rec.consumerNumber] {
                    if !owner.pending.contains(id) { problems.append("\(label): \(id) missing from its owner's PEL") }
                } else {
                    problems.append("\(label): \(id) owned by a missing consumer")
                }
                return true
            }
        }
        return problems
    }
}
