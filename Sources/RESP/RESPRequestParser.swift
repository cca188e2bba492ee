/// Server-side incremental parser of client commands, mirroring Redis 7.0's
/// `processInputBuffer` / `processMultibulkBuffer` / `processInlineBuffer`
/// (networking.c), including their quirks:
///
/// - A request starting with `*` is multibulk, anything else inline.
/// - `*0` and negative counts (`*-1`, `*-100`) are skipped silently.
/// - Count lines end at the first `\r`; the byte after it is skipped unchecked,
///   and so are the two bytes after each bulk payload (Redis never checks them).
/// - Redis searches lines with `strchr`, which stops at a NUL byte: a NUL in a
///   count line or an inline line hides the terminator, so such a request waits
///   until more than `maxInlineLength` bytes are buffered and then fails with the
///   "too big ..." error, exactly as redis-server 7.0.15 does.
/// - Size limits apply to what is buffered when the terminator is not yet found
///   (a single `append` holding a long line and its newline is accepted, as a
///   single large read is by Redis).
///
/// After a thrown error the parser's state is unspecified: the server replies
/// with `error.replyBytes` and closes the connection.
public struct RESPRequestParser: Sendable {
    public let limits: RESPLimits

    private var buffer: [UInt8] = []
    /// First unconsumed byte.
    private var pos = 0
    /// Where the current terminator search resumes (bytes before it hold no terminator and no NUL).
    private var scanFrom = 0
    private var state: State = .idle
    /// Bulk arguments still expected for the current multibulk command.
    private var remaining = 0
    private var args: [[UInt8]] = []
    /// Argument buffers handed back by `recycle`, reused for the next command's
    /// arguments: a pipeline of small commands then allocates nothing per argument.
    private var spares: [[UInt8]] = []

    private enum State: Sendable {
        case idle
        case inline
        case multibulkCount
        case bulkCount
        case bulkData(Int)
    }

    /// Complexity: O(1).
    public init(limits: RESPLimits = .init()) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a returned or skipped command. O(1).
    public var bufferedByteCount: Int { buffer.count - pos }

    /// Buffers more input. Consumed bytes are dropped here when they are at least
    /// half the buffer (or all of it), so each byte is moved O(1) times amortized.
    ///
    /// Complexity: amortized O(bytes appended).
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete command, as its argument byte strings, or nil if more
    /// input is needed. Empty commands (`*0`, `*-1`, blank inline lines) are
    /// consumed and skipped.
    ///
    /// Complexity: O(bytes consumed + bytes newly scanned); a partial line is
    /// never re-scanned on later calls.
    public mutating func next() throws(RESPProtocolError) -> [[UInt8]]? {
        while true {
            switch state {
            case .idle:
                guard pos < buffer.count else { return nil }
                state = buffer[pos] == UInt8(ascii: "*") ? .multibulkCount : .inline
                scanFrom = pos

            case .inline:
                guard let newline = findTerminator(10) else {
                    if buffer.count - pos > limits.maxInlineLength { throw .tooBigInlineRequest }
                    return nil
                }
                var end = newline
                if end > pos && buffer[end - 1] == 13 { end -= 1 }
                let command = try splitInlineArguments(buffer, pos..<end)
                pos = newline + 1
                scanFrom = pos
                state = .idle
                if !command.isEmpty { return command }

            case .multibulkCount:
                guard let cr = findTerminator(13) else {
                    if buffer.count - pos > limits.maxInlineLength { throw .tooBigMultibulkCountString }
                    return nil
                }
                guard cr + 1 < buffer.count else { return nil }  // Redis wants one byte after '\r'
                guard let count = redisStringToInt64(buffer, (pos + 1)..<cr),
                      count <= Int64(limits.maxMultibulkLength) else {
                    throw .invalidMultibulkLength
                }
                pos = cr + 2
                scanFrom = pos
                if count <= 0 {
                    state = .idle
                } else {
                    remaining = Int(count)
                    args = []
                    args.reserveCapacity(Swift.min(remaining, 1024))
                    state = .bulkCount
                }

            case .bulkCount:
                guard let cr = findTerminator(13) else {
                    if buffer.count - pos > limits.maxInlineLength { throw .tooBigBulkCountString }
                    return nil
                }
                guard cr + 1 < buffer.count else { return nil }
                let type = buffer[pos]
                guard type == UInt8(ascii: "$") else { throw .expectedDollar(got: type) }
                guard let length = redisStringToInt64(buffer, (pos + 1)..<cr),
                      length >= 0, length <= Int64(limits.maxBulkLength) else {
                    throw .invalidBulkLength
                }
                pos = cr + 2
                scanFrom = pos
                state = .bulkData(Int(length))

            case .bulkData(let length):
                // Payload plus two trailing bytes, which Redis skips without checking.
                guard buffer.count - pos - 2 >= length else { return nil }
                let start = pos
                buffer.withUnsafeBufferPointer { buf in
                    let bytes = UnsafeBufferPointer(rebasing: buf[start..<(start + length)])
                    if var arg = spares.popLast() {
                        // A buffer still referenced elsewhere (a key the keyspace kept, a
                        // queued MULTI command) is copied on write here, never changed.
                        arg.removeAll(keepingCapacity: true)
                        arg.append(contentsOf: bytes)
                        args.append(arg)
                    } else {
                        args.append(Array(bytes))
                    }
                }
                pos += length + 2
                scanFrom = pos
                remaining -= 1
                if remaining == 0 {
                    state = .idle
                    let command = args
                    args = []
                    return command
                }
                state = .bulkCount
            }
        }
    }

    /// Spare argument buffers kept at most, and the largest kept: enough for a pipeline
    /// of small commands, about 1 KB per connection.
    static let spareLimit = 8
    static let spareCapacityLimit = 128

    /// Hands back a command's arguments once it has run. Small buffers are kept for the
    /// next command's arguments; reuse is safe whoever else still holds them, since
    /// arrays copy on write. O(arguments).
    public mutating func recycle(_ command: [[UInt8]]) {
        for arg in command where spares.count < Self.spareLimit && arg.capacity <= Self.spareCapacityLimit {
            spares.append(arg)
        }
    }

    /// Like `strchr(querybuf + qb_pos, target)`: the index of the first `target`
    /// from `scanFrom`, or nil when the buffer ends or a NUL comes first. The
    /// search resumes where it stopped (at the NUL, if any) on the next call.
    ///
    /// Complexity: O(newly scanned bytes).
    private mutating func findTerminator(_ target: UInt8) -> Int? {
        let from = Swift.max(scanFrom, pos)
        let (index, found) = buffer.withUnsafeBufferPointer { buf -> (Int, Bool) in
            var i = from
            while i < buf.count {
                let c = buf[i]
                if c == target { return (i, true) }
                if c == 0 { return (i, false) }
                i += 1
            }
            return (i, false)
        }
        scanFrom = index
        return found ? index : nil
    }

    /// Drops consumed bytes when that is cheap relative to the work done.
    /// Complexity: amortized O(1) per consumed byte.
    private mutating func compact() {
        if pos == 0 { return }
        if pos == buffer.count {
            if buffer.capacity > 1 << 20 {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            scanFrom = 0
            pos = 0
        } else if pos >= 4096 && pos >= buffer.count / 2 {
            buffer.removeSubrange(0..<pos)
            scanFrom -= pos
            pos = 0
        }
    }
}
