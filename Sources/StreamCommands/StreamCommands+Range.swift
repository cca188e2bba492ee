import RESP
import StreamEngine

extension StreamCommandSet {
    static func xrange(_ ctx: inout CommandContext) throws -> RESPValue { try rangeCommand(&ctx, reverse: false) }
    static func xrevrange(_ ctx: inout CommandContext) throws -> RESPValue { try rangeCommand(&ctx, reverse: true) }

    /// XRANGE and XREVRANGE (`xrangeGenericCommand`).
    static func rangeCommand(_ ctx: inout CommandContext, reverse: Bool) throws -> RESPValue {
        let startArg = reverse ? 3 : 2
        let endArg = reverse ? 2 : 3
        var (start, startEx) = try ctx.intervalID(startArg, missingSeq: 0)
        if startEx {
            guard let s = start.incremented() else { throw ReplyError("ERR invalid start ID for the interval") }
            start = s
        }
        var (end, endEx) = try ctx.intervalID(endArg, missingSeq: .max)
        if endEx {
            guard let e = end.decremented() else { throw ReplyError("ERR invalid end ID for the interval") }
            end = e
        }
        var count: Int64 = -1
        var j = 4
        while j < ctx.args.count {
            let additional = ctx.args.count - j - 1
            if ctx.isKeyword(j, "count") && additional >= 1 {
                count = try ctx.integer(j + 1)
                if count < 0 { count = 0 }
                j += 1
            } else {
                throw ReplyError.syntax
            }
            j += 1
        }
        guard let stream = try ctx.stream(1) else { return .array([]) }
        if count == 0 { return .nullArray }
        return ctx.entriesReply(stream, from: start, to: end, count: count == -1 ? 0 : Int(count), reverse: reverse)
    }

    /// Parsed XREAD / XREADGROUP arguments.
    struct ReadArguments {
        var timeoutMs: Int64? = nil
        var count = 0
        var group: [UInt8]? = nil
        var consumer: [UInt8]? = nil
        var noAck = false
        /// XREADGROUP's CLAIM min-idle-time (Redis 8.4): idle pending entries first.
        var claimMinIdle: UInt64? = nil
        /// Redis 8.10's MAXCOUNT and MAXSIZE: limits on the whole reply.
        var maxCount: Int? = nil
        var maxSize: Int? = nil
        var keys: [[UInt8]] = []
        /// Per key: where to read from.
        var starts: [ReadStart] = []
    }

    /// Where XREAD or XREADGROUP reads one stream from.
    enum ReadStart: Equatable {
        /// Entries after this ID (`$` is resolved to the stream's last ID when parsed).
        case after(StreamID)
        /// XREADGROUP `>`: entries never delivered to the group.
        case undelivered
        /// XREAD `+` (Redis 7.4 and later): the stream's last entry only.
        case lastEntry
    }

