/// A lesson file as written (YAML, decoded with Codable). Times are milliseconds of
/// simulated time since the lesson's start; counts and rates are plain numbers. The
/// README ("Teaching mode: lessons") documents every field; `LessonValidator` checks
/// what Codable cannot (references between sections, ranges, orderings).
struct LessonSpec: Codable, Sendable {
    var number: Int
    var name: String
    var title: String
    var summary: String
    /// The seed used when the runner is given none.
    var seed: UInt64?
    /// Wall-clock milliseconds at the lesson's start: the IDs' time part begins here.
    var startTime: UInt64?
    /// For a live run (the explorer's demo): the lesson time that is "now" when it
    /// opens on a fresh store; everything before plays at once, as history.
    var liveFromMs: Int?
    /// The stream the tape shows (default: the first).
    var mainStream: String?
    var streams: [StreamSpec]
    var producers: [ProducerSpec]?
    var groups: [GroupSpec]?
    var consumers: [ConsumerSpec]?
    var readers: [ReaderSpec]?
    var claims: [ClaimSpec]?
    var deadLetters: [DeadLetterSpec]?
    var trims: [TrimSpec]?
    var journal: JournalSpec?
    /// The Kafka side of the lesson (the lens): the same producers into a topic, the
    /// main group's consumers as a Kafka group.
    var kafka: KafkaSpec?
    var chapters: [ChapterSpec]
}

struct StreamSpec: Codable, Sendable {
    var key: String
}

struct ProducerSpec: Codable, Sendable {
    var name: String
    var stream: String
    /// Entries per simulated second, evenly spaced.
    var ratePerSecond: Double
    /// `name=template`; a template holds text, `{n}` (the producer's count, from 1),
    /// `{a|b|c}` (one of them at random) and `{10..99}` (a random integer).
    var fields: [String]
    /// The field whose value names an entry in sentences ("order o-17").
    var key: String?
    var startMs: Int?
    var stopMs: Int?
    /// XADD with `MAXLEN n` (exact).
    var maxlen: Int?
    /// Every n-th entry is poison: every consumer fails on it, every time.
    var poisonEvery: Int?
}

struct GroupSpec: Codable, Sendable {
    var name: String
    var stream: String
    /// `$` (only new entries, the default) or an ID such as `0`.
    var start: String?
}

struct ProcessingSpec: Codable, Sendable {
    var fixedMs: Int?
    var minMs: Int?
    var maxMs: Int?
}

struct ConsumerSpec: Codable, Sendable {
    var name: String
    var group: String
    /// COUNT of each XREADGROUP.
    var batch: Int
    var processing: ProcessingSpec
    /// `each` (XACK per entry, the default) or `batch` (one XACK after the whole batch).
    var ack: String?
    var startMs: Int?
    var crashMs: Int?
    var restartMs: Int?
    /// Every n-th message this consumer handles fails (not acknowledged).
    var failEvery: Int?
    /// After a restart, read its own pending entries first (`XREADGROUP ... 0`); default true.
    var recoverOnRestart: Bool?
    /// Waits this long after its last read before reading again (entries pile up into
    /// batches); without it an idle consumer reads as soon as an entry arrives (BLOCK).
    var pollMs: Int?
}

struct ReaderSpec: Codable, Sendable {
    var name: String
    var stream: String
    /// `0` (from the start) or `$` (only what arrives after the reader starts).
    var from: String?
    var everyMs: Int
    var count: Int
    var startMs: Int?
}

struct ClaimSpec: Codable, Sendable {
    /// A consumer of the group that takes over what others left idle.
    var consumer: String
    var minIdleMs: Int
    var everyMs: Int
    var count: Int?
    var startMs: Int?
}

struct DeadLetterSpec: Codable, Sendable {
    var group: String
    /// An entry delivered this many times or more goes to `<stream>:dead`.
    var maxDeliveries: Int
    /// The consumers start doing so at this time (default 0).
    var startMs: Int?
}

struct TrimSpec: Codable, Sendable {
    var stream: String
    var maxlen: Int?
    /// MINID at (now − this age).
    var minIdAgeMs: Int?
    var atMs: Int?
    var everyMs: Int?
    var approximate: Bool?
}

/// A simulated append-only journal (no file is written): which fsync policy it follows.
struct JournalSpec: Codable, Sendable {
    /// `always`, `everysec` or `no`.
    var fsync: String
    /// Under `no`, how often the operating system writes dirty pages out (default 30000).
    var osFlushMs: Int?
}

struct ChapterSpec: Codable, Sendable {
    var title: String
    var intro: [String]
    /// The chapter ends at this lesson time...
    var untilMs: Int?
    /// ...or after this many events of its own.
    var events: Int?
    var script: [ScriptStep]?
    var checkpoints: [CheckpointSpec]?
}

/// One explicit action at a time. Exactly one of the action fields is set.
struct ScriptStep: Codable, Sendable {
    var atMs: Int
    /// A name checkpoints can follow (`after: NAME`).
    var name: String?
    var say: String?
    /// A Redis command run as is; `{t:MS}` becomes the ID time of lesson time MS,
    /// `{now}` the current one.
    var command: [String]?
    /// The sentence narrating `command`.
    var sentence: String?
    var crash: String?
    var restart: String?
    var burst: Int?
    var addConsumer: String?
    /// XCLAIM of `from`'s oldest `count` pending entries by `consumer`.
    var xclaim: XClaimStep?
    var fsync: String?
    /// A group whose position to report: XINFO GROUPS, told as lag in entries and time.
    var report: String?
    /// `process` or `machine`: what crashes under the journal.
    var serverCrash: String?
    /// Kafka side only: the topic gains this many partitions.
    var kafkaPartitions: Int?
}

struct XClaimStep: Codable, Sendable {
    var consumer: String
    var from: String
    var count: Int
    var minIdleMs: Int?
}

struct CheckpointSpec: Codable, Sendable {
    var atMs: Int?
    var after: String?
    var question: String
    var answers: [String]
    /// Which answer is right, counting from 1 as a reader does.
    var correct: Int
    var explanation: String
}

/// The Kafka side of a lesson. Every field is optional; what is left out takes the
/// documented default of the Kafka version the model follows (`KafkaConfig`).
struct KafkaSpec: Codable, Sendable {
    init() {}

    var partitions: Int?
    /// The entry field whose value is the record key (default: the producer's `key`);
    /// `none` sends records without a key.
    var keyField: String?
    /// `consumer` (default) or `share`.
    var group: String?
    /// `classic` (default) or `consumer` (KIP-848).
    var `protocol`: String?
    /// `range` (default), `roundrobin`, `sticky` or `cooperative-sticky`.
    var assignor: String?
    /// `auto` (default) or `after-processing`.
    var commit: String?
    /// `latest` (default) or `earliest`.
    var autoOffsetReset: String?
    var sessionTimeoutMs: Int?
    var heartbeatIntervalMs: Int?
    var maxPollIntervalMs: Int?
    var maxPollRecords: Int?
    var autoCommitIntervalMs: Int?
    var initialRebalanceDelayMs: Int?
    var consumerHeartbeatIntervalMs: Int?
    var consumerSessionTimeoutMs: Int?
    var recordLockDurationMs: Int?
    var deliveryCountLimit: Int?
    var deadLetterTopic: String?
    var retentionMs: Int?
    var retentionBytes: Int?
    var segmentBytes: Int?
    var segmentMs: Int?
    var retentionCheckIntervalMs: Int?
}
