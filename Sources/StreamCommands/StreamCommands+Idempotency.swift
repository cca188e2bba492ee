import RESP
import StreamEngine

/// Redis 8.6's XCFGSET, which configures a stream's idempotent adds (IDMP). Specified by
/// Redis's documentation and its tests (`tests/unit/type/stream.tcl`); no live server
/// here has it.
extension StreamCommandSet {
    /// XCFGSET key [IDMP-DURATION seconds] [IDMP-MAXSIZE count]: every value is checked
    /// before anything changes; a changed limit forgets the remembered IDs. O(producers).
    static func xcfgset(_ ctx: inout CommandContext) throws -> RESPValue {
        var duration: Int? = nil
        var maxSize: Int? = nil
        var i = 2
        if ctx.args.count == 2 { throw ReplyError("ERR At least one parameter must be specified") }
        while i < ctx.args.count {
            let isDuration = ctx.isKeyword(i, "idmp-duration")
            guard isDuration || ctx.isKeyword(i, "idmp-maxsize"), i + 1 < ctx.args.count else { throw ReplyError.syntax }
            let value = try ctx.integer(i + 1)
            if isDuration {
                let range = IdempotencyLog.durationRange
                guard value >= Int64(range.lowerBound) && value <= Int64(range.upperBound) else {
                    throw ReplyError("ERR IDMP-DURATION must be between \(range.lowerBound) and \(range.upperBound)")
                }
                duration = Int(value)
            } else {
                let range = IdempotencyLog.maxSizeRange
                guard value >= Int64(range.lowerBound) && value <= Int64(range.upperBound) else {
                    throw ReplyError("ERR IDMP-MAXSIZE must be between \(range.lowerBound) and \(range.upperBound)")
                }
                maxSize = Int(value)
            }
            i += 2
        }
        guard let stream = try ctx.stream(1) else { throw StreamError.noSuchKey }
        stream.idempotency.configure(durationSeconds: duration, maxSize: maxSize)
        return .ok
    }

    /// XINFO STREAM's idempotency rows (Redis 8.6), with expired IDs forgotten first.
    /// O(producers + expired IDs)
    static func idempotencyRows(_ s: Stream, now: UInt64) -> [(String, RESPValue)] {
        // A stream that never used IDMP reports Redis's defaults without making a memory.
        let log = s.idempotencyIfUsed
        log?.expireAll(now: now)
        return [
            ("idmp-duration", .integer(Int64(log?.durationSeconds ?? IdempotencyLog.defaultDuration))),
            ("idmp-maxsize", .integer(Int64(log?.maxSize ?? IdempotencyLog.defaultMaxSize))),
            ("pids-tracked", .integer(Int64(log?.producersTracked ?? 0))),
            ("iids-tracked", .integer(Int64(log?.idsTracked ?? 0))),
            ("iids-added", .integer(Int64(log?.added ?? 0))),
            ("iids-duplicates", .integer(Int64(log?.duplicates ?? 0))),
        ]
    }
}
