extension KafkaAssignor {
    /// `AbstractStickyAssignor.constrainedAssign`, the algorithm Kafka runs when every
    /// member subscribes to the same topics (always so in the model): keep each member's
    /// previously owned partitions up to its quota (`maxQuota` for as many members as
    /// `total % members`, `minQuota` for the rest), then deal the unassigned partitions,
    /// in order, first round-robin to the members under `minQuota` (sorted), then one each
    /// to members at `minQuota` that may still take one more. Returns the assignment and
    /// the partitions that change owner (`partitionsTransferringOwnership`), which the
    /// cooperative assignor holds back for a second round (a partition a member gave up
    /// over its quota and gets back in the same pass does not count as moving).
    ///
    /// Where Kafka iterates the members of a `HashMap`, the model takes them in
    /// member-ID order, so the choice of which members keep `maxQuota` is deterministic.
    /// - Complexity: O(partitions + members × log members).
    public static func constrainedSticky(_ partitionsPerTopic: [String: Int], owned: [String: [TopicPartition]])
        -> (assignment: [String: [TopicPartition]], moving: [TopicPartition: String]) {
        let all = partitionsPerTopic.flatMap { t, n in (0..<n).map { TopicPartition(t, $0) } }.sorted()
        let members = owned.keys.sorted()
        var assignment = Dictionary(uniqueKeysWithValues: members.map { ($0, [TopicPartition]()) })
        guard !members.isEmpty else { return (assignment, [:]) }
        let exists = Set(all)
        let minQuota = all.count / members.count
        let maxQuota = (all.count + members.count - 1) / members.count
        let expectedOverMin = all.count % members.count
        var overMin = 0
        var assigned = Set<TopicPartition>()
        var revoked: [TopicPartition: String] = [:]
        var underMin: [String] = []
        var exactlyMin: [String] = []
        for m in members {
            let mine = owned[m]!.filter { exists.contains($0) && !assigned.contains($0) }
            if mine.count < minQuota {
                assignment[m] = mine
                assigned.formUnion(mine)
                underMin.append(m)
            } else if mine.count >= maxQuota && overMin < expectedOverMin {
                overMin += 1
                if overMin == expectedOverMin { exactlyMin.removeAll() }
                assignment[m] = Array(mine.prefix(maxQuota))
                assigned.formUnion(mine.prefix(maxQuota))
                for tp in mine.dropFirst(maxQuota) { revoked[tp] = m }
            } else {
                assignment[m] = Array(mine.prefix(minQuota))
                assigned.formUnion(mine.prefix(minQuota))
                for tp in mine.dropFirst(minQuota) { revoked[tp] = m }
                if overMin < expectedOverMin { exactlyMin.append(m) }
            }
        }
        underMin.sort()
        exactlyMin.sort()
        var moving: [TopicPartition: String] = [:]
        var cursor = 0
        for tp in all where !assigned.contains(tp) {
            let m: String
            if !underMin.isEmpty {
                if cursor >= underMin.count { cursor = 0 }
                m = underMin[cursor]
            } else if !exactlyMin.isEmpty {
                m = exactlyMin.removeFirst()
            } else {
                break  // cannot happen: the quotas add up to the partition count
            }
            assignment[m]!.append(tp)
            if let from = revoked[tp], from != m { moving[tp] = m }
            let size = assignment[m]!.count
            if !underMin.isEmpty && underMin[cursor] == m {
                if size == minQuota {
                    underMin.remove(at: cursor)
                    if overMin < expectedOverMin { exactlyMin.append(m) }
                } else {
                    cursor += 1
                }
            } else if size == maxQuota {
                overMin += 1
            }
        }
        return (assignment, moving)
    }
}
