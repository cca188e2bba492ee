/// How a deletion treats the consumer groups' references to an entry (Redis 8.2's
/// `KEEPREF | DELREF | ACKED` on XDELEX, XACKDEL, XADD and XTRIM).
public enum ReferencePolicy: Sendable, Equatable {
    /// Delete the entry; pending entries that name it stay (as XDEL does).
    case keep
    /// Delete the entry and every pending entry, in every group, that names it.
    case delete
    /// Delete the entry only once no group needs it: none has it pending and every
    /// group has read past it.
    case acked
}

/// What happened to one ID of XDELEX or XACKDEL, as the reply's integer says.
public enum DeletionOutcome: Int64, Sendable {
    /// No such entry (XDELEX) or not pending in the group (XACKDEL).
    case notFound = -1
    /// Deleted (for XACKDEL: acknowledged and deleted).
    case deleted = 1
    /// Kept, because a group still needs it (ACKED).
    case stillReferenced = 2
}

extension Stream {
    /// Whether some group still needs `id`: it is pending there, or the group has not
    /// yet read up to it. - Complexity: O(groups × log pending)
    public func isReferenced(_ id: StreamID) -> Bool {
        for g in groupsByName.values where g.lastID < id || g.pendingRecord(id) != nil { return true }
        return false
    }

    /// Removes `id` from every group's pending entries. - Complexity: O(groups × log pending)
    func dropReferences(to id: StreamID) {
        for g in groupsByName.values { g.acknowledge(id) }
    }

    /// XDELEX: deletes each ID under `policy`; one outcome per ID, in order. Deletion
    /// updates the tombstone mark and first ID as XDEL does.
    /// - Complexity: O(k (log nodes + node size + groups × log pending))
    public func delete(_ ids: [StreamID], policy: ReferencePolicy) -> [DeletionOutcome] {
        ids.map { id in
            guard entry(id) != nil else {
                // DELREF also clears references that outlived their entry.
                if policy == .delete { dropReferences(to: id) }
                return .notFound
            }
            if policy == .acked && isReferenced(id) { return .stillReferenced }
            if policy == .delete { dropReferences(to: id) }
            _ = delete([id])
            return .deleted
        }
    }

    /// XACKDEL: acknowledges each ID in `group`, then deletes the entry under `policy`.
    /// An ID not pending in the group is left alone (`.notFound`).
    /// - Complexity: O(k (log nodes + node size + groups × log pending))
    public func acknowledgeAndDelete(_ ids: [StreamID], in group: ConsumerGroup, policy: ReferencePolicy) -> [DeletionOutcome] {
        ids.map { id in
            guard group.acknowledge(id) else { return .notFound }
            if policy == .acked && isReferenced(id) { return .stillReferenced }
            if policy == .delete { dropReferences(to: id) }
            _ = delete([id])
            return .deleted
        }
    }
}

extension Stream {
    /// XADD and XTRIM trimming under a reference policy (Redis 8.2): `.keep` trims as
    /// Redis 7.0 does; `.delete` trims the same entries and removes them from every
    /// group's pending entries; `.acked` removes only entries no group needs (see
    /// `trimAcknowledged`). Returns how many entries were removed.
    /// - Complexity: `.keep` as `trim`; `.delete` adds O(removed × groups × log pending);
    ///   `.acked` is O(entries examined × groups × log pending).
    @discardableResult
    public func trim(_ strategy: TrimStrategy, approximate: Bool, limit: Int, policy: ReferencePolicy) -> Int {
        switch policy {
        case .keep:
            return trim(strategy, approximate: approximate, limit: limit)
        case .delete:
            guard !groupsByName.isEmpty else { return trim(strategy, approximate: approximate, limit: limit) }
            var removed: [StreamID]? = []
            let count = trim(strategy, approximate: approximate, limit: limit, collecting: &removed)
            for id in removed! { dropReferences(to: id) }
            return count
        case .acked:
            return trimAcknowledged(strategy, approximate: approximate, limit: limit)
        }
    }

