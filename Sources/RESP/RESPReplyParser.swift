/// Client-side incremental parser of Redis replies, RESP2 and RESP3.
///
/// Input may be split at any byte. Each reply is first scanned for completeness
/// and validity, keeping the scan position, open aggregates and any pending blob
/// across calls (so a reply arriving in k pieces costs O(size + k), not
/// O(size × k)); only then is it decoded, or returned raw by `nextRaw()`.
///
/// Types: `+` `-` `:` `$` `*` (RESP2), `_` `,` `#` `!` `=` `(` `%` `~` `>` `|`
/// (RESP3). `$-1` → `.nullBulk`, `*-1` → `.nullArray`, `_` → `.nullBulk`,
/// `!` (blob error) → `.error`. Attributes (`|`) are validated and skipped by
/// `next()` but kept in `nextRaw()`'s bytes. Blob payloads must be followed by
/// CRLF and lines must end in CRLF.
///
/// Errors are client-side (never sent to a server) and read `Protocol error: ...`.
/// After an error the parser's state is unspecified.
public struct RESPReplyParser: Sendable {
    /// Most aggregates (arrays, maps, sets, pushes, attributes) open at once.
    public let maxDepth: Int

    private var buffer: [UInt8] = []
    /// First byte of the reply being scanned.
    private var start = 0
    /// Next type byte to read, or the payload start while a blob is pending.
    private var scan = 0
    /// Where the CR search for the current line resumes.
    private var lineFrom = 0
    /// While a blob's payload is pending: the index its trailing CRLF must sit at.
    private var payloadEnd = -1
    private var payloadIsVerbatim = false
    private var frames: [Frame] = []

    private struct Frame: Sendable {
        var remaining: Int
        let isAttribute: Bool
    }

    /// Complexity: O(1).
    public init(maxDepth: Int = 128) {
        self.maxDepth = maxDepth
    }

    /// Bytes received and not yet returned as part of a reply. O(1).
    public var bufferedByteCount: Int { buffer.count - start }

    /// Buffers more input. Complexity: amortized O(bytes appended).
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, decoded, or nil if more input is needed.
    /// Complexity: O(newly scanned bytes + size of the returned reply).
    public mutating func next() throws(RESPProtocolError) -> RESPValue? {
        guard let end = try scanReply() else { return nil }
        var p = start
        let value = decodeValue(&p)
        start = end
        return value
    }

    /// The exact bytes of the next complete reply (attributes included), or nil
    /// if more input is needed. Complexity: O(newly scanned bytes + reply size).
    public mutating func nextRaw() throws(RESPProtocolError) -> [UInt8]? {
        guard let end = try scanReply() else { return nil }
        let raw = Array(buffer[start..<end])
        start = end
        return raw
    }

    // MARK: - Scanning

    private static func error(_ what: String) -> RESPProtocolError {
        RESPProtocolError(message: "Protocol error: " + what)
    }

