/// A record's state in a share group (KIP-932).
public struct ShareRecordState: Sendable, Equatable {
    public enum State: String, Sendable { case available, acquired, acknowledged, archived }
    public var state: State
    public var deliveries: Int
    public var owner: String?
    public var lockedUntil: UInt64
}

/// Share groups (KIP-932): every member fetches from every partition; each record it
/// gets is acquired under a lock (`share.record.lock.duration.ms`) and acknowledged on
/// its own: ACCEPT when processed, RELEASE when processing failed (available again
/// at once), and when the lock expires it is available again too. Each acquisition
/// counts a delivery; a record released or expired at `share.delivery.count.limit`
/// deliveries is archived (sent to the dead-letter topic when the group names one).
extension KafkaModel {
    mutating func shareJoin(_ i: Int) {
        members[i].inGroup = true
        members[i].lastHeartbeat = now
        members[i].nextHeartbeat = now + config.shareHeartbeatIntervalMs
        members[i].owned = Array(partitions.indices)
        state = .stable
        generation += 1
        note(.membership, "\(members[i].name) joins share group \(group): it fetches from every partition, alongside the others",
             "ShareGroupHeartbeat(epoch 0)")
        members[i].wantsPoll = true
    }

    /// ShareFetch: acquire up to `max.poll.records` available records, oldest first
    /// in each partition. O(records looked at).
    mutating func sharePoll(_ i: Int) {
        guard members[i].inGroup else { return }
        var taken: [RecordRef] = []
        var again = 0
        let limit = members[i].maxPollRecords
        for p in partitions.indices where taken.count < limit {
            var o = max(shareStartOffsets[p], partitions[p].logStartOffset)
            while o < partitions[p].logEndOffset && taken.count < limit {
                var s = shareStates[p][o] ?? ShareRecordState(state: .available, deliveries: 0, owner: nil, lockedUntil: 0)
                if s.state == .available {
                    s.state = .acquired
                    s.deliveries += 1
                    s.owner = members[i].memberID
                    s.lockedUntil = now + config.recordLockDurationMs
                    if s.deliveries > 1 { again += 1; figures.redelivered += 1 }
                    else if let rec = partitions[p].record(at: o) { figures.longestWaitMs = max(figures.longestWaitMs, now - rec.timestamp) }
                    shareStates[p][o] = s
                    taken.append(RecordRef(partition: p, offset: o))
                }
                o += 1
            }
        }
        guard !taken.isEmpty else { return }
        members[i].batch = taken
        members[i].busyUntil = now + members[i].processingMs
        let labels = taken.map { partitions[$0.partition].record(at: $0.offset)?.label ?? "?" }
        let shown = labels.count <= 4 ? labels.joined(separator: ", ") : labels.prefix(3).joined(separator: ", ") + " … " + labels.last!
        note(.share, "\(members[i].name) acquires \(taken.count) record\(taken.count == 1 ? "" : "s") (\(shown))"
             + (again > 0 ? ", \(again) of them delivered before" : "") + ", locked for \(config.recordLockDurationMs / 1000) s",
             "ShareFetch → acquire")
    }

    /// The record in hand is done: ACCEPT, or RELEASE when it failed.
    mutating func shareFinish(_ i: Int, _ r: RecordRef) {
        guard var s = shareStates[r.partition][r.offset], let rec = partitions[r.partition].record(at: r.offset) else { return }
        let name = members[i].name
        guard s.state == .acquired, s.owner == members[i].memberID else {
            note(.share, "\(name) finishes \(rec.label) but its lock had expired: the acknowledgement is refused", "ShareAcknowledge → INVALID_RECORD_STATE")
            return
        }
        let fails = rec.poison || (members[i].failEvery.map { members[i].handled % $0 == 0 } ?? false)
        let n = (timesProcessed[r.partition][r.offset] ?? 0) + 1
        timesProcessed[r.partition][r.offset] = n
        if fails {
            s.owner = nil
            if s.deliveries >= config.deliveryCountLimit {
                archive(&s, rec, r, why: "\(name) fails on it and releases it at delivery \(s.deliveries) of \(config.deliveryCountLimit)")
            } else {
                s.state = .available
                note(.share, "\(name) fails on \(rec.label) and releases it: available again (delivery \(s.deliveries) of \(config.deliveryCountLimit))",
                     "ShareAcknowledge(RELEASE)")
                wakeIdle(partition: r.partition)
            }
        } else {
            figures.processed += 1
            if n > 1 && s.deliveries > 1 { figures.duplicates += 1 }
            s.state = .acknowledged
            s.owner = nil
            if s.deliveries > 1 {
                note(.share, "\(name) processes \(rec.label) on delivery \(s.deliveries) and accepts it", "ShareAcknowledge(ACCEPT)")
            }
        }
        shareStates[r.partition][r.offset] = s
        advanceShareStart(r.partition)
        if !fails { members[i].batchAccepted += 1 }
        if members[i].batch.isEmpty && members[i].batchAccepted > 0 {
            let n = members[i].batchAccepted
            members[i].batchAccepted = 0
            note(.share, "\(name) accepts \(n == 1 ? "the record" : "the \(n) records") it processed", "ShareAcknowledge(ACCEPT)")
        }
    }