    /// ACKED trimming, as Redis's tests pin it down (`tests/unit/type/stream.tcl`, "XADD
    /// with MAXLEN option and ACKED option", "XTRIM with approx and ACKED deletes entries
    /// correctly"): walking from the head while the strategy still asks for removals,
    /// an entry some group needs (`isReferenced`) is kept and the walk goes on past it,
    /// so acknowledged entries behind an unacknowledged one still go. A node all of
    /// whose survivors go is dropped whole; otherwise its removable entries are flagged.
    /// With `~` the walk stops at the first node the strategy would not remove whole,
    /// and before a node whose removals would pass `limit` (0: none), as `~` does
    /// without ACKED; without `~` (no LIMIT then) the last node is trimmed entry by entry.
    /// With no groups nothing is referenced and this is `trim` exactly.
    /// - Complexity: O(entries examined × groups × log pending)
    func trimAcknowledged(_ strategy: TrimStrategy, approximate: Bool, limit: Int) -> Int {
        guard !groupsByName.isEmpty else { return trim(strategy, approximate: approximate, limit: limit) }
        var deleted = 0
        var dropped: [Int] = []
        var n = 0
        while n < nodes.count {
            if case .maxLength(let maxLen) = strategy, length <= maxLen { break }
            let node = nodes[n]
            let wholeNodeQualifies: Bool
            switch strategy {
            case .maxLength(let maxLen): wholeNodeQualifies = length - UInt64(node.live) >= maxLen
            case .minID(let minID): wholeNodeQualifies = node.lastID < minID
            }
            if approximate && !wholeNodeQualifies { break }
            var flagged: [StreamNode.Record] = []
            var stop = false
            let before = length
            node.scan { r in
                if r.isDeleted { return true }
                switch strategy {
                case .maxLength(let maxLen): if before - UInt64(flagged.count) <= maxLen { stop = true; return false }
                case .minID(let minID): if r.id >= minID { stop = true; return false }
                }
                if !isReferenced(r.id) { flagged.append(r) }
                return true
            }
            if limit > 0 && deleted + flagged.count > limit { break }
            if !flagged.isEmpty {
                if flagged.count == Int(node.live) {
                    dropped.append(n)
                } else {
                    for r in flagged { node.markDeleted(r) }
                }
                length -= UInt64(flagged.count)
                deleted += flagged.count
            }
            if stop { break }
            n += 1
        }
        for i in dropped.reversed() { nodes.remove(at: i) }
        if deleted > 0 { firstID = length == 0 ? .zero : edgeID(first: true) }
        return deleted
    }
}

/// How XNACK (Redis 8.8) sets the delivery count of what it releases.
public enum ReleaseMode: Sendable {
    /// One less: the delivery did not count.
    case silent
    /// Unchanged: the consumer failed, another may not.
    case fail
    /// The largest count (`LLONG_MAX`): the entry is poison.
    case fatal
}

extension Stream {
    /// XNACK's largest delivery count, Redis's `LLONG_MAX`.
    public static let fatalDeliveryCount = UInt64(Int64.max)

    /// XNACK: each ID pending in `group` is released to no consumer, idle since time 0
    /// (so claims take it first), its delivery count set by `mode` or to `retryCount`.
    /// With `force`, an ID not pending but still in the stream becomes a released
    /// pending entry (count 0, `retryCount`, or the FATAL maximum). Other IDs are
    /// skipped. Returns how many were released.
    /// - Complexity: O(k (log pending + log nodes + node size))
    public func release(_ ids: [StreamID], in group: ConsumerGroup, mode: ReleaseMode, retryCount: UInt64?, force: Bool) -> Int {
        var released = 0
        for id in ids {
            let count: UInt64
            if let rec = group.pendingRecord(id) {
                switch mode {
                case .silent: count = rec.deliveryCount > 0 ? rec.deliveryCount - 1 : 0
                case .fail: count = rec.deliveryCount
                case .fatal: count = Self.fatalDeliveryCount
                }
            } else if force && contains(id) {
                count = mode == .fatal ? Self.fatalDeliveryCount : 0
            } else {
                continue
            }
            group.release(id, deliveryCount: retryCount ?? count)
            released += 1
        }
        return released
    }
}
