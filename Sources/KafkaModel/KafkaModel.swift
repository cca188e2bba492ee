/// A model of one Kafka topic and the group reading it, on an injected clock: the
/// producer's partitioner, the partitions' logs and retention, the group coordinator and
/// each member's client (heartbeats, poll(), commits, rebalance callbacks), under the
/// classic protocol (eager or cooperative), KIP-848's consumer protocol, or as a share
/// group (KIP-932). It is a model of the protocol, not a broker: no bytes, no network
/// delay (a request is answered at the instant it is sent), one topic, one group.
///
/// Time only moves through `advance(to:)` and the inputs (each given its instant);
/// `advance` handles everything due up to that instant in time order, so advancing in
/// one go or in many small steps gives the same state and events. A value type:
/// copying it is a snapshot.
///
/// Complexity: each step of `advance` looks at every member and partition once
/// (O(members + partitions)); a poll is O(records it takes).
public struct KafkaModel: Sendable {
    public let config: KafkaConfig
    public let topic: String
    public let group: String
    public internal(set) var now: UInt64 = 0
    public internal(set) var partitions: [KafkaPartitionLog]
    public internal(set) var members: [KafkaMember] = []
    public internal(set) var state = KafkaGroupState.empty
    /// Classic: the generation; KIP-848: the group epoch.
    public internal(set) var generation = 0
    /// Committed offsets (the next offset to read), per partition.
    public internal(set) var committed: [Int: Int64] = [:]
    public internal(set) var rebalances: [KafkaRebalance] = []
    public internal(set) var events: [KafkaEvent] = []
    public internal(set) var figures = KafkaFigures()
    /// Share group: each record's delivery state, per partition, by offset.
    public internal(set) var shareStates: [[Int64: ShareRecordState]]
    /// Share group: the share-partition start offset of each partition.
    public internal(set) var shareStartOffsets: [Int64]
    /// Number of partitions the producer spreads over (grows with `addPartitions`).
    public var partitionCount: Int { partitions.count }

    var timesProcessed: [[Int64: Int]]
    var pausedSince: [Int: UInt64] = [:]
    var nextKeyless = 0
    var round = 0
    var joinDeadline: UInt64?
    var initialJoin = false
    var openRebalance: Int?
    var nextRetentionCheck: UInt64

    public init(config: KafkaConfig = KafkaConfig(), topic: String = "orders", group: String = "billing") {
        self.config = config
        self.topic = topic
        self.group = group
        let n = max(1, config.partitions)
        partitions = Array(repeating: KafkaPartitionLog(), count: n)
        timesProcessed = Array(repeating: [:], count: n)
        shareStates = Array(repeating: [:], count: n)
        shareStartOffsets = Array(repeating: 0, count: n)
        nextRetentionCheck = config.retentionCheckIntervalMs
    }

    // MARK: Inputs

    /// A producer sends a record at `at`: keyed records go to murmur2's partition,
    /// keyless ones round-robin. Returns where it landed. O(key + members).
    @discardableResult
    public mutating func produce(key: String?, label: String, bytes: Int64 = 100, poison: Bool = false,
                                 producer: String = "producer", at: UInt64) -> RecordRef {
        advance(to: at)
        let p: Int
        if let key {
            p = KafkaPartitioner.partition(key: Array(key.utf8), count: partitions.count)
        } else {
            p = nextKeyless % partitions.count
            nextKeyless += 1
        }
        let offset = partitions[p].append(key: key, label: label, bytes: bytes, poison: poison, at: now, config: config)
        let how = key.map { "key \($0) hashes to" } ?? "no key: round-robin to"
        note(.produce, "\(producer) sends \(label): \(how) partition \(p), offset \(offset)", "Produce(\(topic)-\(p))")
        wakeIdle(partition: p)
        return RecordRef(partition: p, offset: offset)
    }

    /// A consumer starts and joins the group (a restarted one joins as a new member).
    public mutating func join(_ name: String, processingMs: UInt64, maxPollRecords: Int? = nil, failEvery: Int? = nil, at: UInt64) {
        advance(to: at)
        let incarnation = members.filter { $0.name == name }.count + 1
        var m = KafkaMember(name: name, memberID: incarnation == 1 ? name : "\(name)~\(incarnation)",
                            processingMs: max(1, processingMs), maxPollRecords: max(1, maxPollRecords ?? config.maxPollRecords),
                            failEvery: failEvery)
        m.lastPoll = now
        m.lastCommit = now
        members.append(m)
        let i = members.count - 1
        switch config.groupKind {
        case .share: shareJoin(i)
        case .consumer:
            switch config.groupProtocol {
            case .classic: classicJoin(i, reason: "\(name) joins")
            case .consumer: consumerJoin(i)
            }
        }
    }

