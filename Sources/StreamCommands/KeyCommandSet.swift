import RESP
import StreamEngine

/// Key-level commands and the few other data types that stream semantics touch
/// (WRONGTYPE, type changes, RENAME). Replies follow Redis 7.0; KEYS, SCAN and
/// SMEMBERS list in a deterministic order where Redis's is hash order.
enum KeyCommandSet {
    static var all: [CommandRecord] {
        [
            CommandRecord("del", arity: -2, [.write], keys: [KeySpec("RM delete", at: 1, last: -1)], acl: "keyspace write slow",
                          tips: "request_policy:multi_shard response_policy:agg_sum", .engine(reply(del))),
            CommandRecord("exists", arity: -2, [.readonly, .fast], keys: [KeySpec("RO", at: 1, last: -1)],
                          acl: "keyspace read fast", tips: "request_policy:multi_shard response_policy:agg_sum",
                          .engine(reply(exists))),
            CommandRecord("type", arity: 2, [.readonly, .fast], keys: [KeySpec("RO", at: 1)], acl: "keyspace read fast",
                          .engine(reply(type))),
            CommandRecord("rename", arity: 3, [.write], keys: [KeySpec("RW access delete", at: 1), KeySpec("OW update", at: 2)],
                          acl: "keyspace write slow",
                          .engine(reply(rename))),
            CommandRecord("keys", arity: 2, [.readonly], acl: "keyspace read slow dangerous",
                          tips: "request_policy:all_shards nondeterministic_output_order", .engine(reply(keys))),
            CommandRecord("scan", arity: -2, [.readonly], acl: "keyspace read slow",
                          tips: "nondeterministic_output request_policy:special", .engine(reply(scan))),
            CommandRecord("dbsize", arity: 1, [.readonly, .fast], acl: "keyspace read fast",
                          tips: "request_policy:all_shards response_policy:agg_sum",
                          .engine(reply { ctx in .integer(Int64(ctx.keyspace.databases[ctx.db].count)) })),
            CommandRecord("flushdb", arity: -1, [.write], acl: "keyspace write slow dangerous",
                          tips: "request_policy:all_shards response_policy:all_succeeded", .engine(reply(flushdb))),
            CommandRecord("flushall", arity: -1, [.write], acl: "keyspace write slow dangerous",
                          tips: "request_policy:all_shards response_policy:all_succeeded", .engine(reply(flushall))),
            CommandRecord("set", arity: -3, [.write, .denyoom],
                          keys: [KeySpec("RW access update variable_flags", at: 1, notes: "RW and ACCESS due to the optional `GET` argument")],
                          acl: "write string slow", .engine(reply(set))),
            CommandRecord("get", arity: 2, [.readonly, .fast], keys: [KeySpec("RO access", at: 1)], acl: "read string fast",
                          .engine(reply(get))),
            CommandRecord("lpush", arity: -3, [.write, .denyoom, .fast], keys: [KeySpec("RW insert", at: 1)],
                          acl: "write list fast", .engine(reply(lpush))),
            CommandRecord("lrange", arity: 4, [.readonly], keys: [KeySpec("RO access", at: 1)], acl: "read list slow",
                          .engine(reply(lrange))),
            CommandRecord("sadd", arity: -3, [.write, .denyoom, .fast], keys: [KeySpec("RW insert", at: 1)], acl: "write set fast",
                          .engine(reply(sadd))),
            CommandRecord("smembers", arity: 2, [.readonly], keys: [KeySpec("RO access", at: 1)], acl: "read set slow",
                          tips: "nondeterministic_output_order", .engine(reply(smembers))),
        ]
    }

    static let wrongType = ReplyError(StreamError.wrongType.message)

    static func del(_ ctx: inout CommandContext) throws -> RESPValue {
        var n: Int64 = 0
        for k in ctx.args.dropFirst() where ctx.keyspace.delete(ctx.db, k) { n += 1 }
        return .integer(n)
    }

    static func exists(_ ctx: inout CommandContext) throws -> RESPValue {
        .integer(Int64(ctx.args.dropFirst().filter { ctx.keyspace.value(ctx.db, $0) != nil }.count))
    }

    static func type(_ ctx: inout CommandContext) throws -> RESPValue {
        .simpleString(ctx.keyspace.value(ctx.db, ctx.args[1])?.typeName ?? "none")
    }

    static func rename(_ ctx: inout CommandContext) throws -> RESPValue {
        guard ctx.keyspace.rename(ctx.db, from: ctx.args[1], to: ctx.args[2]) else { throw StreamError.noSuchKey }
        return .ok
    }

    /// Keys of the selected database in byte order. O(n log n).
    static func sortedKeys(_ ctx: CommandContext) -> [[UInt8]] {
        ctx.keyspace.databases[ctx.db].values.keys.sorted { $0.lexicographicallyPrecedes($1) }
    }

    static func keys(_ ctx: inout CommandContext) throws -> RESPValue {
        let pattern = ctx.args[1]
        let all = pattern == [UInt8(ascii: "*")]
        return .array(sortedKeys(ctx).filter { all || GlobPattern.matches(pattern, $0) }.map { .bulkString($0) })
    }

