import RESP
import StreamEngine

/// Redis 8.10's MAXCOUNT and MAXSIZE on XREAD and XREADGROUP: limits on one call's whole
/// reply, across its streams, beside COUNT's limit per stream. Written from the XREAD
/// and XREADGROUP pages (no live server here has them, and Redis's tests for them were
/// not available); the error texts are ours.
struct ReadBudget {
    /// Entries the call may still return in all (nil: no MAXCOUNT).
    var entries: Int?
    /// Bytes of field names and values it may still return (nil: no MAXSIZE).
    var bytes: Int?
    /// Whether an entry was taken already: the first always is, whatever its size.
    var tookAny = false

    /// How many of the next entries, of these sizes and in this order, fit; takes them.
    /// O(sizes)
    mutating func take(_ sizes: [Int]) -> Int {
        var n = 0
        for size in sizes {
            if let e = entries, e <= 0 { break }
            if let b = bytes, tookAny, size > b { break }
            entries = entries.map { $0 - 1 }
            bytes = bytes.map { $0 - size }
            tookAny = true
            n += 1
        }
        return n
    }

    /// How many entries a size scan needs to look at, at most (0: unbounded), with a
    /// per-stream COUNT of `count` (0: none). O(1)
    func scanLimit(count: Int) -> Int {
        guard let e = entries else { return count }
        return count == 0 ? max(e, 1) : min(count, max(e, 1))
    }

    /// The byte total past which a size scan may stop. O(1)
    var scanBytes: Int { bytes.map { max($0, 0) } ?? .max }

    /// Reads MAXCOUNT or MAXSIZE at argument `i` + 1, the newest dialect only. O(1)
    static func parse(_ ctx: CommandContext, _ i: Int, into r: inout StreamCommandSet.ReadArguments) throws -> Bool {
        let isCount = ctx.isKeyword(i, "maxcount")
        guard isCount || ctx.isKeyword(i, "maxsize") else { return false }
        let v = try ctx.integer(i + 1)
        if v <= 0 { throw ReplyError(isCount ? "ERR MAXCOUNT must be a positive integer" : "ERR MAXSIZE must be a positive integer") }
        if isCount { r.maxCount = Int(clamping: v) } else { r.maxSize = Int(clamping: v) }
        return true
    }

    /// MAXCOUNT below COUNT is refused: COUNT alone would then never be reached. O(1)
    static func check(_ r: StreamCommandSet.ReadArguments) throws {
        if let m = r.maxCount, r.count > 0, m < r.count {
            throw ReplyError("ERR MAXCOUNT must be greater than or equal to COUNT")
        }
    }
}

extension StreamCommandSet.ReadArguments {
    /// The budget for one pass, nil when neither MAXCOUNT nor MAXSIZE was given.
    var budget: ReadBudget? {
        maxCount == nil && maxSize == nil ? nil : ReadBudget(entries: maxCount, bytes: maxSize)
    }
}
