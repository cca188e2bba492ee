/// A value stored at a key. Streams are the point; the other types exist because
/// key-level stream semantics (WRONGTYPE, RENAME, type changes) need them.
public enum KeyValue {
    case stream(Stream)
    case string([UInt8])
    case list([[UInt8]])
    case set(OrderedByteSet)

    /// The name TYPE answers with.
    public var typeName: String {
        switch self {
        case .stream: return "stream"
        case .string: return "string"
        case .list: return "list"
        case .set: return "set"
        }
    }
}

/// A set of byte strings that remembers insertion order (so replies are deterministic).
public struct OrderedByteSet {
    public private(set) var members: [[UInt8]] = []
    private var index: Set<[UInt8]> = []
    public init() {}
    /// Adds a member; true if it was new.
    @discardableResult
    public mutating func insert(_ m: [UInt8]) -> Bool {
        guard index.insert(m).inserted else { return false }
        members.append(m)
        return true
    }
    public var count: Int { members.count }
}

/// Why a blocked reader is being woken.
public enum WakeReason: Equatable, Sendable {
    /// New entries (or a new stream) at the key.
    case dataAvailable
    /// The key was deleted, or now holds another type, or the database was flushed.
    case keyGone
    /// A group on the key was destroyed.
    case groupDestroyed
}

/// One numbered database: keys to values.
public final class Database {
    public internal(set) var values: [[UInt8]: KeyValue] = [:]
    public init() {}
    public var count: Int { values.count }
    public subscript(key: [UInt8]) -> KeyValue? { values[key] }
}

/// Numbered databases, the clock, the stream node limits and the hooks through which
/// blocked readers learn that a key changed. Pure: no I/O; callers decide how to wait.
public final class Keyspace {
    public let clock: any StreamClock
    public var config: StreamConfig
    /// Which Redis the commands answer as (`--redis-version`).
    public var dialect: RedisDialect = .redis7_0
    public private(set) var databases: [Database]
    /// Called with (db, key, reason) whenever a key's stream may now satisfy a blocked
    /// reader, or disappears from under it.
    public var onKeyEvent: ((Int, [UInt8], WakeReason) -> Void)?

    public init(databases: Int = 16, clock: any StreamClock = SystemClock(), config: StreamConfig = StreamConfig()) {
        self.clock = clock
        self.config = config
        self.databases = (0..<databases).map { _ in Database() }
    }

    /// The time every clock reading of the current command returns, so one command sees
    /// one instant (and a journal can replay it exactly); nil reads the clock.
    public var pinnedNow: UInt64?

    public var now: UInt64 { pinnedNow ?? clock.nowMilliseconds() }

    /// Counts commands that changed data, whoever ran them: a view can refresh when it moves.
    public var mutationCount: UInt64 = 0

    public func value(_ db: Int, _ key: [UInt8]) -> KeyValue? { databases[db].values[key] }

    /// The stream at `key`; `.wrongType` if another type is there.
    public func stream(_ db: Int, _ key: [UInt8]) throws(StreamError) -> Stream? {
        switch databases[db].values[key] {
        case nil: return nil
        case .stream(let s)?: return s
        default: throw .wrongType
        }
    }

    /// The stream at `key`, created empty when missing.
    public func streamCreatingIfNeeded(_ db: Int, _ key: [UInt8]) throws(StreamError) -> Stream {
        if let s = try stream(db, key) { return s }
        let s = Stream()
        // A new stream takes the keyspace's IDMP limits (CONFIG SET stream-idmp-*); at
        // Redis's defaults its memory is made on first use, as before.
        if config.idmpDuration != IdempotencyLog.defaultDuration || config.idmpMaxSize != IdempotencyLog.defaultMaxSize {
            s.idempotency.configure(durationSeconds: config.idmpDuration, maxSize: config.idmpMaxSize)
        }
        databases[db].values[key] = .stream(s)
        return s
    }

    /// Stores a value, replacing any; a replaced stream wakes its blocked readers.
    public func set(_ db: Int, _ key: [UInt8], _ value: KeyValue) {
        let old = databases[db].values.updateValue(value, forKey: key)
        if case .stream? = old {
            if case .stream = value { signal(db, key, .dataAvailable) } else { signal(db, key, .keyGone) }
        } else if case .stream = value {
            signal(db, key, .dataAvailable)
        }
    }

    /// Removes a key; true if it existed.
    @discardableResult
    public func delete(_ db: Int, _ key: [UInt8]) -> Bool {
        guard let old = databases[db].values.removeValue(forKey: key) else { return false }
        if case .stream = old { signal(db, key, .keyGone) }
        return true
    }

    /// RENAME: moves a value; the destination is replaced.
    public func rename(_ db: Int, from: [UInt8], to: [UInt8]) -> Bool {
        guard let v = databases[db].values[from] else { return false }
        if from == to { return true }
        delete(db, from)
        set(db, to, v)
        return true
    }

    public func flush(_ db: Int) {
        let streams = databases[db].values.compactMap { k, v -> [UInt8]? in
            if case .stream = v { return k } else { return nil }
        }
        databases[db].values.removeAll()
        for k in streams { signal(db, k, .keyGone) }
    }

    /// Installs databases loaded from an image; blocked readers are not signalled (a
    /// store is loaded before anyone connects).
    func replaceDatabases(_ dbs: [Database]) {
        databases = dbs
    }

    public func flushAll() {
        for db in databases.indices { flush(db) }
    }

    /// Tells blocked readers of `key` that it changed.
    public func signal(_ db: Int, _ key: [UInt8], _ reason: WakeReason) {
        onKeyEvent?(db, key, reason)
    }
}
