import RESP
import StreamEngine

/// Stream entries written straight from the packed nodes into RESP bytes, for sessions
/// that take `.encoded` replies (the server's connections): no per-entry arrays and no
/// `RESPValue` tree. The bytes equal what encoding the tree would give, in RESP2 and RESP3
/// alike (an entry list holds only arrays and bulk strings).
struct EncodedEntries {
    private var body: [UInt8] = []
    private(set) var count = 0

    init(expected: Int) {
        body.reserveCapacity(Swift.min(Swift.max(expected, 1), 1024) * 48)
    }

    /// Appends `[id, [field, value, ...]]`. O(size of the entry).
    mutating func append(_ id: StreamID, _ view: EntryView) {
        var pairs = 0
        view.forEachPair { _, _ in pairs += 1 }
        RESPEncoder.appendHeader(UInt8(ascii: "*"), 2, into: &body)
        RESPEncoder.appendBulk(id.bytes, into: &body)
        RESPEncoder.appendHeader(UInt8(ascii: "*"), pairs * 2, into: &body)
        view.forEachPair { field, value in
            RESPEncoder.appendBulk(field, into: &body)
            RESPEncoder.appendBulk(value, into: &body)
        }
        count += 1
    }

    /// The list as one value: `*<count>` and the entries. O(bytes).
    func reply() -> RESPValue {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 12)
        RESPEncoder.appendHeader(UInt8(ascii: "*"), count, into: &out)
        out.append(contentsOf: body)
        return .encoded(out)
    }
}

extension CommandContext {
    /// Live entries of `stream` in `start...end` (descending when `reverse`), at most
    /// `count` (0: all), as a reply: encoded bytes when the session takes them, else a tree.
    /// - Complexity: O(log nodes + size of the entries returned)
    func entriesReply(_ stream: Stream, from start: StreamID, to end: StreamID, count: Int, reverse: Bool = false) -> RESPValue {
        guard session.encodedReplies else {
            return .entries(stream.range(from: start, to: end, count: count, reverse: reverse))
        }
        var list = EncodedEntries(expected: count)
        stream.scan(from: start, to: end, reverse: reverse) { id, view in
            list.append(id, view)
            return count == 0 || list.count < count
        }
        return list.reply()
    }
}