    /// SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]. The cursor is a position in
    /// byte order, so keys present for the whole scan are returned exactly once.
    static func scan(_ ctx: inout CommandContext) throws -> RESPValue {
        guard let cursor = StreamIDParser.parseUnsigned(ctx.args[1][...]) else { throw ReplyError("ERR invalid cursor") }
        var count = 10
        var pattern: [UInt8]? = nil
        var typeFilter: String? = nil
        var i = 2
        while i < ctx.args.count {
            let more = ctx.args.count - i - 1
            if ctx.isKeyword(i, "count") && more >= 1 {
                let v = try ctx.integer(i + 1)
                if v < 1 { throw ReplyError.syntax }
                count = Int(min(v, Int64(Int32.max)))
            } else if ctx.isKeyword(i, "match") && more >= 1 {
                pattern = ctx.args[i + 1]
            } else if ctx.isKeyword(i, "type") && more >= 1 {
                typeFilter = String(decoding: ctx.args[i + 1], as: UTF8.self).lowercased()
            } else {
                throw ReplyError.syntax
            }
            i += 2
        }
        let keys = sortedKeys(ctx)
        let start = Int(min(cursor, UInt64(keys.count)))
        let end = min(keys.count, start + count)
        var out: [RESPValue] = []
        for k in keys[start..<end] {
            if let pattern, !GlobPattern.matches(pattern, k) { continue }
            if let typeFilter, ctx.keyspace.value(ctx.db, k)?.typeName != typeFilter { continue }
            out.append(.bulkString(k))
        }
        let next = end >= keys.count ? 0 : end
        return .array([.bulk(String(next)), .array(out)])
    }

    static func flushOption(_ ctx: CommandContext) throws {
        if ctx.args.count > 2 { throw ReplyError.syntax }
        if ctx.args.count == 2 && !ctx.isKeyword(1, "sync") && !ctx.isKeyword(1, "async") { throw ReplyError.syntax }
    }

    static func flushdb(_ ctx: inout CommandContext) throws -> RESPValue {
        try flushOption(ctx)
        ctx.keyspace.flush(ctx.db)
        return .ok
    }

    static func flushall(_ ctx: inout CommandContext) throws -> RESPValue {
        try flushOption(ctx)
        ctx.keyspace.flushAll()
        return .ok
    }

    /// SET key value [NX | XX] [GET]. Expiry options are not supported.
    static func set(_ ctx: inout CommandContext) throws -> RESPValue {
        var nx = false, xx = false, get = false
        for i in 3..<ctx.args.count {
            if ctx.isKeyword(i, "nx") && !xx { nx = true }
            else if ctx.isKeyword(i, "xx") && !nx { xx = true }
            else if ctx.isKeyword(i, "get") { get = true }
            else { throw ReplyError.syntax }
        }
        let old = ctx.keyspace.value(ctx.db, ctx.args[1])
        var previous = RESPValue.nullBulk
        if get {
            switch old {
            case nil: break
            case .string(let v)?: previous = .bulkString(v)
            default: throw wrongType
            }
        }
        if (nx && old != nil) || (xx && old == nil) { return get ? previous : .nullBulk }
        ctx.keyspace.set(ctx.db, ctx.args[1], .string(ctx.args[2]))
        return get ? previous : .ok
    }

    static func get(_ ctx: inout CommandContext) throws -> RESPValue {
        switch ctx.keyspace.value(ctx.db, ctx.args[1]) {
        case nil: return .nullBulk
        case .string(let v)?: return .bulkString(v)
        default: throw wrongType
        }
    }

    static func lpush(_ ctx: inout CommandContext) throws -> RESPValue {
        var list: [[UInt8]]
        switch ctx.keyspace.value(ctx.db, ctx.args[1]) {
        case nil: list = []
        case .list(let l)?: list = l
        default: throw wrongType
        }
        list.reverse()
        list.append(contentsOf: ctx.args[2...])
        list.reverse()
        ctx.keyspace.set(ctx.db, ctx.args[1], .list(list))
        return .integer(Int64(list.count))
    }

    static func lrange(_ ctx: inout CommandContext) throws -> RESPValue {
        var start = try ctx.integer(2)
        var stop = try ctx.integer(3)
        let list: [[UInt8]]
        switch ctx.keyspace.value(ctx.db, ctx.args[1]) {
        case nil: return .array([])
        case .list(let l)?: list = l
        default: throw wrongType
        }
        let n = Int64(list.count)
        if start < 0 { start = n + start }
        if stop < 0 { stop = n + stop }
        if start < 0 { start = 0 }
        if start > stop || start >= n { return .array([]) }
        if stop >= n { stop = n - 1 }
        return .array(list[Int(start)...Int(stop)].map { .bulkString($0) })
    }

    static func sadd(_ ctx: inout CommandContext) throws -> RESPValue {
        var set: OrderedByteSet
        switch ctx.keyspace.value(ctx.db, ctx.args[1]) {
        case nil: set = OrderedByteSet()
        case .set(let s)?: set = s
        default: throw wrongType
        }
        var added: Int64 = 0
        for m in ctx.args[2...] where set.insert(m) { added += 1 }
        ctx.keyspace.set(ctx.db, ctx.args[1], .set(set))
        return .integer(added)
    }

    static func smembers(_ ctx: inout CommandContext) throws -> RESPValue {
        switch ctx.keyspace.value(ctx.db, ctx.args[1]) {
        case nil: return .set([])
        case .set(let s)?: return .set(s.members.map { .bulkString($0) })
        default: throw wrongType
        }
    }
}
