import RESP
import StreamEngine

/// Stream entries written straight from the packed nodes into RESP bytes, for sessions
/// that take `.encoded` replies (the server's connections): no per-entry arrays and no
/// `RESPValue` tree. The bytes equal what encoding the tree would give, in RESP2 and RESP3
/// alike (an entry list holds only arrays and bulk strings).
///
/// Writes go through a raw buffer sized up front for each entry, so a byte costs a store,
/// not an `Array.append` with its uniqueness and capacity checks.
final class EncodedEntries {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    private(set) var count = 0
    /// The last ID's milliseconds and where its digits sit in the buffer: entries next
    /// to each other mostly share them, and copying beats formatting again.
    private var lastMs: UInt64? = nil
    private var lastMsOffset = 0

    init(expected: Int) {
        capacity = Swift.min(Swift.max(expected, 1), 1024) * 64
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Appends `[id, [field, value, ...]]`. O(size of the entry).
    func append(_ id: StreamID, _ view: EntryView) {
        var pairs = 0
        var payload = 0
        view.forEachPair { field, value in
            pairs += 1
            payload += field.count + value.count
        }
        // Worst case: 4 for `*2`, a bulk ID (at most 41 bytes of text), an array header
        // and per field or value a `$<len>\r\n` of at most 23 bytes plus CRLF.
        reserve(4 + (25 + 41) + 23 + pairs * 2 * 25 + payload)
        put(UInt8(ascii: "*")); put(UInt8(ascii: "2")); put(13); put(10)
        bulkID(id)
        header(UInt8(ascii: "*"), pairs * 2)
        view.forEachPair { field, value in
            bulk(field)
            bulk(value)
        }
        count += 1
    }

    /// The list as one value: `*<count>` and the entries. O(bytes).
    func reply() -> RESPValue {
        var head: [UInt8] = []
        RESPEncoder.appendHeader(UInt8(ascii: "*"), count, into: &head)
        let total = head.count + used
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            _ = UnsafeMutableBufferPointer(rebasing: out[0..<head.count]).initialize(from: head)
            (out.baseAddress! + head.count).update(from: base, count: used)
            initialized = total
        }
        return .encoded(bytes)
    }

    private func reserve(_ more: Int) {
        guard used + more > capacity else { return }
        let grown = Swift.max(capacity * 2, used + more)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        fresh.update(from: base, count: used)
        base.deallocate()
        base = fresh
        capacity = grown
    }

    @inline(__always)
    private func put(_ byte: UInt8) {
        base[used] = byte
        used += 1
    }

    /// `<prefix><n>\r\n`. O(digits).
    @inline(__always)
    private func header(_ prefix: UInt8, _ n: Int) {
        put(prefix)
        writeDigits(UInt64(n))
        put(13); put(10)
    }

    /// `$<len>\r\n<ms>-<seq>\r\n`, digits written in place. O(digits).
    @inline(__always)
    private func bulkID(_ id: StreamID) {
        let msDigits = Self.digitCount(id.ms)
        header(UInt8(ascii: "$"), msDigits + 1 + Self.digitCount(id.seq))
        if id.ms == lastMs {
            (base + used).update(from: base + lastMsOffset, count: msDigits)
            lastMsOffset = used
            used += msDigits
        } else {
            lastMsOffset = used
            writeDigits(id.ms)
            lastMs = id.ms
        }
        put(UInt8(ascii: "-"))
        writeDigits(id.seq)
        put(13); put(10)
    }

    /// Writes the decimal digits of `v` at `used` and moves past them. O(digits).
    @inline(__always)
    private func writeDigits(_ v: UInt64) {
        let end = used + Self.digitCount(v)
        var first = end
        StreamID.writeDecimal(v, endingAt: &first, in: UnsafeMutableBufferPointer(start: base, count: capacity))
        used = end
    }

    @inline(__always)
    private static func digitCount(_ v: UInt64) -> Int {
        var n = 1
        var limit: UInt64 = 10
        while v >= limit {
            n += 1
            if limit > UInt64.max / 10 { break }
            limit &*= 10
        }
        return n
    }

    @inline(__always)
    private func bulk(_ bytes: UnsafeBufferPointer<UInt8>) {
        header(UInt8(ascii: "$"), bytes.count)
        if let src = bytes.baseAddress, bytes.count > 0 {
            (base + used).update(from: src, count: bytes.count)
            used += bytes.count
        }
        put(13); put(10)
    }
}

extension CommandContext {
    /// The entries `produce` hands to its visitor, as a reply: written straight into
    /// bytes when the session takes encoded replies, else a tree of copies.
    /// - Complexity: O(size of the entries)
    func entriesReply(expected: Int, _ produce: (_ visit: (StreamID, EntryView) -> Void) -> Void) -> RESPValue {
        if session.encodedReplies {
            let list = EncodedEntries(expected: expected)
            produce { list.append($0, $1) }
            return list.reply()
        }
        var entries: [StreamEntry] = []
        produce { entries.append(StreamEntry(id: $0, pairs: $1.pairs)) }
        return .entries(entries)
    }

    /// Live entries of `stream` in `start...end` (descending when `reverse`), at most
    /// `count` (0: all), as a reply. - Complexity: O(log nodes + size of the entries returned)
    func entriesReply(_ stream: Stream, from start: StreamID, to end: StreamID, count: Int, reverse: Bool = false) -> RESPValue {
        entriesReply(expected: count) { visit in
            var n = 0
            stream.scan(from: start, to: end, reverse: reverse) { id, view in
                visit(id, view)
                n += 1
                return count == 0 || n < count
            }
        }
    }
}