    mutating func archive(_ s: inout ShareRecordState, _ rec: KafkaRecord, _ r: RecordRef, why: String) {
        s.state = .archived
        s.owner = nil
        figures.archived += 1
        if config.deadLetterTopic.isEmpty {
            note(.share, "\(why): \(rec.label) is archived, never delivered again", "share.delivery.count.limit")
        } else {
            figures.deadLettered += 1
            note(.share, "\(why): \(rec.label) is archived and written to \(config.deadLetterTopic)", "errors.deadletterqueue.topic.name")
        }
    }

    func nextLockExpiry() -> UInt64? {
        var best: UInt64?
        for p in shareStates.indices {
            for (o, s) in shareStates[p] where o >= shareStartOffsets[p] && s.state == .acquired {
                if best == nil || s.lockedUntil < best! { best = s.lockedUntil }
            }
        }
        return best
    }

    /// Locks that ran out: the records are available again, or archived at the limit.
    mutating func expireLocks() {
        for p in shareStates.indices {
            for o in shareStates[p].keys.sorted() where o >= shareStartOffsets[p] {
                guard var s = shareStates[p][o], s.state == .acquired, s.lockedUntil <= now,
                      let rec = partitions[p].record(at: o) else { continue }
                let holder = members.first { $0.memberID == s.owner }?.name ?? "its holder"
                if let h = members.firstIndex(where: { $0.memberID == s.owner }) {
                    members[h].batch.removeAll { $0 == RecordRef(partition: p, offset: o) }
                    if members[h].batch.isEmpty && members[h].alive { members[h].wantsPoll = true }
                }
                s.owner = nil
                if s.deliveries >= config.deliveryCountLimit {
                    archive(&s, rec, RecordRef(partition: p, offset: o), why: "the lock \(holder) held on \(rec.label) expires at delivery \(s.deliveries) of \(config.deliveryCountLimit)")
                } else {
                    s.state = .available
                    note(.share, "the lock \(holder) held on \(rec.label) expires after \(config.recordLockDurationMs / 1000) s: available again (delivered \(s.deliveries) of \(config.deliveryCountLimit) times)",
                         "share.record.lock.duration.ms")
                }
                shareStates[p][o] = s
                wakeIdle(partition: p)
            }
            advanceShareStart(p)
        }
    }

    /// The share-partition start offset moves past records that are done with.
    mutating func advanceShareStart(_ p: Int) {
        var o = shareStartOffsets[p]
        // Archived records keep their state (the lens marks them); accepted ones are dropped.
        while let s = shareStates[p][o], s.state == .acknowledged || s.state == .archived {
            if s.state == .acknowledged { shareStates[p][o] = nil }
            o += 1
        }
        shareStartOffsets[p] = o
    }

    /// Records of a partition in each state, from the share-partition start offset.
    public func shareCounts(_ p: Int) -> (available: Int, acquired: Int, done: Int) {
        var acquired = 0, done = 0
        for (o, s) in shareStates[p] where o >= shareStartOffsets[p] {
            if s.state == .acquired { acquired += 1 } else if s.state != .available { done += 1 }
        }
        let window = Int(partitions[p].logEndOffset - max(shareStartOffsets[p], partitions[p].logStartOffset))
        return (max(0, window - acquired - done), acquired, done)
    }
}
