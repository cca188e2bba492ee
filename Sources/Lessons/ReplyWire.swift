import RESP

/// An event's replies as kept: several scalar replies (a fast producer's XADD IDs) as
/// one RESP2 buffer, which reads back exactly (bulk and simple strings, errors,
/// integers, both nulls); anything else, or a single reply, as the values themselves.
/// Read back only when an event is shown or written out.
enum ReplyWire: Sendable {
    case values([RESPValue])
    case wire([UInt8], count: Int)

    init(_ replies: [RESPValue]) {
        guard replies.count > 1, replies.allSatisfy(Self.isScalar) else {
            self = .values(replies)
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(replies.count * 24)
        for r in replies { RESPEncoder.encode(r, protocolVersion: 2, into: &bytes) }
        self = .wire(bytes, count: replies.count)
    }

    private static func isScalar(_ v: RESPValue) -> Bool {
        switch v {
        case .bulkString, .simpleString, .error, .integer, .nullBulk, .nullArray: return true
        default: return false
        }
    }

    /// The replies, in order. O(bytes)
    var values: [RESPValue] {
        switch self {
        case .values(let v): return v
        case .wire(let bytes, let count):
            var parser = RESPReplyParser()
            parser.append(bytes)
            var out: [RESPValue] = []
            out.reserveCapacity(count)
            while out.count < count, let v = try? parser.next() { out.append(v) }
            return out
        }
    }

    var count: Int {
        switch self {
        case .values(let v): return v.count
        case .wire(_, let count): return count
        }
    }
}
