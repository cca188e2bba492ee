import StreamEngine

/// Everything that changes while a lesson runs, as one value: copying it (with a
/// keyspace capture) is a snapshot the runner can return to. No reference types inside.
struct SimState: Sendable {
    struct ProducerState: Sendable {
        /// Entries produced on schedule (sets the next time).
        var scheduled = 0
        /// Entries produced in all, bursts included (the `{n}` counter).
        var counter = 0
    }

    struct ConsumerState: Sendable {
        var name: String
        var group: Int
        /// Index of the consumer in the file this one follows (itself, or the copied one).
        var template: Int
        var startAt: UInt64?
        var crashAt: UInt64?
        var restartAt: UInt64?
        var present = false
        var crashed = false
        /// Entries taken and not yet finished, in order; the first is being worked on.
        var held: [StreamID] = []
        var busyUntil: UInt64 = 0
        /// Processed and waiting for the batch's XACK (`ack: batch`).
        var done: [StreamID] = []
        /// Messages handled, for `failEvery`.
        var handled = 0
        /// Reading its own pending entries after a restart, from this ID.
        var recoverFrom: StreamID?
        var idleSince: UInt64 = 0
        /// When it last read new entries (for `pollMs`).
        var lastReadAt: UInt64 = 0
    }

    struct ReaderState: Sendable {
        var lastID: StreamID?
        var nextAt: UInt64
    }

    struct TimerState: Sendable {
        var nextAt: UInt64?
        var cursor = StreamID.zero
    }

    /// The simulated append-only journal (a model: nothing is written to disk).
    struct JournalState: Sendable {
        var policy: String
        var written = 0
        var writtenBytes = 0
        var synced = 0
        var syncedBytes = 0
        var lastSyncMs: UInt64 = 0
        var nextSyncMs: UInt64 = 0
    }

    enum Action: Sendable {
        case setUpGroup(Int)
        case produce(Int)
        case crash(Int)
        case addConsumer(name: String, template: Int)
        case deadLetter(consumer: Int, id: StreamID)
        /// Commands the user ran by hand (the explorer opened on the lesson), in one
        /// event; `atomic` when they ran with nothing in between.
        case manual([[[UInt8]]], atomic: Bool)
    }

    var random: LessonRandom
    /// Simulated milliseconds since the lesson's start.
    var now: UInt64 = 0
    var chapter = 0
    var eventCount = 0
    var eventsInChapter = 0
    var begun = false
    var finished = false
    /// Actions to run now, before anything scheduled.
    var queue: [Action] = []
    var producers: [ProducerState]
    var consumers: [ConsumerState]
    var readers: [ReaderState]
    var claims: [TimerState]
    var trims: [TimerState]
    var nextStep = 0
    var nextTimedQuestion = 0
    /// Checkpoints whose named step has run, to ask now.
    var dueQuestions: [Int] = []
    /// The checkpoint the run waits on.
    var halted: Int?
    var journal: JournalState?
    /// Per group: entries some consumer finished (to tell duplicates).
    var processed: [Set<StreamID>]
    /// Per stream: entries that always fail (`poisonEvery`).
    var poison: [Set<StreamID>]
    /// Per stream: the first ID it ever held (the tape marks what was trimmed before).
    var firstIDs: [StreamID?]
    /// Dead-lettered entries in all.
    var deadLettered = 0
}
