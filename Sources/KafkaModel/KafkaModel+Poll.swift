/// A member's poll loop: poll(), processing record by record, commits, and
/// `max.poll.interval.ms`.
extension KafkaModel {
    /// poll(): rebalance callbacks first (revocations, a pending JoinGroup), then an
    /// auto-commit if due, then records from the owned partitions. O(records taken).
    mutating func poll(_ i: Int) {
        members[i].wantsPoll = false
        members[i].lastPoll = now
        if config.groupKind == .share { sharePoll(i); return }
        if !members[i].inGroup {
            // Dropped for max.poll.interval.ms: it finds out here and joins again.
            note(.membership, "\(members[i].name) finds it was dropped from the group: onPartitionsLost, then it joins again",
                 "poll() → JoinGroup")
            members[i].owned = []
            members[i].positions = [:]
            switch config.groupProtocol {
            case .classic: classicJoin(i, reason: "\(members[i].name) rejoins")
            case .consumer: consumerJoin(i)
            }
            return
        }
        if !members[i].pendingRevoke.isEmpty { revokePending(i) }
        if members[i].needsRejoin { classicRejoin(i) }
        if config.commit == .auto && members[i].lastCommit + config.autoCommitIntervalMs <= now && hasUncommitted(i) {
            commit(i, why: "auto-commit, every \(config.autoCommitIntervalMs) ms, inside poll()")
        }
        fetch(i)
    }

    /// Takes up to `max.poll.records` records from the owned partitions, partition by
    /// partition in order. A position that retention deleted is reset
    /// (`auto.offset.reset`). O(records taken + partitions owned).
    mutating func fetch(_ i: Int) {
        var taken: [RecordRef] = []
        var parts: [String] = []
        let limit = members[i].maxPollRecords
        for p in members[i].owned where taken.count < limit {
            var pos = members[i].positions[p] ?? startPosition(p)
            let log = partitions[p]
            if pos < log.logStartOffset {
                let to = config.autoOffsetResetEarliest ? log.logStartOffset : log.logEndOffset
                note(.retention, "\(members[i].name)'s position \(pos) in p\(p) was deleted by retention: OffsetOutOfRange, reset to \(to)",
                     "auto.offset.reset=\(config.autoOffsetResetEarliest ? "earliest" : "latest")")
                pos = to
            }
            let end = min(log.logEndOffset, pos + Int64(limit - taken.count))
            if end > pos {
                taken += (pos..<end).map { RecordRef(partition: p, offset: $0) }
                parts.append(end - pos == 1 ? "p\(p) @\(pos)" : "p\(p) @\(pos)–\(end - 1)")
            }
            members[i].positions[p] = end
        }
        guard !taken.isEmpty else { return }
        for r in taken where timesProcessed[r.partition][r.offset] == nil {
            if let rec = partitions[r.partition].record(at: r.offset) {
                figures.longestWaitMs = max(figures.longestWaitMs, now - rec.timestamp)
            }
        }
        members[i].batch = taken
        members[i].busyUntil = now + members[i].processingMs
        note(.poll, "\(members[i].name) polls \(taken.count) record\(taken.count == 1 ? "" : "s"): \(parts.joined(separator: ", "))",
             "poll() → Fetch")
    }

    /// The record in hand is done. At the end of the batch the member commits (when it
    /// commits after processing) and polls again.
    mutating func finishRecord(_ i: Int) {
        let r = members[i].batch.removeFirst()
        members[i].handled += 1
        if config.groupKind == .share {
            shareFinish(i, r)
        } else {
            let n = (timesProcessed[r.partition][r.offset] ?? 0) + 1
            timesProcessed[r.partition][r.offset] = n
            figures.processed += 1
            if n > 1 {
                figures.duplicates += 1
                let label = partitions[r.partition].record(at: r.offset)?.label ?? "offset \(r.offset)"
                note(.process, "\(members[i].name) processes \(label) (p\(r.partition) @\(r.offset)) again: time \(n), a duplicate",
                     "process()")
            }
        }
        if members[i].batch.isEmpty {
            if config.groupKind == .consumer && config.commit == .afterProcessing { commit(i, why: "commitSync() after the batch") }
            members[i].wantsPoll = true
        } else {
            members[i].busyUntil = now + members[i].processingMs
        }
    }

    /// OffsetCommit of the member's positions in the partitions it owns (records it
    /// processed: a poll loop processes a batch before it polls again). O(partitions).
    mutating func commit(_ i: Int, why: String) {
        members[i].lastCommit = now
        var parts: [String] = []
        for p in members[i].owned.sorted() {
            guard var pos = members[i].positions[p] else { continue }
            // Records still in the batch are not processed yet.
            if let first = members[i].batch.first(where: { $0.partition == p }) { pos = first.offset }
            if committed[p] != pos {
                committed[p] = pos
                parts.append("p\(p)=\(pos)")
            }
        }
        guard !parts.isEmpty else { return }
        note(.commit, "\(members[i].name) commits \(parts.joined(separator: " ")) (\(why))", "OffsetCommit")
    }

    /// The member has been busy with one batch for longer than `max.poll.interval.ms`:
    /// its heartbeat thread leaves the group; the partitions go to others.
    mutating func maxPollExceeded(_ i: Int) {
        let name = members[i].name
        note(.membership, "\(name) has not called poll() for \(config.maxPollIntervalMs / 1000) s: its heartbeat thread leaves the group",
             "LeaveGroup (max.poll.interval.ms)")
        for p in members[i].owned { pause(p) }
        members[i].owned = []
        members[i].lastPoll = now  // not again for this batch
        removeFromGroup(i, reason: "\(name) exceeded max.poll.interval.ms")
    }

    // MARK: Retention

    /// The broker's retention check: closed segments past `retention.ms` or beyond
    /// `retention.bytes` go, whoever has read them. O(partitions + records deleted).
    mutating func retentionCheck() {
        nextRetentionCheck = now + config.retentionCheckIntervalMs
        for p in partitions.indices {
            let before = partitions[p].logStartOffset
            let n = partitions[p].applyRetention(now: now, config: config)
            guard n > 0 else { continue }
            figures.deletedByRetention += n
            let readTo: Int64
            if config.groupKind == .share {
                readTo = shareStartOffsets[p]
            } else {
                readTo = max(committed[p] ?? before, members.compactMap { $0.alive ? $0.positions[p] : nil }.max() ?? before)
            }
            let unread = max(0, Int(partitions[p].logStartOffset - max(readTo, before)))
            figures.lostToRetention += unread
            if config.groupKind == .share && shareStartOffsets[p] < partitions[p].logStartOffset {
                for o in shareStartOffsets[p]..<partitions[p].logStartOffset { shareStates[p][o] = nil }
                shareStartOffsets[p] = partitions[p].logStartOffset
            }
            note(.retention, "retention deletes p\(p)'s oldest segment\(n == 1 ? "" : "s"): offsets \(before)–\(partitions[p].logStartOffset - 1)"
                 + (unread > 0 ? ", \(unread) of them never read by \(group)" : ""),
                 "log.retention.check.interval.ms")
        }
    }
}
