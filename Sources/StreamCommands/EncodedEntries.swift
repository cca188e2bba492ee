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
        if n < 10 {
            put(UInt8(truncatingIfNeeded: n) &+ 48)
        } else {
            var digits = 0
            var v = n
            while v > 0 { digits += 1; v /= 10 }
            v = n
            var i = used + digits
            while v > 0 {
                i -= 1
                base[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            }
            used += digits
        }
        put(13); put(10)
    }

    /// `$<len>\r\n<ms>-<seq>\r\n`, digits written in place. O(digits).
    @inline(__always)
    private func bulkID(_ id: StreamID) {
        let msDigits = Self.digitCount(id.ms)
        let seqDigits = Self.digitCount(id.seq)
        header(UInt8(ascii: "$"), msDigits + 1 + seqDigits)
        if id.ms == lastMs {
            (base + used).update(from: base + lastMsOffset, count: msDigits)
        } else {
            writeDigits(id.ms, msDigits)
            lastMs = id.ms
        }
        lastMsOffset = used
        used += msDigits
        put(UInt8(ascii: "-"))
        writeDigits(id.seq, seqDigits)
        used += seqDigits
        put(13); put(10)
    }

    /// Writes the `digits` decimal digits of `v` at `used` (not advancing it).
    @inline(__always)
    private func writeDigits(_ v: UInt64, _ digits: Int) {
        var v = v
        var i = used + digits
        repeat {
            i -= 1
            base[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
        } while v > 0
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
    /// Live entries of `stream` in `start...end` (descending when `reverse`), at most
    /// `count` (0: all), as a reply: encoded bytes when the session takes them, else a tree.
    /// - Complexity: O(log nodes + size of the entries returned)
    func entriesReply(_ stream: Stream, from start: StreamID, to end: StreamID, count: Int, reverse: Bool = false) -> RESPValue {
        guard session.encodedReplies else {
            return .entries(stream.range(from: start, to: end, count: count, reverse: reverse))
        }
        let list = EncodedEntries(expected: count)
        stream.scan(from: start, to: end, reverse: reverse) { id, view in
            list.append(id, view)
            return count == 0 || list.count < count
        }
        return list.reply()
    }
}