    /// The consumer's process dies: it stops heartbeating, polling and committing. The
    /// coordinator finds out when its session times out. O(its partitions).
    public mutating func crash(_ name: String, at: UInt64) {
        advance(to: at)
        guard let i = live(name) else { return }
        members[i].alive = false
        // Records it processed past the committed offsets: the next owner does them again.
        var uncommitted = 0
        for p in members[i].owned {
            let from = max(committed[p] ?? partitions[p].logStartOffset, partitions[p].logStartOffset)
            let to = members[i].positions[p] ?? from
            if to > from {
                uncommitted += (from..<to).filter { timesProcessed[p][$0] != nil && !members[i].batch.contains(RecordRef(partition: p, offset: $0)) }.count
            }
        }
        let held = members[i].batch.count
        for p in members[i].owned { pause(p) }
        members[i].batch = []
        let what: String
        switch config.groupKind {
        case .share:
            what = held > 0 ? "it held \(held) record\(held == 1 ? "" : "s") under lock, locked until the lock expires" : "it held no records"
        case .consumer:
            what = "its partitions \(list(members[i].owned)) stop; \(max(0, uncommitted)) processed record\(uncommitted == 1 ? "" : "s") not yet committed"
        }
        note(.membership, "\(name) crashes: \(what). The coordinator has not noticed: no heartbeat will tell it",
             "(process gone; session.timeout.ms \(config.sessionMs) ms)")
    }

    /// The consumer leaves cleanly (`close()`): commits, then LeaveGroup.
    public mutating func leave(_ name: String, at: UInt64) {
        advance(to: at)
        guard let i = live(name) else { return }
        if config.groupKind == .consumer { commit(i, why: "before leaving") }
        for p in members[i].owned { pause(p) }
        members[i].owned = []
        members[i].batch = []
        members[i].alive = false
        note(.membership, "\(name) closes and leaves the group", "LeaveGroup")
        removeFromGroup(i, reason: "\(name) left")
    }

    /// Adds partitions to the topic: from now on keys hash over the new count (a key's
    /// partition may change), and the group rebalances to cover them. O(partitions).
    public mutating func addPartitions(_ count: Int, at: UInt64) {
        advance(to: at)
        guard count > 0 else { return }
        let before = partitions.count
        partitions += Array(repeating: KafkaPartitionLog(), count: count)
        timesProcessed += Array(repeating: [:], count: count)
        shareStates += Array(repeating: [:], count: count)
        shareStartOffsets += Array(repeating: 0, count: count)
        note(.membership, "the topic grows from \(before) to \(partitions.count) partitions: keys now hash modulo \(partitions.count)",
             "CreatePartitions")
        switch config.groupKind {
        case .share: break
        case .consumer:
            switch config.groupProtocol {
            case .classic: beginRebalance("partitions were added")
            case .consumer: bumpEpoch("partitions were added")
            }
        }
    }

    // MARK: Time

    enum Due: Comparable {
        case joinDeadline, expire(Int), heartbeat(Int), lockExpiry, work(Int), maxPoll(Int), poll(Int), autoCommit(Int), retention
    }

    /// Handles everything due up to `target` in time order, then sets the clock there.
    /// - Complexity: O(steps × (members + partitions)).
    public mutating func advance(to target: UInt64) {
        while let (t, due) = nextDue(), t <= target {
            if t > now { now = t }
            handle(due)
        }
        if target > now { now = target }
    }

    func nextDue() -> (UInt64, Due)? {
        var best: (UInt64, Due)?
        func offer(_ t: UInt64?, _ d: Due) {
            guard let t else { return }
            let at = max(t, now)
            if best == nil || (at, d) < (best!.0, best!.1) { best = (at, d) }
        }
        if state == .preparingRebalance { offer(joinDeadline, .joinDeadline) }
        for (i, m) in members.enumerated() {
            if m.inGroup && !m.alive { offer(m.lastHeartbeat + config.sessionMs, .expire(i)) }
            guard m.alive else { continue }
            if m.inGroup { offer(m.nextHeartbeat, .heartbeat(i)) }
            if !m.batch.isEmpty {
                offer(m.busyUntil, .work(i))
                if m.inGroup && config.groupKind == .consumer { offer(m.lastPoll + config.maxPollIntervalMs, .maxPoll(i)) }
            } else if m.wantsPoll {
                offer(now, .poll(i))
            } else if config.groupKind == .consumer && config.commit == .auto && hasUncommitted(i) {
                offer(m.lastCommit + config.autoCommitIntervalMs, .autoCommit(i))
            }
        }
        if config.groupKind == .share { offer(nextLockExpiry(), .lockExpiry) }
        if config.retentionMs >= 0 || config.retentionBytes >= 0 { offer(nextRetentionCheck, .retention) }
        return best
    }

