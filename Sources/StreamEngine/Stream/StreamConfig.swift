/// Node limits, shared by every stream of a keyspace and changeable at run time
/// (`CONFIG SET stream-node-max-entries`, `stream-node-max-bytes`), and the IDMP limits
/// a new stream starts with (Redis 8.6's `stream-idmp-duration`, `stream-idmp-maxsize`).
public struct StreamConfig: Sendable, Equatable {
    /// At most this many records (live or deleted) per node; 0 means no limit.
    public var nodeMaxEntries: Int = 100
    /// A node is closed when its listpack size plus a new entry's field and value bytes
    /// would reach this; 0 means Redis's hard limit of 1 GiB.
    public var nodeMaxBytes: Int = 4096
    /// IDMP-DURATION (seconds) of a stream made from now on.
    public var idmpDuration: Int = IdempotencyLog.defaultDuration
    /// IDMP-MAXSIZE of a stream made from now on.
    public var idmpMaxSize: Int = IdempotencyLog.defaultMaxSize

    public init(nodeMaxEntries: Int = 100, nodeMaxBytes: Int = 4096) {
        self.nodeMaxEntries = nodeMaxEntries
        self.nodeMaxBytes = nodeMaxBytes
    }

    /// Redis's `STREAM_LISTPACK_MAX_SIZE`.
    public static let listpackMaxSize = 1 << 30
}

/// One entry as read out of a stream: its ID and field/value pairs, flattened.
public struct StreamEntry: Equatable, Sendable {
    public var id: StreamID
    /// `field, value, field, value, ...`
    public var pairs: [[UInt8]]

    public init(id: StreamID, pairs: [[UInt8]]) {
        self.id = id
        self.pairs = pairs
    }
}
