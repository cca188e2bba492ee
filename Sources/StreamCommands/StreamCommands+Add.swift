import RESP
import StreamEngine

/// An idempotent XADD's producer and, for IDMP, its idempotent ID (nil: IDMPAUTO,
/// derived from the fields).
struct IdempotentAdd {
    var producer: [UInt8]
    var iid: [UInt8]?
}

/// XADD and XTRIM options, parsed as Redis's `streamParseAddOrTrimArgsOrReply` does.
/// The newest dialect also takes Redis 8.2's `KEEPREF | DELREF | ACKED` (the last one
/// given counts) and, for XADD, 8.6's `IDMP pid iid` and `IDMPAUTO pid`; older dialects
/// read those words as their Redis does (an ID for XADD, a syntax error for XTRIM).
struct AddTrimArguments {
    var id: ParsedStreamID? = nil
    var noMkStream = false
    var strategy: Stream.TrimStrategy? = nil
    var approximate = false
    var limit: Int64 = 0
    var policy = ReferencePolicy.keep
    var idempotent: IdempotentAdd? = nil
    /// Index of the first field (XADD) after the ID.
    var idIndex = 0

    init(_ ctx: borrowing CommandContext, xadd: Bool, config: StreamConfig) throws(ReplyError) {
        var i = 2
        var limitGiven = false
        let argc = ctx.args.count
        let newest = ctx.dialect.since8_2
        while i < argc {
            let more = argc - 1 - i
            let opt = ctx.args[i]
            if xadd && opt == [UInt8(ascii: "*")] {
                break
            } else if newest && ctx.isKeyword(i, "keepref") {
                policy = .keep
            } else if newest && ctx.isKeyword(i, "delref") {
                policy = .delete
            } else if newest && ctx.isKeyword(i, "acked") {
                policy = .acked
            } else if newest && xadd && ctx.isKeyword(i, "idmp") && more >= 2 {
                if idempotent != nil { throw ReplyError("ERR IDMP/IDMPAUTO specified multiple times") }
                if ctx.args[i + 1].isEmpty { throw ReplyError("ERR IDMP requires a non-empty producer ID") }
                if ctx.args[i + 2].isEmpty { throw ReplyError("ERR IDMP requires a non-empty idempotent ID") }
                idempotent = IdempotentAdd(producer: ctx.args[i + 1], iid: ctx.args[i + 2])
                i += 2
            } else if newest && xadd && ctx.isKeyword(i, "idmpauto") && more >= 1 {
                if idempotent != nil { throw ReplyError("ERR IDMP/IDMPAUTO specified multiple times") }
                if ctx.args[i + 1].isEmpty { throw ReplyError("ERR IDMPAUTO requires a non-empty producer ID") }
                idempotent = IdempotentAdd(producer: ctx.args[i + 1], iid: nil)
                i += 1
            } else if ctx.isKeyword(i, "maxlen") && more > 0 {
                if strategy != nil { throw ReplyError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible") }
                approximate = false
                let next = ctx.args[i + 1]
                if more >= 2 && next == [UInt8(ascii: "~")] { approximate = true; i += 1 }
                else if more >= 2 && next == [UInt8(ascii: "=")] { i += 1 }
                let maxLen = try ctx.integer(i + 1)
                if maxLen < 0 { throw ReplyError("ERR The MAXLEN argument must be >= 0.") }
                i += 1
                strategy = .maxLength(UInt64(maxLen))
            } else if ctx.isKeyword(i, "minid") && more > 0 {
                if strategy != nil { throw ReplyError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible") }
                approximate = false
                let next = ctx.args[i + 1]
                if more >= 2 && next == [UInt8(ascii: "~")] { approximate = true; i += 1 }
                else if more >= 2 && next == [UInt8(ascii: "=")] { i += 1 }
                strategy = .minID(try ctx.streamID(i + 1))
                i += 1
            } else if ctx.isKeyword(i, "limit") && more > 0 {
                limit = try ctx.integer(i + 1)
                if limit < 0 { throw ReplyError("ERR The LIMIT argument must be >= 0.") }
                limitGiven = true
                i += 1
            } else if xadd && ctx.isKeyword(i, "nomkstream") {
                noMkStream = true
            } else if xadd {
                guard let parsed = StreamIDParser.parse(ctx.args[i], strict: true, allowAutoSequence: true) else {
                    throw .invalidStreamID
                }
                id = parsed
                break
            } else {
                throw .syntax
            }
            i += 1
        }
        idIndex = i
        if idempotent != nil && id != nil {
            throw ReplyError("ERR IDMP/IDMPAUTO can be used only with auto-generated IDs")
        }
        if limit != 0 && strategy == nil {
            throw ReplyError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")
        }
        if !xadd && strategy == nil {
            throw ReplyError("ERR syntax error, XTRIM must be called with a trimming strategy")
        }
        if limitGiven {
            if !approximate { throw ReplyError("ERR syntax error, LIMIT cannot be used without the special ~ option") }
        } else {
            limit = approximate ? Int64(100 * config.nodeMaxEntries) : 0
        }
    }
}

extension StreamCommandSet {
    static func xadd(_ ctx: inout CommandContext) throws -> RESPValue {
        let config = ctx.keyspace.config
        let parsed = try AddTrimArguments(ctx, xadd: true, config: config)
        let fieldPos = parsed.idIndex + 1
        let n = ctx.args.count - fieldPos
        if n < 2 || n % 2 == 1 { throw ReplyError("ERR wrong number of arguments for 'xadd' command") }
        if case .id(let id)? = parsed.id, id.isZero {
            throw ReplyError("ERR The ID specified in XADD must be greater than 0-0")
        }
        let key = ctx.args[1]
        var s = try ctx.stream(1)
        if s == nil {
            if parsed.noMkStream { return .nullBulk }
            s = try ctx.keyspace.streamCreatingIfNeeded(ctx.db, key)
        }
        let stream = s!
        let pairs = ctx.args[fieldPos...]
        // Redis 8.6: a repeated idempotent add answers the first add's ID and adds nothing.
        var idempotentID: [UInt8]? = nil
        if let add = parsed.idempotent {
            let iid = add.iid ?? IdempotencyLog.automaticID(pairs: pairs)
            if let first = stream.idempotency.firstID(producer: add.producer, iid: iid, now: ctx.now) { return .id(first) }
            idempotentID = iid
        }
        if stream.lastID == .max { throw StreamError.idExhausted }
        let id: StreamID
        do {
            id = try stream.append(id: parsed.id, pairs: pairs, nowMs: ctx.now, config: config)
        } catch {
            if stream.length == 0 && stream.entriesAdded == 0 && stream.groups.isEmpty && stream.lastID.isZero {
                ctx.keyspace.delete(ctx.db, key)
            }
            throw error
        }
        if let add = parsed.idempotent, let iid = idempotentID {
            stream.idempotency.record(producer: add.producer, iid: iid, id: id, now: ctx.now)
        }
        if let strategy = parsed.strategy {
            stream.trim(strategy, approximate: parsed.approximate, limit: Int(parsed.limit), policy: parsed.policy)
        }
        ctx.keyspace.signal(ctx.db, key, .dataAvailable)
        return .id(id)
    }

    static func xtrim(_ ctx: inout CommandContext) throws -> RESPValue {
        let parsed = try AddTrimArguments(ctx, xadd: false, config: ctx.keyspace.config)
        guard let stream = try ctx.stream(1) else { return .integer(0) }
        let removed = stream.trim(parsed.strategy!, approximate: parsed.approximate, limit: Int(parsed.limit), policy: parsed.policy)
        return .integer(Int64(removed))
    }

    static func xdel(_ ctx: inout CommandContext) throws -> RESPValue {
        guard let stream = try ctx.stream(1) else { return .integer(0) }
        var ids: [StreamID] = []
        for i in 2..<ctx.args.count { ids.append(try ctx.streamID(i)) }
        return .integer(Int64(stream.delete(ids)))
    }

    static func xlen(_ ctx: inout CommandContext) throws -> RESPValue {
        .integer(Int64(try ctx.stream(1)?.length ?? 0))
    }

    static func xsetid(_ ctx: inout CommandContext) throws -> RESPValue {
        let id = try ctx.streamID(2)
        var entriesAdded: Int64 = -1
        var maxDeleted = StreamID.zero
        var i = 3
        while i < ctx.args.count {
            let more = ctx.args.count - 1 - i
            if ctx.isKeyword(i, "entriesadded") && more > 0 {
                entriesAdded = try ctx.integer(i + 1)
                if entriesAdded < 0 { throw ReplyError("ERR entries_added must be positive") }
                i += 2
            } else if ctx.isKeyword(i, "maxdeletedid") && more > 0 {
                maxDeleted = try ctx.streamID(i + 1)
                if id < maxDeleted {
                    throw ReplyError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
                }
                i += 2
            } else {
                throw ReplyError.syntax
            }
        }
        guard let stream = try ctx.stream(1) else { throw StreamError.noSuchKey }
        // Redis 7.2 also refuses an ID below the stream's max deleted ID, empty or not.
        if ctx.dialect.since7_2 && id < stream.maxDeletedID {
            throw ReplyError("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id")
        }
        if stream.length > 0 {
            if id < stream.edgeID(first: false) {
                throw ReplyError("ERR The ID specified in XSETID is smaller than the target stream top item")
            }
            if entriesAdded != -1 && stream.length > UInt64(entriesAdded) {
                throw ReplyError("ERR The entries_added specified in XSETID is smaller than the target stream length")
            }
        }
        stream.setID(id, entriesAdded: entriesAdded == -1 ? nil : UInt64(entriesAdded), maxDeletedID: maxDeleted.isZero ? nil : maxDeleted)
        return .ok
    }
}
