import RESP
import StreamEngine

/// Short renderings of commands and replies for sentences and transcripts, and the
/// few reply shapes the simulation reads back (IDs of entries, XAUTOCLAIM's parts).
enum RESPText {
    /// "1 entry", "3 entries".
    static func count(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(many)" }

    /// Milliseconds as "2.5 s" or "300 ms".
    static func seconds(_ ms: UInt64) -> String {
        if ms < 1000 { return "\(ms) ms" }
        if ms % 1000 == 0 { return "\(ms / 1000) s" }
        return "\(ms / 1000).\(String(ms % 1000 + 1000).dropFirst().replacing(/0+$/, with: "")) s"
    }

    static func integer(_ reply: RESPValue) -> Int64? {
        if case .integer(let n) = reply { return n }
        return nil
    }

    /// A reply in a few words: "OK", an ID, "3 entries", "(nil)", the error text. Parts
    /// in wire form (the lesson's entry lists) are read back first, once. O(reply size)
    static func short(_ reply: RESPValue) -> String { shortTree(reply.decoded ?? reply) }

    private static func shortTree(_ reply: RESPValue) -> String {
        switch reply {
        case .simpleString(let s): return s
        case .error(let e): return e
        case .integer(let n): return "(integer) \(n)"
        case .bulkString(let b): return String(decoding: b, as: UTF8.self)
        case .nullBulk, .nullArray: return "(nil)"
        case .array(let items):
            if items.allSatisfy(isEntry) { return count(items.count, "entry", "entries") }  // XRANGE, XCLAIM
            if items.count == 1, case .array(let pair) = items[0], pair.count == 2, case .array(let entries) = pair[1],
               entries.allSatisfy(isEntry) {
                return count(entries.count, "entry", "entries")  // XREAD / XREADGROUP on one stream
            }
            if items.allSatisfy(isPendingLine) {  // XPENDING's extended form (idle times left out: they are the clock's)
                return count(items.count, "pending entry", "pending entries") + items.map { item -> String in
                    guard case .array(let p) = item else { return "" }
                    return ", \(shortTree(p[0])) (\(shortTree(p[1])), delivered \(shortTree(p[3]).replacing("(integer) ", with: "")))"
                }.joined()
            }
            if items.count == 3, case .bulkString(let cursor) = items[0], case .array(let entries) = items[1] {
                return "cursor \(String(decoding: cursor, as: UTF8.self)), \(count(entries.count, "entry", "entries")) claimed"
            }
            if items.count == 4, case .integer(let n) = items[0] {  // XPENDING's summary
                var out = count(Int(n), "pending entry", "pending entries")
                if case .array(let owners) = items[3] {
                    out += owners.compactMap { o -> String? in
                        guard case .array(let pair) = o, pair.count == 2 else { return nil }
                        return ", \(shortTree(pair[0])): \(shortTree(pair[1]))"
                    }.joined()
                }
                return out
            }
            if let fields = keyValues(items) { return fields }
            if items.count == 1, case .array(let inner) = items[0], let fields = keyValues(inner) { return fields }
            if items.count == 1, case .map = items[0] { return shortTree(items[0]) }  // XINFO GROUPS with one group
            return count(items.count, "item", "items")
        case .map(let pairs): return keyValues(pairs.flatMap { [$0.0, $0.1] }) ?? count(pairs.count, "field", "fields")
        case .encoded: return "(reply)"  // bytes that did not decode
        default: return String(describing: reply)
        }
    }

    private static func isPendingLine(_ v: RESPValue) -> Bool {
        guard case .array(let p) = v, p.count == 4, case .bulkString = p[0], case .bulkString = p[1],
              case .integer = p[2], case .integer = p[3] else { return false }
        return true
    }

    private static func isEntry(_ v: RESPValue) -> Bool {
        guard case .array(let parts) = v, parts.count == 2, case .bulkString(let id) = parts[0] else { return false }
        return StreamIDParser.parseID(id) != nil
    }

    /// A flat `key, value, ...` reply with scalar values (XINFO) as `key=value ...`.
    static func keyValues(_ items: [RESPValue]) -> String? {
        guard !items.isEmpty, items.count % 2 == 0, items.count >= 4 else { return nil }
        var parts: [String] = []
        for i in stride(from: 0, to: items.count, by: 2) {
            guard case .bulkString(let k) = items[i] else { return nil }
            switch items[i + 1] {
            case .array, .map, .set, .push, .encoded: continue  // nested parts (first-entry, ...) are left out
            case let v: parts.append("\(String(decoding: k, as: UTF8.self))=\(shortTree(v).replacing("(integer) ", with: ""))")
            }
        }
        return parts.joined(separator: " ")
    }

    /// IDs of the entries in an XREAD / XREADGROUP reply (one stream).
    static func readIDs(_ reply: RESPValue) -> [StreamID] {
        guard case .array(let streams) = reply, let first = streams.first, case .array(let pair) = first, pair.count == 2 else { return [] }
        return entryIDs(pair[1])
    }

    /// IDs of a list of entries (`[[id, fields], ...]`), skipping deleted ones (nil fields).
    static func entryIDs(_ list: RESPValue) -> [StreamID] {
        if case .encoded(let bytes) = list {
            return wireEntryIDs(bytes) ?? list.decoded.map(entryIDs) ?? []
        }
        guard case .array(let entries) = list else { return [] }
        return entries.compactMap { e in
            guard case .array(let parts) = e, parts.count == 2, case .bulkString(let id) = parts[0] else { return nil }
            if case .array = parts[1] { return StreamIDParser.parseID(id) }
            return nil
        }
    }

    /// IDs of an entry list in wire form (the lesson's session takes encoded replies),
    /// read from the headers without building the entries: `*n`, then per entry `*2`,
    /// the ID's bulk string, and the fields' array whose bulk strings are skipped by their
    /// lengths. Deleted entries (a null fields array) are skipped. Nil when the bytes are
    /// not exactly that shape. O(entries + fields), no copy of a field.
    static func wireEntryIDs(_ bytes: [UInt8]) -> [StreamID]? {
        bytes.withUnsafeBufferPointer { p -> [StreamID]? in
            var i = 0
            /// `<prefix><digits>\r\n` at `i`, with an optional minus sign.
            func header(_ prefix: UInt8) -> Int? {
                guard i < p.count, p[i] == prefix else { return nil }
                i += 1
                let negative = i < p.count && p[i] == UInt8(ascii: "-")
                if negative { i += 1 }
                var n = 0, digits = 0
                while i < p.count, p[i] >= 48, p[i] <= 57, digits < 18 {
                    n = n * 10 + Int(p[i] - 48)
                    i += 1
                    digits += 1
                }
                guard digits > 0, i + 1 < p.count, p[i] == 13, p[i + 1] == 10 else { return nil }
                i += 2
                return negative ? -n : n
            }
            /// `<ms>-<seq>` in `p[from..<to]`.
            func id(_ from: Int, _ to: Int) -> StreamID? {
                var ms: UInt64 = 0, seq: UInt64 = 0, j = from, seenDash = false, digits = 0
                while j < to {
                    let b = p[j]
                    if b == UInt8(ascii: "-") && !seenDash && digits > 0 { seenDash = true; digits = 0 }
                    else if b >= 48 && b <= 57 && digits < 19 {
                        if seenDash { seq = seq * 10 + UInt64(b - 48) } else { ms = ms * 10 + UInt64(b - 48) }
                        digits += 1
                    } else { return nil }
                    j += 1
                }
                return seenDash && digits > 0 ? StreamID(ms: ms, seq: seq) : nil
            }
            guard let n = header(UInt8(ascii: "*")), n >= 0 else { return nil }
            var ids: [StreamID] = []
            ids.reserveCapacity(n)
            for _ in 0..<n {
                guard header(UInt8(ascii: "*")) == 2, let length = header(UInt8(ascii: "$")), length >= 0,
                      i + length + 2 <= p.count, let parsed = id(i, i + length) else { return nil }
                i += length + 2
                guard let fields = header(UInt8(ascii: "*")) else { return nil }
                for _ in 0..<max(0, fields) {
                    guard let l = header(UInt8(ascii: "$")), l >= 0, i + l + 2 <= p.count else { return nil }
                    i += l + 2
                }
                if fields >= 0 { ids.append(parsed) }
            }
            return i == p.count ? ids : nil
        }
    }

    /// XAUTOCLAIM's next cursor, claimed IDs and IDs found deleted.
    static func autoClaim(_ reply: RESPValue) -> (StreamID, [StreamID], [StreamID]) {
        guard case .array(let parts) = reply, parts.count == 3, case .bulkString(let c) = parts[0] else { return (.zero, [], []) }
        var deleted: [StreamID] = []
        if case .array(let d) = parts[2] {
            deleted = d.compactMap { if case .bulkString(let b) = $0 { return StreamIDParser.parseID(b) } else { return nil } }
        }
        return (StreamIDParser.parseID(c) ?? .zero, entryIDs(parts[1]), deleted)
    }

    /// Bytes of a command in RESP (what a journal would store).
    static func encodedSize(_ args: [[UInt8]]) -> Int {
        args.reduce(String(args.count).utf8.count + 3) { $0 + $1.count + String($1.count).utf8.count + 5 }
    }

    /// A command as redis-cli reads it back, word by word (`BinaryText.cliQuoted`, the
    /// explorer's command log uses the same). O(bytes).
    static func quoted(_ args: [[UInt8]]) -> String {
        args.map(BinaryText.cliQuoted).joined(separator: " ")
    }
}
