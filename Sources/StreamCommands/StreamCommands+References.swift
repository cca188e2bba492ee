import RESP
import StreamEngine

/// Redis 8.2's deletions that say what happens to the consumer groups' references:
/// XDELEX and XACKDEL. Specified by Redis's documentation and its tests
/// (`tests/unit/type/stream-cgroups.tcl`); no live server here has them.
extension StreamCommandSet {
    /// `[KEEPREF | DELREF | ACKED] IDS numids id ...` from argument `start` to the end.
    /// O(ids).
    static func referenceArguments(_ ctx: CommandContext, from start: Int) throws -> (ReferencePolicy, [StreamID]) {
        var i = start
        var policy = ReferencePolicy.keep
        if i < ctx.args.count {
            if ctx.isKeyword(i, "keepref") { policy = .keep; i += 1 }
            else if ctx.isKeyword(i, "delref") { policy = .delete; i += 1 }
            else if ctx.isKeyword(i, "acked") { policy = .acked; i += 1 }
        }
        guard i + 1 < ctx.args.count, ctx.isKeyword(i, "ids") else { throw ReplyError.syntax }
        guard let n = StreamIDParser.parseStrictInt64(ctx.args[i + 1]), n > 0 else {
            throw ReplyError("ERR Number of IDs must be a positive integer")
        }
        let first = i + 2
        let given = ctx.args.count - first
        if n > given { throw ReplyError("ERR The `numids` parameter must match the number of arguments") }
        if n < given { throw ReplyError.syntax }
        var ids: [StreamID] = []
        ids.reserveCapacity(given)
        for j in first..<ctx.args.count { ids.append(try ctx.streamID(j)) }
        return (policy, ids)
    }

    static func outcomes(_ list: [DeletionOutcome]) -> RESPValue {
        .array(list.map { .integer($0.rawValue) })
    }

    /// XDELEX key [KEEPREF | DELREF | ACKED] IDS numids id ...: one code per ID (-1 no
    /// such entry, 1 deleted, 2 kept because a group still needs it). O(ids × groups).
    static func xdelex(_ ctx: inout CommandContext) throws -> RESPValue {
        let (policy, ids) = try referenceArguments(ctx, from: 2)
        guard let stream = try ctx.stream(1) else { return outcomes(ids.map { _ in .notFound }) }
        return outcomes(stream.delete(ids, policy: policy))
    }

    /// XACKDEL key group [KEEPREF | DELREF | ACKED] IDS numids id ...: acknowledges each
    /// ID in the group, then deletes it under the policy; -1 for an ID not pending
    /// there (or no such key or group). O(ids × groups).
    static func xackdel(_ ctx: inout CommandContext) throws -> RESPValue {
        let (policy, ids) = try referenceArguments(ctx, from: 3)
        guard let stream = try ctx.stream(1), let group = stream.group(named: ctx.args[2]) else {
            return outcomes(ids.map { _ in .notFound })
        }
        return outcomes(stream.acknowledgeAndDelete(ids, in: group, policy: policy))
    }
}
