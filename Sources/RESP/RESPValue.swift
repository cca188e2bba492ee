/// One value of the Redis serialization protocol, in the union of RESP2 and RESP3.
///
/// Replies are built once as `RESPValue` and encoded for the connection's protocol
/// version: RESP3-only shapes (maps, sets, doubles, booleans, the single null) fold
/// into their RESP2 equivalents exactly as Redis 7.0 folds them.
public enum RESPValue: Hashable, Sendable {
    /// `+OK`: a status line. Must not contain CR or LF.
    case simpleString(String)
    /// `-ERR ...`: the whole error line, including its code (`ERR`, `WRONGTYPE`, ...).
    case error(String)
    /// `:42`
    case integer(Int64)
    /// `$3\r\nfoo`: binary-safe bytes.
    case bulkString([UInt8])
    /// `*2\r\n...`
    case array([RESPValue])
    /// RESP2 `$-1`; RESP3 `_`. Redis's "null bulk": a missing string.
    case nullBulk
    /// RESP2 `*-1`; RESP3 `_`. Redis's "null array": e.g. a timed-out blocking read.
    case nullArray
    /// RESP3 `%`; RESP2 a flat array of key, value, key, value.
    case map([(RESPValue, RESPValue)])
    /// RESP3 `~`; RESP2 an array.
    case set([RESPValue])
    /// RESP3 `,`; RESP2 a bulk string of the same text.
    case double(Double)
    /// RESP3 `#t`/`#f`; RESP2 the integers 1 and 0.
    case boolean(Bool)
    /// RESP3 `=`: verbatim text with a three-letter format (`txt`, `mkd`); RESP2 a bulk string.
    case verbatim(format: String, text: [UInt8])
    /// RESP3 `(`: an integer beyond 64 bits, as its decimal digits; RESP2 a bulk string.
    case bigNumber(String)
    /// RESP3 `>`: an out-of-band push; RESP2 an array.
    case push([RESPValue])
    /// A value already in wire form, written out as is. Only for shapes that read the
    /// same in RESP2 and RESP3 (arrays of bulk strings, such as stream entries); the
    /// server asks for it to skip building a tree for large replies. `decoded` gives
    /// the tree back.
    case encoded([UInt8])

    /// The value with every `.encoded` part parsed back into a tree; nil if such bytes
    /// do not hold exactly one value. O(size of the value).
    public var decoded: RESPValue? {
        switch self {
        case .encoded(let bytes):
            var parser = RESPReplyParser()
            parser.append(bytes)
            guard let value = try? parser.next(), parser.bufferedByteCount == 0 else { return nil }
            return value
        case .array(let items): return Self.decodedAll(items).map(RESPValue.array)
        case .set(let items): return Self.decodedAll(items).map(RESPValue.set)
        case .push(let items): return Self.decodedAll(items).map(RESPValue.push)
        case .map(let pairs):
            var out: [(RESPValue, RESPValue)] = []
            for (k, v) in pairs {
                guard let k = k.decoded, let v = v.decoded else { return nil }
                out.append((k, v))
            }
            return .map(out)
        default: return self
        }
    }

    private static func decodedAll(_ items: [RESPValue]) -> [RESPValue]? {
        var out: [RESPValue] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let d = item.decoded else { return nil }
            out.append(d)
        }
        return out
    }

    /// A bulk string from UTF-8 text.
    @inlinable
    public static func bulk(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }

    /// `+OK`
    public static let ok = RESPValue.simpleString("OK")
}

// MARK: - Hashable

extension RESPValue {
    public static func == (lhs: RESPValue, rhs: RESPValue) -> Bool {
        switch (lhs, rhs) {
        case let (.simpleString(a), .simpleString(b)): return a == b
        case let (.error(a), .error(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.bulkString(a), .bulkString(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case (.nullBulk, .nullBulk), (.nullArray, .nullArray): return true
        case let (.map(a), .map(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.set(a), .set(b)): return a == b
        case let (.double(a), .double(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.boolean(a), .boolean(b)): return a == b
        case let (.verbatim(f1, t1), .verbatim(f2, t2)): return f1 == f2 && t1 == t2
        case let (.bigNumber(a), .bigNumber(b)): return a == b
        case let (.push(a), .push(b)): return a == b
        case let (.encoded(a), .encoded(b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .simpleString(let s): hasher.combine(0); hasher.combine(s)
        case .error(let s): hasher.combine(1); hasher.combine(s)
        case .integer(let i): hasher.combine(2); hasher.combine(i)
        case .bulkString(let b): hasher.combine(3); hasher.combine(b)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .nullBulk: hasher.combine(5)
        case .nullArray: hasher.combine(6)
        case .map(let m):
            hasher.combine(7)
            for (k, v) in m { hasher.combine(k); hasher.combine(v) }
        case .set(let s): hasher.combine(8); hasher.combine(s)
        case .double(let d): hasher.combine(9); hasher.combine(d.isNaN ? .nan : d)
        case .boolean(let b): hasher.combine(10); hasher.combine(b)
        case .verbatim(let f, let t): hasher.combine(11); hasher.combine(f); hasher.combine(t)
        case .bigNumber(let s): hasher.combine(12); hasher.combine(s)
        case .push(let p): hasher.combine(13); hasher.combine(p)
        case .encoded(let b): hasher.combine(14); hasher.combine(b)
        }
    }
}
