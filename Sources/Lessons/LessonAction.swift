import StreamEngine

/// What an event did, as data rather than words: the same workload for views that draw
/// it (the tape's animation) or tell it another way (a Kafka view beside the Redis one).
/// Scripted commands, narration, chapters, questions and the journal are `.other`.
public enum LessonAction: Sendable, Equatable {
    case other
    case produced(producer: String, stream: String, id: StreamID)
    /// Several arrivals of one producer at the same millisecond, in order.
    case producedMany(producer: String, stream: String, ids: [StreamID])
    case joined(consumer: String, group: String)
    /// XREADGROUP; `redelivered` when it re-read its own pending entries after a restart.
    case took(consumer: String, group: String, ids: [StreamID], redelivered: Bool)
    /// One message handled; `acknowledged` when XACK went with it (`ack: each`).
    case processed(consumer: String, group: String, id: StreamID, duplicate: Bool, acknowledged: Bool)
    /// Several messages one consumer handled at the same millisecond, acknowledged with
    /// one XACK; `duplicates` of them it had processed before (at-least-once delivery).
    case processedMany(consumer: String, group: String, ids: [StreamID], duplicates: Int)
    case failed(consumer: String, group: String, id: StreamID)
    /// A batch's XACK (`ack: batch`).
    case acknowledged(consumer: String, group: String, ids: [StreamID])
    case crashed(consumer: String, holding: Int)
    case restarted(consumer: String)
    /// XAUTOCLAIM or XCLAIM.
    case claimed(consumer: String, group: String, ids: [StreamID])
    case deadLettered(consumer: String, group: String, id: StreamID, deliveries: UInt64)
    case trimmed(stream: String, removed: Int)
    /// A plain XREAD reader.
    case read(reader: String, stream: String, ids: [StreamID])
    /// The Kafka side's topic gains partitions (no Redis command: a script step).
    case partitionsAdded(count: Int)
}
