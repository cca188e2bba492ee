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