    mutating func handle(_ due: Due) {
        switch due {
        case .joinDeadline: joinDeadlinePassed()
        case .expire(let i): expire(i)
        case .heartbeat(let i): heartbeat(i)
        case .lockExpiry: expireLocks()
        case .work(let i): finishRecord(i)
        case .maxPoll(let i): maxPollExceeded(i)
        case .poll(let i): poll(i)
        case .autoCommit(let i):
            members[i].lastPoll = now
            commit(i, why: "auto-commit, every \(config.autoCommitIntervalMs) ms, inside poll()")
        case .retention: retentionCheck()
        }
    }

    // MARK: Shared helpers

    mutating func note(_ kind: KafkaEvent.Kind, _ sentence: String, _ step: String) {
        events.append(KafkaEvent(timeMs: now, sentence: sentence, step: step, kind: kind))
    }

    func live(_ name: String) -> Int? { members.lastIndex { $0.name == name && $0.alive } }

    func list(_ ps: [Int]) -> String { ps.isEmpty ? "none" : ps.map { "p\($0)" }.joined(separator: ",") }

    func hasUncommitted(_ i: Int) -> Bool {
        members[i].owned.contains { p in (members[i].positions[p] ?? 0) != (committed[p] ?? -1) && members[i].positions[p] != nil }
    }

    /// A partition stops being consumed (its owner revoked it, lost it or died).
    mutating func pause(_ p: Int) {
        if pausedSince[p] == nil { pausedSince[p] = now }
    }

    /// A partition has a consuming owner again: its pause goes on the timeline.
    mutating func resume(_ p: Int) {
        guard let since = pausedSince.removeValue(forKey: p) else { return }
        let d = now - since
        figures.longestPauseMs = max(figures.longestPauseMs, d)
        if let r = openRebalance ?? (rebalances.isEmpty ? nil : rebalances.count - 1) {
            rebalances[r].paused[p] = max(rebalances[r].paused[p] ?? 0, d)
        }
    }

    /// Where a member starts reading a partition it was given: the committed offset, or
    /// `auto.offset.reset` without one (or when retention deleted it).
    func startPosition(_ p: Int) -> Int64 {
        let log = partitions[p]
        if let c = committed[p], c >= log.logStartOffset { return c }
        return config.autoOffsetResetEarliest ? log.logStartOffset : log.logEndOffset
    }

    /// Members that own `p` (or, for a share group, any member) and sit idle poll now.
    mutating func wakeIdle(partition p: Int) {
        for i in members.indices where members[i].alive && members[i].inGroup && members[i].batch.isEmpty {
            if config.groupKind == .share || members[i].owned.contains(p) { members[i].wantsPoll = true }
        }
    }

    /// The coordinator drops a member (session timeout, LeaveGroup, max.poll.interval.ms).
    mutating func removeFromGroup(_ i: Int, reason: String) {
        members[i].inGroup = false
        switch config.groupKind {
        case .share:
            if !members.contains(where: \.inGroup) { state = .empty }
        case .consumer:
            switch config.groupProtocol {
            case .classic:
                if state == .preparingRebalance { checkJoinComplete() } else { beginRebalance(reason) }
            case .consumer:
                for p in members[i].owned { pause(p) }
                members[i].owned = []
                bumpEpoch(reason)
            }
        }
    }

    // MARK: Views

    /// Lag of a partition: log end offset minus the committed offset (from the log
    /// start when nothing is committed yet).
    public func lag(_ p: Int) -> Int64 {
        partitions[p].logEndOffset - max(committed[p] ?? partitions[p].logStartOffset, partitions[p].logStartOffset)
    }

    /// The member consuming a partition now, if any.
    public func owner(of p: Int) -> KafkaMember? {
        members.first { $0.alive && $0.owned.contains(p) }
    }

    /// How long the partition has gone without a consuming owner, if it has none now.
    public func pausedFor(_ p: Int) -> UInt64? { pausedSince[p].map { now - $0 } }

    /// The position (next offset to fetch) a member has in a partition it owns.
    public func position(of name: String, in p: Int) -> Int64? {
        members.last { $0.name == name }?.positions[p]
    }

    /// When the coordinator will expire a crashed member it still counts (nil otherwise).
    public func sessionExpiry(of name: String) -> UInt64? {
        guard let m = members.last(where: { $0.name == name }), m.inGroup, !m.alive else { return nil }
        return m.lastHeartbeat + config.sessionMs
    }

    /// How many times a record has been processed (0 if never).
    public func timesProcessed(_ r: RecordRef) -> Int { timesProcessed[r.partition][r.offset] ?? 0 }
}
