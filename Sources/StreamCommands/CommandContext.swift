import RESP
import StreamEngine

/// A reply-ready failure: the handler stops and the client gets `-message`.
public struct ReplyError: Error {
    public let message: String
    public init(_ message: String) { self.message = message }

    static let syntax = ReplyError("ERR syntax error")
    static let notInteger = ReplyError("ERR value is not an integer or out of range")
    static let invalidStreamID = ReplyError("ERR Invalid stream ID specified as stream command argument")
}

/// What a handler sees: the arguments, the keyspace, the link to a durable store and
/// the caller's session.
public struct CommandContext {
    public let args: [[UInt8]]
    public let keyspace: Keyspace
    public let durability: Durability
    public var session: CommandSession

    var db: Int { session.db }
    var now: UInt64 { keyspace.now }
    /// Which Redis to answer as.
    var dialect: RedisDialect { keyspace.dialect }
    var resp3: Bool { session.protocolVersion >= 3 }

    /// The argument at `i`, lowercased, as text (for keyword matching).
    func keyword(_ i: Int) -> String {
        String(decoding: args[i], as: UTF8.self).lowercased()
    }

    /// Whether argument `i` equals `word` ignoring ASCII case (`strcasecmp`).
    func isKeyword(_ i: Int, _ word: String) -> Bool {
        let a = args[i]
        guard a.count == word.utf8.count else { return false }
        for (x, y) in zip(a, word.utf8) where Self.lower(x) != Self.lower(y) { return false }
        return true
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    /// Redis's `getLongLongFromObjectOrReply`.
    func integer(_ i: Int, error: String? = nil) throws(ReplyError) -> Int64 {
        guard let v = StreamIDParser.parseStrictInt64(args[i]) else {
            throw error.map { ReplyError($0) } ?? .notInteger
        }
        return v
    }

    /// A stream ID argument (`streamParseIDOrReply` / `streamParseStrictIDOrReply`).
    func streamID(_ i: Int, missingSeq: UInt64 = 0, strict: Bool = true) throws(ReplyError) -> StreamID {
        guard let id = StreamIDParser.parseID(args[i], missingSeq: missingSeq, strict: strict) else {
            throw .invalidStreamID
        }
        return id
    }

    /// An interval bound, possibly exclusive with `(` (`streamParseIntervalIDOrReply`).
    func intervalID(_ i: Int, missingSeq: UInt64) throws(ReplyError) -> (StreamID, exclusive: Bool) {
        let a = args[i]
        if a.count > 1 && a[0] == UInt8(ascii: "(") {
            guard let id = StreamIDParser.parseID(Array(a.dropFirst()), missingSeq: missingSeq, strict: true) else {
                throw .invalidStreamID
            }
            return (id, true)
        }
        return (try streamID(i, missingSeq: missingSeq, strict: false), false)
    }

    /// The stream at a key argument; WRONGTYPE if another type.
    func stream(_ i: Int) throws(ReplyError) -> Stream? {
        do { return try keyspace.stream(db, args[i]) } catch { throw ReplyError(error.message) }
    }
}

extension RESPValue {
    /// A stream ID as a bulk string.
    static func id(_ id: StreamID) -> RESPValue { .bulkString(id.bytes) }

    /// An entry as Redis replies with it: `[id, [field, value, ...]]`.
    static func entry(_ e: StreamEntry) -> RESPValue {
        .array([.id(e.id), .array(e.pairs.map { .bulkString($0) })])
    }

    /// A list of entries.
    static func entries(_ es: [StreamEntry]) -> RESPValue { .array(es.map(entry)) }

    /// A map in RESP3, a flat array in RESP2 (the encoder folds it).
    static func fields(_ pairs: [(String, RESPValue)]) -> RESPValue {
        .map(pairs.map { (.bulk($0.0), $0.1) })
    }
}