    static func parseRead(_ ctx: CommandContext, group xreadgroup: Bool) throws -> ReadArguments {
        var r = ReadArguments()
        var streamsArg = 0
        var i = 1
        let argc = ctx.args.count
        while i < argc {
            let more = argc - i - 1
            if ctx.isKeyword(i, "block") && more > 0 {
                i += 1
                r.timeoutMs = try timeout(ctx, i)
            } else if ctx.isKeyword(i, "count") && more > 0 {
                i += 1
                let c = try ctx.integer(i)
                r.count = c < 0 ? 0 : Int(clamping: c)
            } else if ctx.isKeyword(i, "streams") && more > 0 {
                streamsArg = i + 1
                if (argc - streamsArg) % 2 != 0 { throw unbalanced(ctx, group: xreadgroup) }
                break
            } else if ctx.isKeyword(i, "group") && more >= 2 {
                if !xreadgroup { throw ReplyError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.") }
                r.group = ctx.args[i + 1]
                r.consumer = ctx.args[i + 2]
                i += 2
            } else if xreadgroup && ctx.dialect.since8_2 && ctx.isKeyword(i, "claim") && more > 0 {
                i += 1
                guard let v = StreamIDParser.parseStrictInt64(ctx.args[i]) else {
                    throw ReplyError("ERR min-idle-time is not an integer")
                }
                if v < 0 { throw ReplyError("ERR min-idle-time must be a positive integer") }
                r.claimMinIdle = UInt64(v)
            } else if ctx.dialect.since8_2 && more > 0, try ReadBudget.parse(ctx, i, into: &r) {
                i += 1
            } else if ctx.isKeyword(i, "noack") {
                if !xreadgroup { throw ReplyError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.") }
                r.noAck = true
            } else {
                throw ReplyError.syntax
            }
            i += 1
        }
        if streamsArg == 0 { throw ReplyError.syntax }
        try ReadBudget.check(r)
        if xreadgroup && r.group == nil { throw ReplyError("ERR Missing GROUP option for XREADGROUP") }
        let n = (argc - streamsArg) / 2
        r.keys = Array(ctx.args[streamsArg..<(streamsArg + n)])
        for k in 0..<n {
            let key = r.keys[k]
            let argIndex = streamsArg + n + k
            let stream = try ctx.stream(streamsArg + k)
            if let g = r.group {
                guard let stream, stream.group(named: g) != nil else { throw noGroup(key, g) }
            }
            let a = ctx.args[argIndex]
            if a == [UInt8(ascii: "$")] {
                if xreadgroup { throw meaninglessInGroupRead("$") }
                r.starts.append(.after(stream?.lastID ?? .zero))
            } else if a == [UInt8(ascii: ">")] {
                if !xreadgroup {
                    throw ReplyError("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.")
                }
                r.starts.append(.undelivered)
            } else if a == [UInt8(ascii: "+")] && ctx.dialect.since7_2 {
                if xreadgroup { throw meaninglessInGroupRead("+") }
                r.starts.append(.lastEntry)
            } else {
                r.starts.append(.after(try ctx.streamID(argIndex)))
            }
        }
        return r
    }

    /// An odd number of words after STREAMS. Redis 7.2 names the command in lower case
    /// (and 7.4 added `+` to XREAD's list of what may stand for an ID).
    static func unbalanced(_ ctx: CommandContext, group: Bool) -> ReplyError {
        guard ctx.dialect.since7_2 else {
            return ReplyError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.")
        }
        return group
            ? ReplyError("ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.")
            : ReplyError("ERR Unbalanced 'xread' list of streams: for each stream key an ID, '+', or '$' must be specified.")
    }

    /// `$` or `+` given to XREADGROUP.
    static func meaninglessInGroupRead(_ id: String) -> ReplyError {
        ReplyError("ERR The \(id) ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The \(id) ID would just return an empty result set.")
    }

    /// Redis's `getTimeoutFromObjectOrReply` in milliseconds: 0 means forever.
    static func timeout(_ ctx: CommandContext, _ i: Int) throws -> Int64 {
        guard let v = StreamIDParser.parseStrictInt64(ctx.args[i]) else {
            throw ReplyError("ERR timeout is not an integer or out of range")
        }
        if v < 0 { throw ReplyError("ERR timeout is negative") }
        return v
    }


    static func xread(_ ctx: inout CommandContext) throws -> CommandOutcome {
        let r = try parseRead(ctx, group: false)
        return try serveRead(&ctx, r)
    }

    static func xreadgroup(_ ctx: inout CommandContext) throws -> CommandOutcome {
        let r = try parseRead(ctx, group: true)
        return try serveRead(&ctx, r)
    }

    /// Serves what can be served now; otherwise blocks (if BLOCK was given) or answers null.
    static func serveRead(_ ctx: inout CommandContext, _ r: ReadArguments) throws -> CommandOutcome {
        if let served = try readOnce(&ctx, r) { return .reply(served) }
        guard let timeout = r.timeoutMs else { return .reply(.nullArray) }
        if ctx.session.denyBlocking { return .reply(.nullArray) }
        // `$` was resolved above; from now on the IDs are fixed.
        let args = ctx.args, durability = ctx.durability
        return .block(BlockRequest(db: ctx.db, keys: r.keys, timeoutMs: timeout, isGroupRead: r.group != nil, args: args,
                                 durability: ctx.durability) { session, keyspace in
            var again = CommandContext(args: args, keyspace: keyspace, durability: durability, session: session)
            let reply = try readOnce(&again, r, woken: true)
            session = again.session
            return reply
        })
    }

    /// One pass over the requested streams; nil when nothing could be served.
    ///
    /// `woken`: a parked read retried after one of its keys changed. Redis 7.0 then
    /// serves only keys that hold a stream: a key that is gone or now holds another type
    /// ends a group read with UNBLOCKED and is skipped by a plain read, never WRONGTYPE.
    /// Redis 7.2 and later re-run a woken read as if it were sent again: for a group read
    /// a key gone or its group destroyed answers NOGROUP, another type WRONGTYPE; a plain
    /// read is woken only by new entries (`BlockRequest.retry`), and then any of its keys
    /// that holds another type answers WRONGTYPE.
    static func readOnce(_ ctx: inout CommandContext, _ r: ReadArguments, woken: Bool = false) throws -> RESPValue? {
        var served: [(RESPValue, RESPValue)] = []
        let now = ctx.now
        let rerun = ctx.dialect.since7_2
        // Redis 7.2: the consumer is created, and its seen time refreshed, in every
        // group it reads through, whether or not anything is served.
        // Filled only then: an empty array costs no allocation on the 7.0 read path.
        var consumers: [Consumer] = []
        // MAXCOUNT / MAXSIZE (Redis 8.10): what the whole call may still return.
        var budget = r.budget
        if rerun, let g = r.group, let consumerName = r.consumer {
            consumers.reserveCapacity(r.keys.count)
            for key in r.keys {
                let stream = try ctx.keyspace.stream(ctx.db, key)
                guard let group = stream?.group(named: g) else { throw noGroup(key, g) }
                consumers.append(group.touchConsumer(consumerName, now: now).0)
            }
        }
        for (k, key) in r.keys.enumerated() {
            let found: Stream?
            if woken && !rerun {
                if case .stream(let s)? = ctx.keyspace.value(ctx.db, key) { found = s } else { found = nil }
            } else {
                found = try ctx.keyspace.stream(ctx.db, key)
            }
            guard let stream = found else {
                if r.group != nil { throw ReplyError("UNBLOCKED the stream key no longer exists") }
                continue
            }
            if let g = r.group, let consumerName = r.consumer {
                guard let group = stream.group(named: g) else {
                    throw ReplyError("NOGROUP the consumer group this client was blocked on no longer exists")
                }
                // Redis 7.0 creates (or refreshes) the consumer only when it serves the
                // stream now: always for a history ID, for `>` only when there is news.
                switch r.starts[k] {
                case .after(let after):
                    let consumer = (consumers.isEmpty ? group.touchConsumer(consumerName, now: now).0 : consumers[k])
                    let start = after.incremented() ?? .max
                    var count = r.count
                    if budget != nil {
                        var sizes: [Int] = []
                        let limit = budget!.scanLimit(count: r.count)
                        consumer.forEachPendingID(from: start) { id in
                            sizes.append(stream.entrySize(id))
                            return limit == 0 || sizes.count < limit
                        }
                        count = budget!.take(sizes)
                        if count == 0 && !sizes.isEmpty { continue }
                    }
                    let items = count == 0 && budget != nil ? [] : stream.readHistory(group: group, consumer: consumer, from: start, count: count, now: now)
                    served.append((.bulkString(key), .array(items.map { item in
                        .array([.id(item.id), item.pairs.map { .array($0.map { .bulkString($0) }) } ?? .nullArray])
                    })))
                case .undelivered where r.claimMinIdle != nil:
                    let consumer = (consumers.isEmpty ? group.touchConsumer(consumerName, now: now).0 : consumers[k])
                    var claimCount = r.count, freshCount: Int? = nil
                    if budget != nil {
                        let limit = budget!.scanLimit(count: r.count)
                        var order = stream.claimOrder(group: group, minIdle: r.claimMinIdle!, now: now)
                        if limit > 0 { order = Array(order.prefix(limit)) }
                        var sizes = order.map { stream.entrySize($0) }
                        if limit == 0 || sizes.count < limit {
                            sizes += stream.entrySizes(from: group.lastID.incremented() ?? .max,
                                                       limit: limit == 0 ? 0 : limit - sizes.count, byteLimit: budget!.scanBytes)
                        }
                        let n = budget!.take(sizes)
                        if n == 0 { continue }
                        claimCount = min(n, order.count)
                        freshCount = n - claimCount
                    }
                    let claimed = claimCount == 0 && budget != nil ? []
                        : stream.claimIdle(group: group, consumer: consumer, minIdle: r.claimMinIdle!, count: claimCount, now: now)
                    let room = freshCount ?? (r.count == 0 ? 0 : r.count - claimed.count)
                    var fresh: [StreamEntry] = []
                    if freshCount.map({ $0 > 0 }) ?? (r.count == 0 || room > 0) {
                        fresh = stream.readNew(group: group, consumer: consumer, count: room, noAck: r.noAck, now: now, dialect: ctx.dialect)
                    }
                    if claimed.isEmpty && fresh.isEmpty { continue }
                    // With CLAIM every entry has four elements: ID, fields, ms idle before
                    // this delivery and the deliveries before it (0 and 0 for new ones).
                    let rows = claimed.map { c in
                        RESPValue.array([.id(c.entry.id), .array(c.entry.pairs.map { .bulkString($0) }),
                                         .integer(Int64(c.idleMs)), .integer(Int64(c.priorDeliveries))])
                    } + fresh.map { e in
                        RESPValue.array([.id(e.id), .array(e.pairs.map { .bulkString($0) }), .integer(0), .integer(0)])
                    }
                    served.append((.bulkString(key), .array(rows)))
                case .undelivered, .lastEntry:
                    guard stream.length > 0, stream.edgeID(first: false) > group.lastID else { continue }
                    let count = budget == nil ? r.count
                        : budget!.take(stream.entrySizes(from: group.lastID.incremented() ?? .max,
                                                         limit: budget!.scanLimit(count: r.count), byteLimit: budget!.scanBytes))
                    if budget != nil && count == 0 { continue }
                    let consumer = (consumers.isEmpty ? group.touchConsumer(consumerName, now: now).0 : consumers[k])
                    let entries = ctx.entriesReply(expected: count) { visit in
                        stream.readNew(group: group, consumer: consumer, count: count, noAck: r.noAck, now: now,
                                       dialect: ctx.dialect, visit: visit)
                    }
                    served.append((.bulkString(key), entries))
                }
            } else {
                switch r.starts[k] {
                case .after(let after):
                    guard stream.length > 0, stream.edgeID(first: false) > after else { continue }
                    let start = after.incremented() ?? .max
                    let count = budget == nil ? r.count
                        : budget!.take(stream.entrySizes(from: start, limit: budget!.scanLimit(count: r.count), byteLimit: budget!.scanBytes))
                    if budget != nil && count == 0 { continue }
                    served.append((.bulkString(key), ctx.entriesReply(stream, from: start, to: .max, count: count)))
                case .lastEntry:
                    // The last live entry whatever COUNT says; an empty stream is skipped.
                    guard let last = stream.lastEntry else { continue }
                    if budget != nil && budget!.take([last.pairs.reduce(0) { $0 + $1.count }]) == 0 { continue }
                    served.append((.bulkString(key), .array([.entry(last)])))
                case .undelivered:
                    continue
                }
            }
        }
        if served.isEmpty { return nil }
        if ctx.resp3 { return .map(served) }
        return .array(served.map { .array([$0.0, $0.1]) })
    }

    /// NOGROUP for a group read whose key or group is missing.
    static func noGroup(_ key: [UInt8], _ group: [UInt8]) -> ReplyError {
        ReplyError("NOGROUP No such key '\(CommandServer.clip(key, 1 << 20))' or consumer group '\(CommandServer.clip(group, 1 << 20))' in XREADGROUP with GROUP option")
    }
}
