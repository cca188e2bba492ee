import StreamEngine

/// XRANGE and XREVRANGE written straight from the packed nodes into the output bytes,
/// for the plain forms `XRANGE key start end [COUNT n]` / `XREVRANGE key end start
/// [COUNT n]` (no exclusive bounds): no per-entry arrays and no `RESPValue` tree.
/// Anything else, and every error, goes to the command table, which defines the
/// semantics; this path must produce the same bytes.
enum RangeFastPath {
    /// Appends the reply and returns true, or returns false (having appended nothing)
    /// when the command table should answer instead.
    ///
    /// Complexity: O(log nodes + bytes of the entries returned).
    static func range(_ args: [[UInt8]], reverse: Bool, db: Int, keyspace: Keyspace, into out: inout [UInt8]) -> Bool {
        guard args.count == 4 || args.count == 6 else { return false }
        var count = Int.max
        if args.count == 6 {
            guard args[4].count == 5, String(decoding: args[4], as: UTF8.self).lowercased() == "count",
                  let n = StreamIDParser.parseStrictInt64(args[5]), n > 0 else { return false }
            count = Int(n)
        }
        let (startArg, endArg) = reverse ? (args[3], args[2]) : (args[2], args[3])
        guard startArg.first != UInt8(ascii: "("), endArg.first != UInt8(ascii: "("),
              let start = StreamIDParser.parseID(startArg, missingSeq: 0, strict: false),
              let end = StreamIDParser.parseID(endArg, missingSeq: .max, strict: false),
              let stream = try? keyspace.stream(db, args[1]) else { return false }
        var body: [UInt8] = []
        body.reserveCapacity(Swift.min(count, 1024) * 48)
        var entries = 0
        stream.scan(from: start, to: end, reverse: reverse) { id, view in
            var pairs = 0
            view.forEachPair { _, _ in pairs += 1 }
            body.append(contentsOf: [UInt8(ascii: "*"), UInt8(ascii: "2"), 13, 10])
            let idText = id.bytes
            appendLength(UInt8(ascii: "$"), idText.count, &body)
            body.append(contentsOf: idText)
            body.append(contentsOf: [13, 10])
            appendLength(UInt8(ascii: "*"), pairs * 2, &body)
            view.forEachPair { field, value in
                appendLength(UInt8(ascii: "$"), field.count, &body)
                body.append(contentsOf: field)
                body.append(contentsOf: [13, 10])
                appendLength(UInt8(ascii: "$"), value.count, &body)
                body.append(contentsOf: value)
                body.append(contentsOf: [13, 10])
            }
            entries += 1
            return entries < count
        }
        appendLength(UInt8(ascii: "*"), entries, &out)
        out.append(contentsOf: body)
        return true
    }

    /// `<prefix><n>\r\n`. O(digits).
    @inline(__always)
    static func appendLength(_ prefix: UInt8, _ n: Int, _ out: inout [UInt8]) {
        out.append(prefix)
        if n < 10 {
            out.append(UInt8(ascii: "0") + UInt8(n))
        } else {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var v = n
            var len = 0
            withUnsafeMutableBytes(of: &digits) { buf in
                while v > 0 { buf[len] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; len += 1 }
                for i in stride(from: len - 1, through: 0, by: -1) { out.append(buf[i]) }
            }
        }
        out.append(13)
        out.append(10)
    }
}
