/// A record of one partition, by offset.
public struct RecordRef: Hashable, Sendable {
    public var partition: Int
    public var offset: Int64
}

/// A group member as the model sees it: the client (its poll loop, its positions, the
/// batch it is working through) and the coordinator's view of it (in the group or not,
/// its last heartbeat).
public struct KafkaMember: Sendable, Equatable {
    /// The consumer's name in the lesson.
    public var name: String
    /// The member ID assignors sort by: the name, with `~2`, `~3`... for a restart.
    public var memberID: String
    /// The process is running.
    public internal(set) var alive = true
    /// The coordinator counts it as a member.
    public internal(set) var inGroup = false
    /// Partitions it fetches and processes now, in order.
    public internal(set) var owned: [Int] = []
    /// Partitions it has been told to give up and will at its next poll().
    public internal(set) var pendingRevoke: [Int] = []
    /// Records taken by the last poll() and not yet processed; the first is in hand.
    public internal(set) var batch: [RecordRef] = []
    /// Share group: records it holds under an acquisition lock.
    public var acquiredCount: Int { batch.count }
    public internal(set) var processingMs: UInt64
    public internal(set) var maxPollRecords: Int
    /// Every n-th record it handles fails (share group: it releases it).
    public internal(set) var failEvery: Int?
    /// The last generation (classic) or member epoch (KIP-848) it took part in.
    public internal(set) var generation = 0

    var handled = 0
    var batchAccepted = 0
    var positions: [Int: Int64] = [:]
    var busyUntil: UInt64 = 0
    var wantsPoll = false
    var joinedRound = -1
    var needsRejoin = false
    /// Classic: what the last SyncGroup gave it (the sticky assignors' user data).
    var lastAssigned: [Int] = []
    /// KIP-848: the partitions the coordinator's target gives it.
    var target: [Int] = []
    var nextHeartbeat: UInt64 = 0
    var lastHeartbeat: UInt64 = 0
    var lastPoll: UInt64 = 0
    var lastCommit: UInt64 = 0

    init(name: String, memberID: String, processingMs: UInt64, maxPollRecords: Int, failEvery: Int?) {
        self.name = name
        self.memberID = memberID
        self.processingMs = processingMs
        self.maxPollRecords = maxPollRecords
        self.failEvery = failEvery
    }
}

/// The group's state as Kafka names it: the classic protocol's
/// Empty → PreparingRebalance → CompletingRebalance → Stable, and KIP-848's
/// Empty / Assigning / Reconciling / Stable (share groups: Empty / Stable).
public enum KafkaGroupState: String, Sendable, Equatable {
    case empty = "Empty"
    case preparingRebalance = "PreparingRebalance"
    case completingRebalance = "CompletingRebalance"
    case stable = "Stable"
    case assigning = "Assigning"
    case reconciling = "Reconciling"
}
