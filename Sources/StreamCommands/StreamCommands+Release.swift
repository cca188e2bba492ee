import RESP
import StreamEngine

/// Redis 8.8's XNACK, which hands pending entries back to their group. Specified by
/// Redis's documentation (the XNACK page); no live server here has it, and Redis's
/// tests for it were not available, so the errors follow XDELEX's for the IDS block.
extension StreamCommandSet {
    /// XNACK key group SILENT|FAIL|FATAL IDS numids id ... [RETRYCOUNT count] [FORCE]:
    /// how many entries were released (IDs not pending are skipped unless FORCE finds
    /// them in the stream). A missing key or group releases nothing. O(ids × log pending)
    static func xnack(_ ctx: inout CommandContext) throws -> RESPValue {
        let mode: ReleaseMode
        if ctx.isKeyword(3, "silent") { mode = .silent }
        else if ctx.isKeyword(3, "fail") { mode = .fail }
        else if ctx.isKeyword(3, "fatal") { mode = .fatal }
        else { throw ReplyError.syntax }
        guard ctx.isKeyword(4, "ids") else { throw ReplyError.syntax }
        guard let n = StreamIDParser.parseStrictInt64(ctx.args[5]), n > 0 else {
            throw ReplyError("ERR Number of IDs must be a positive integer")
        }
        let first = 6
        if n > Int64(ctx.args.count - first) {
            throw ReplyError("ERR The `numids` parameter must match the number of arguments")
        }
        var ids: [StreamID] = []
        ids.reserveCapacity(Int(n))
        for j in first..<(first + Int(n)) { ids.append(try ctx.streamID(j)) }
        var retryCount: UInt64? = nil
        var force = false
        var i = first + Int(n)
        while i < ctx.args.count {
            if ctx.isKeyword(i, "retrycount") && i + 1 < ctx.args.count {
                let c = try ctx.integer(i + 1)
                if c < 0 { throw ReplyError("ERR RETRYCOUNT must be a non-negative integer") }
                retryCount = UInt64(c)
                i += 2
            } else if ctx.isKeyword(i, "force") {
                force = true
                i += 1
            } else {
                throw ReplyError.syntax
            }
        }
        guard let stream = try ctx.stream(1), let group = stream.group(named: ctx.args[2]) else { return .integer(0) }
        return .integer(Int64(stream.release(ids, in: group, mode: mode, retryCount: retryCount, force: force)))
    }
}
