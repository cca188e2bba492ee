import RESP
import StreamEngine

extension StreamCommandSet {
    static func noGroupError(_ key: [UInt8], _ group: [UInt8]) -> ReplyError {
        ReplyError("NOGROUP No such key '\(CommandServer.clip(key, 1 << 20))' or consumer group '\(CommandServer.clip(group, 1 << 20))'")
    }

    static func xpending(_ ctx: inout CommandContext) throws -> RESPValue {
        let argc = ctx.args.count
        let summary = argc == 3
        if argc != 3 && (argc < 6 || argc > 9) { throw ReplyError.syntax }
        var start = StreamID.zero, end = StreamID.max
        var count: Int64 = 0
        var minIdle: Int64 = 0
        var consumerName: [UInt8]? = nil
        if argc >= 6 {
            var startIdx = 3
            if ctx.isKeyword(3, "idle") {
                minIdle = try ctx.integer(4)
                if argc < 8 { throw ReplyError.syntax }
                startIdx += 2
            }
            count = try ctx.integer(startIdx + 2)
            if count < 0 { count = 0 }
            var ex: Bool
            (start, ex) = try ctx.intervalID(startIdx, missingSeq: 0)
            if ex {
                guard let s = start.incremented() else { throw ReplyError("ERR invalid start ID for the interval") }
                start = s
            }
            (end, ex) = try ctx.intervalID(startIdx + 1, missingSeq: .max)
            if ex {
                guard let e = end.decremented() else { throw ReplyError("ERR invalid end ID for the interval") }
                end = e
            }
            if startIdx + 3 < argc { consumerName = ctx.args[startIdx + 3] }
        }
        guard let stream = try ctx.stream(1), let group = stream.group(named: ctx.args[2]) else {
            throw noGroupError(ctx.args[1], ctx.args[2])
        }
        if summary {
            guard let bounds = group.pendingBounds else {
                return .array([.integer(0), .nullBulk, .nullBulk, .nullArray])
            }
            let owners: [RESPValue] = group.consumers.compactMap { c in
                c.pendingCount == 0 ? nil : .array([.bulkString(c.name), .bulk(String(c.pendingCount))])
            }
            return .array([.integer(Int64(group.pendingCount)), .id(bounds.first), .id(bounds.last), .array(owners)])
        }
        let now = Int64(bitPattern: ctx.now)
        var rows: [RESPValue] = []
        var remaining = count
        let emit: (StreamID, PendingRecord) -> Bool = { id, rec in
            if remaining == 0 || id > end { return false }
            let idle = now &- Int64(bitPattern: rec.deliveryTime)
            if minIdle != 0 && idle < minIdle && !group.isReleased(rec) { return true }
            remaining -= 1
            // An entry XNACK released (Redis 8.8) has no owner and shows idle -1, as the
            // XNACK page's example does; it passes any IDLE filter (idle since time 0).
            if group.isReleased(rec) {
                rows.append(.array([.id(id), .bulk(""), .integer(-1), .integer(Int64(bitPattern: rec.deliveryCount))]))
                return true
            }
            rows.append(.array([.id(id), .bulkString(group.owner(of: rec)?.name ?? []), .integer(max(idle, 0)), .integer(Int64(bitPattern: rec.deliveryCount))]))
            return true
        }
        if let consumerName {
            guard let consumer = group.consumer(named: consumerName) else { return .array([]) }
            for id in consumer.pendingIDs where id >= start {
                guard let rec = group.pendingRecord(id), emit(id, rec) else { break }
            }
        } else {
            group.forEachPending(from: start, emit)
        }
        return .array(rows)
    }

    /// The stream at argument 1 and its group at argument 2, or NOGROUP.
    static func claimTarget(_ ctx: CommandContext) throws -> (Stream, ConsumerGroup) {
        guard let stream = try ctx.stream(1), let group = stream.group(named: ctx.args[2]) else {
            throw noGroupError(ctx.args[1], ctx.args[2])
        }
        return (stream, group)
    }

