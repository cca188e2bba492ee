/// One thing that happened on the Kafka side, told as a sentence with the client call
/// or protocol step behind it (`JoinGroup`, `SyncGroup`, `OffsetCommit`, `poll()`).
public struct KafkaEvent: Sendable, Equatable {
    public var timeMs: UInt64
    public var sentence: String
    /// The request or call behind it, Kafka's name first: `SyncGroup(generation 3)`.
    public var step: String
    public var kind: Kind

    public enum Kind: String, Sendable, Equatable {
        case produce, poll, process, commit, membership, rebalance, share, retention
    }
}

/// One rebalance on the timeline: when it began and ended, why, and how long each
/// partition went without a consuming owner because of it.
public struct KafkaRebalance: Sendable, Equatable {
    public var generation: Int
    public var reason: String
    public var startedMs: UInt64
    /// When the last assignment of it reached its member (nil while it runs).
    public var endedMs: UInt64?
    /// Partition → how long it went without a consuming owner (ms).
    public var paused: [Int: UInt64] = [:]
    /// Partitions that changed owner.
    public var moved: [Int] = []
}

/// The figures a lesson compares: what a rebalance, a crash or retention cost.
public struct KafkaFigures: Sendable, Equatable {
    /// Records processed, counting every time.
    public var processed = 0
    /// Processings of a record that had been processed before (after a crash or a move).
    public var duplicates = 0
    /// Records handed out again (share group: after a lock expired or a release).
    public var redelivered = 0
    /// Records archived after the delivery limit (share group).
    public var archived = 0
    /// Records sent to the dead-letter topic (share group with one named).
    public var deadLettered = 0
    /// Records deleted by retention before the group had read them.
    public var lostToRetention = 0
    /// Records deleted by retention in all.
    public var deletedByRetention = 0
    /// The longest a record waited between its append and its first delivery.
    public var longestWaitMs: UInt64 = 0
    /// The longest a partition went without a consuming owner.
    public var longestPauseMs: UInt64 = 0
}
