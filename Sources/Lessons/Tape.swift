import StreamEngine

/// What the lesson screen draws: the newest entries of the main stream as a row of
/// cells with each group's view of them, and the consumers as boxes.
public struct Tape: Sendable {
    public struct Cell: Sendable {
        public var id: StreamID
        public var state: CellState
    }

    public enum CellState: Sendable, Equatable {
        case undelivered
        case pending(owner: String, deliveries: UInt64)
        case acknowledged
        case deleted
    }

    public struct GroupLine: Sendable {
        public var group: String
        public var cells: [Cell]
        /// The group's last-delivered ID.
        public var cursor: StreamID
        public var entriesRead: Int64?
        public var lag: Int64?
        public var pending: Int
    }

    public struct ConsumerBox: Sendable {
        public var group: String
        public var name: String
        public var holding: Int
        public var oldestIdleMs: UInt64?
        public var crashed: Bool
    }

    /// The simulated journal of a durability lesson.
    public struct JournalLine: Sendable, Equatable {
        public var policy: String
        public var written: Int
        public var synced: Int
        public var lastSyncMs: UInt64
    }

    public var stream: String
    public var length: Int
    /// Entries below this were trimmed.
    public var trimmedBefore: StreamID?
    public var groups: [GroupLine]
    public var consumers: [ConsumerBox]
    /// Independent XREAD readers (lesson 1), with the last ID each has read.
    public var plainReaders: [(name: String, lastID: StreamID)]
    /// The lesson's journal, if it has one.
    public var journal: JournalLine?
}