    /// Advances the scan; returns the end index when the reply at `start` is complete.
    private mutating func scanReply() throws(RESPProtocolError) -> Int? {
        while true {
            if payloadEnd >= 0 {
                guard buffer.count - payloadEnd >= 2 else { return nil }
                guard buffer[payloadEnd] == 13, buffer[payloadEnd + 1] == 10 else {
                    throw Self.error("expected CRLF after bulk payload")
                }
                if payloadIsVerbatim && buffer[scan + 3] != UInt8(ascii: ":") {
                    throw Self.error("invalid verbatim string")
                }
                scan = payloadEnd + 2
                lineFrom = scan
                payloadEnd = -1
                if elementCompleted() { return scan }
                continue
            }

            guard scan < buffer.count else { return nil }
            let from = Swift.max(scan, lineFrom)
            let cr = buffer.withUnsafeBufferPointer { buf -> Int in
                var i = from
                while i < buf.count && buf[i] != 13 { i += 1 }
                return i
            }
            guard cr + 1 < buffer.count else {
                lineFrom = cr
                return nil
            }
            guard buffer[cr + 1] == 10 else { throw Self.error("expected CRLF") }
            guard cr > scan else { throw Self.error("empty line instead of a reply") }
            let type = buffer[scan]
            let line = (scan + 1)..<cr
            let next = cr + 2
            scan = next
            lineFrom = next

            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                break
            case UInt8(ascii: ":"):
                guard redisStringToInt64(buffer, line) != nil else { throw Self.error("invalid integer") }
            case UInt8(ascii: "_"):
                guard line.isEmpty else { throw Self.error("invalid null") }
            case UInt8(ascii: ","):
                guard parseDouble(line) != nil else { throw Self.error("invalid double") }
            case UInt8(ascii: "#"):
                guard line.count == 1, buffer[line.lowerBound] == UInt8(ascii: "t") || buffer[line.lowerBound] == UInt8(ascii: "f")
                else { throw Self.error("invalid boolean") }
            case UInt8(ascii: "("):
                guard isBigNumber(line) else { throw Self.error("invalid big number") }
            case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
                guard let n = redisStringToInt64(buffer, line) else { throw Self.error("invalid bulk length") }
                if n == -1 && type == UInt8(ascii: "$") { break }
                guard n >= 0, n <= Int64(Int.max - next - 2) else { throw Self.error("invalid bulk length") }
                if type == UInt8(ascii: "="), n < 4 { throw Self.error("invalid verbatim string") }
                payloadEnd = next + Int(n)
                payloadIsVerbatim = type == UInt8(ascii: "=")
                continue
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
                guard let n = redisStringToInt64(buffer, line) else { throw Self.error("invalid multibulk length") }
                if n == -1 && type == UInt8(ascii: "*") { break }
                let pairs = type == UInt8(ascii: "%") || type == UInt8(ascii: "|")
                guard n >= 0, n <= (pairs ? Int64.max / 2 : Int64.max) else {
                    throw Self.error("invalid multibulk length")
                }
                let elements = Int(pairs ? n * 2 : n)
                let isAttribute = type == UInt8(ascii: "|")
                if elements == 0 {
                    if isAttribute { continue }  // an empty attribute: the value still follows
                    break
                }
                guard frames.count < maxDepth else { throw Self.error("reply nesting too deep") }
                frames.append(Frame(remaining: elements, isAttribute: isAttribute))
                continue
            default:
                throw RESPProtocolError(message: "Protocol error: invalid reply type byte \(type)")
            }
            if elementCompleted() { return scan }
        }
    }

    /// Counts one finished element against the open aggregates; true when the
    /// whole reply is finished. A finished attribute is not an element of its
    /// parent (the value it annotates follows). Complexity: O(aggregates closed).
    private mutating func elementCompleted() -> Bool {
        while !frames.isEmpty {
            let top = frames.count - 1
            frames[top].remaining -= 1
            if frames[top].remaining > 0 { return false }
            let finished = frames.removeLast()
            if finished.isAttribute { return false }
        }
        return true
    }

    /// Optional `-` then at least one digit. Complexity: O(range.count).
    private func isBigNumber(_ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        if i < range.upperBound && buffer[i] == UInt8(ascii: "-") { i += 1 }
        guard i < range.upperBound else { return false }
        while i < range.upperBound {
            guard buffer[i] >= UInt8(ascii: "0") && buffer[i] <= UInt8(ascii: "9") else { return false }
            i += 1
        }
        return true
    }

    /// `inf`, `-inf`, `nan`, `-nan` or a decimal number. Complexity: O(range.count).
    private func parseDouble(_ range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.count <= 512 else { return nil }
        let text = String(decoding: buffer[range], as: UTF8.self)
        switch text {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            // Only plain decimal syntax; Swift would also take "infinity", hex floats, ...
            guard text.utf8.allSatisfy({ c in
                (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
            }) else { return nil }
            return Double(text)
        }
    }

    // MARK: - Decoding (of bytes already validated by scanReply)

    private func lineEnd(from p: Int) -> Int {
        var i = p
        while buffer[i] != 13 { i += 1 }
        return i
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: buffer[range], as: UTF8.self)
    }

    /// Decodes the value at `p` and moves `p` past it. Recursion depth is
    /// bounded by `maxDepth`. Complexity: O(encoded size).
    private func decodeValue(_ p: inout Int) -> RESPValue {
        let type = buffer[p]
        let cr = lineEnd(from: p + 1)
        let line = (p + 1)..<cr
        p = cr + 2
        switch type {
        case UInt8(ascii: "+"): return .simpleString(text(line))
        case UInt8(ascii: "-"): return .error(text(line))
        case UInt8(ascii: ":"): return .integer(redisStringToInt64(buffer, line) ?? 0)
        case UInt8(ascii: "_"): return .nullBulk
        case UInt8(ascii: ","): return .double(parseDouble(line) ?? .nan)
        case UInt8(ascii: "#"): return .boolean(buffer[line.lowerBound] == UInt8(ascii: "t"))
        case UInt8(ascii: "("): return .bigNumber(text(line))
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            let n = Int(redisStringToInt64(buffer, line) ?? 0)
            if n < 0 { return .nullBulk }
            let payload = p..<(p + n)
            p += n + 2
            switch type {
            case UInt8(ascii: "$"): return .bulkString(Array(buffer[payload]))
            case UInt8(ascii: "!"): return .error(text(payload))
            default:
                return .verbatim(format: text(payload.lowerBound..<(payload.lowerBound + 3)),
                                 text: Array(buffer[(payload.lowerBound + 4)..<payload.upperBound]))
            }
        default:  // aggregates
            let n = Int(redisStringToInt64(buffer, line) ?? 0)
            if n < 0 { return .nullArray }
            switch type {
            case UInt8(ascii: "%"):
                var pairs: [(RESPValue, RESPValue)] = []
                pairs.reserveCapacity(Swift.min(n, 1024))
                for _ in 0..<n {
                    let key = decodeValue(&p)
                    pairs.append((key, decodeValue(&p)))
                }
                return .map(pairs)
            case UInt8(ascii: "|"):
                for _ in 0..<(2 * n) { _ = decodeValue(&p) }
                return decodeValue(&p)
            default:
                var elements: [RESPValue] = []
                elements.reserveCapacity(Swift.min(n, 1024))
                for _ in 0..<n { elements.append(decodeValue(&p)) }
                switch type {
                case UInt8(ascii: "~"): return .set(elements)
                case UInt8(ascii: ">"): return .push(elements)
                default: return .array(elements)
                }
            }
        }
    }

    /// Drops returned replies' bytes when that is cheap relative to the work done.
    /// Complexity: amortized O(1) per consumed byte.
    private mutating func compact() {
        if start == 0 { return }
        if start == buffer.count {
            if buffer.capacity > 1 << 20 { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        } else if start >= 4096 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
        } else {
            return
        }
        scan -= start
        lineFrom -= start
        if payloadEnd >= 0 { payloadEnd -= start }
        start = 0
    }
}