    static func xclaim(_ ctx: inout CommandContext) throws -> RESPValue {
        let (stream, group) = try claimTarget(ctx)
        var options = Stream.ClaimOptions()
        options.minIdle = max(try ctx.integer(4, error: "ERR Invalid min-idle-time argument for XCLAIM"), 0)
        var ids: [StreamID] = []
        var j = 5
        while j < ctx.args.count, let id = StreamIDParser.parseID(ctx.args[j], strict: true) {
            ids.append(id)
            j += 1
        }
        let now = Int64(bitPattern: ctx.now)
        while j < ctx.args.count {
            let more = ctx.args.count - 1 - j
            if ctx.isKeyword(j, "force") {
                options.force = true
            } else if ctx.isKeyword(j, "justid") {
                options.justID = true
            } else if ctx.isKeyword(j, "idle") && more > 0 {
                j += 1
                options.deliveryTime = now &- (try ctx.integer(j, error: "ERR Invalid IDLE option argument for XCLAIM"))
            } else if ctx.isKeyword(j, "time") && more > 0 {
                j += 1
                options.deliveryTime = try ctx.integer(j, error: "ERR Invalid TIME option argument for XCLAIM")
            } else if ctx.isKeyword(j, "retrycount") && more > 0 {
                j += 1
                let rc = try ctx.integer(j, error: "ERR Invalid RETRYCOUNT option argument for XCLAIM")
                options.retryCount = rc >= 0 ? rc : nil
            } else if ctx.isKeyword(j, "lastid") && more > 0 {
                j += 1
                options.lastID = try ctx.streamID(j)
            } else {
                throw ReplyError("ERR Unrecognized XCLAIM option '\(CommandServer.clip(ctx.args[j], 1 << 20))'")
            }
            j += 1
        }
        // Redis 7.2: the claiming consumer exists (seen now) even if nothing moves.
        if ctx.dialect.since7_2 { group.touchConsumer(ctx.args[3], now: ctx.now) }
        let claimed = stream.claim(group: group, consumerName: ctx.args[3], ids: ids, options: options, now: ctx.now)
        return .array(claimed.map(claimedValue))
    }

    static func claimedValue(_ item: ClaimedItem) -> RESPValue {
        switch item {
        case .entry(let e): return .entry(e)
        case .id(let id): return .id(id)
        }
    }

    static func xautoclaim(_ ctx: inout CommandContext) throws -> RESPValue {
        // Redis 7.0 parses every argument before it looks at the key (WRONGTYPE, NOGROUP).
        let minIdle = max(try ctx.integer(4, error: "ERR Invalid min-idle-time argument for XAUTOCLAIM"), 0)
        var (start, ex) = try ctx.intervalID(5, missingSeq: 0)
        if ex {
            guard let s = start.incremented() else { throw ReplyError("ERR invalid start ID for the interval") }
            start = s
        }
        var count: Int64 = 100
        var justID = false
        var j = 6
        while j < ctx.args.count {
            let more = ctx.args.count - 1 - j
            if ctx.isKeyword(j, "count") && more > 0 {
                let maxCount = Int64.max / 16
                guard let c = StreamIDParser.parseStrictInt64(ctx.args[j + 1]), c >= 1, c <= maxCount else {
                    throw ReplyError("ERR COUNT must be > 0")
                }
                count = c
                j += 1
            } else if ctx.isKeyword(j, "justid") {
                justID = true
            } else {
                throw ReplyError.syntax
            }
            j += 1
        }
        let (stream, group) = try claimTarget(ctx)
        if ctx.dialect.since7_2 { group.touchConsumer(ctx.args[3], now: ctx.now) }
        let result = stream.autoClaim(group: group, consumerName: ctx.args[3], from: start, minIdle: minIdle,
                                      count: Int(count), justID: justID, now: ctx.now)
        return .array([.id(result.cursor), .array(result.claimed.map(claimedValue)), .array(result.deleted.map { .id($0) })])
    }
}
