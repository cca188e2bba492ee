/// The settings the model follows. Every default is the documented default of the
/// Kafka version named in `version` (consumer configs, broker/group configs and topic
/// configs of that version's documentation); a lesson file may set any of them.
public struct KafkaConfig: Sendable, Equatable {
    /// The Kafka version whose documentation the defaults and behaviour come from.
    public static let version = "4.4"

    /// Which protocol the consumer group speaks.
    public enum GroupProtocol: String, Sendable, CaseIterable {
        /// The classic protocol: JoinGroup/SyncGroup rounds, the assignor runs in the
        /// group leader (`group.protocol=classic`, still the consumer's default).
        case classic
        /// KIP-848 (`group.protocol=consumer`): the broker computes a target assignment
        /// and each member reconciles towards it through its heartbeats; no global barrier.
        case consumer
    }

    /// What kind of group reads the topic.
    public enum GroupKind: String, Sendable, CaseIterable {
        /// A consumer group: each partition to one member, positions as committed offsets.
        case consumer
        /// A share group (KIP-932): records handed out one by one under a lock.
        case share
    }

    /// When a classic or KIP-848 consumer commits.
    public enum CommitMode: String, Sendable, CaseIterable {
        /// `enable.auto.commit=true` (the default): inside poll(), every `auto.commit.interval.ms`,
        /// and before partitions are revoked.
        case auto
        /// `enable.auto.commit=false` and `commitSync()` after each batch is processed.
        case afterProcessing = "after-processing"
    }

    public var partitions = 3
    public var groupKind = GroupKind.consumer
    public var groupProtocol = GroupProtocol.classic
    /// `partition.assignment.strategy`: the classic protocol's default list is
    /// [RangeAssignor, CooperativeStickyAssignor], and the first is used.
    public var assignor = KafkaAssignor.range
    /// `session.timeout.ms` (classic).
    public var sessionTimeoutMs: UInt64 = 45_000
    /// `heartbeat.interval.ms` (classic).
    public var heartbeatIntervalMs: UInt64 = 3_000
    /// `max.poll.interval.ms`; also the classic rebalance timeout.
    public var maxPollIntervalMs: UInt64 = 300_000
    /// `max.poll.records`.
    public var maxPollRecords = 500
    public var commit = CommitMode.auto
    /// `auto.commit.interval.ms`.
    public var autoCommitIntervalMs: UInt64 = 5_000
    /// `auto.offset.reset`: `latest` (the default) or `earliest`.
    public var autoOffsetResetEarliest = false
    /// `group.initial.rebalance.delay.ms` (broker): how long a new, empty classic group
    /// waits for more members before its first rebalance.
    public var initialRebalanceDelayMs: UInt64 = 3_000
    /// `consumer.heartbeat.interval.ms` (group config, KIP-848).
    public var consumerHeartbeatIntervalMs: UInt64 = 5_000
    /// `consumer.session.timeout.ms` (group config, KIP-848).
    public var consumerSessionTimeoutMs: UInt64 = 45_000
    /// `share.record.lock.duration.ms` (group config; broker `group.share.record.lock.duration.ms`).
    public var recordLockDurationMs: UInt64 = 30_000
    /// `share.delivery.count.limit` (group config; broker `group.share.delivery.count.limit`).
    public var deliveryCountLimit = 5
    /// `errors.deadletterqueue.topic.name` of a share group: empty (the default) means none,
    /// and a record past the delivery limit is only archived.
    public var deadLetterTopic = ""
    /// `share.heartbeat.interval.ms` (group config).
    public var shareHeartbeatIntervalMs: UInt64 = 5_000
    /// `share.session.timeout.ms` (group config).
    public var shareSessionTimeoutMs: UInt64 = 45_000
    /// `retention.ms` (topic; broker `log.retention.hours` = 168).
    public var retentionMs: Int64 = 604_800_000
    /// `retention.bytes` (topic): -1, no limit.
    public var retentionBytes: Int64 = -1
    /// `segment.bytes` (topic): 1 GiB.
    public var segmentBytes: Int64 = 1_073_741_824
    /// `segment.ms` (topic): 7 days.
    public var segmentMs: UInt64 = 604_800_000
    /// `log.retention.check.interval.ms` (broker): 5 minutes.
    public var retentionCheckIntervalMs: UInt64 = 300_000

    public init() {}

    /// The heartbeat interval and session timeout the group's protocol uses.
    var heartbeatMs: UInt64 {
        switch (groupKind, groupProtocol) {
        case (.share, _): shareHeartbeatIntervalMs
        case (.consumer, .classic): heartbeatIntervalMs
        case (.consumer, .consumer): consumerHeartbeatIntervalMs
        }
    }

    var sessionMs: UInt64 {
        switch (groupKind, groupProtocol) {
        case (.share, _): shareSessionTimeoutMs
        case (.consumer, .classic): sessionTimeoutMs
        case (.consumer, .consumer): consumerSessionTimeoutMs
        }
    }
}
