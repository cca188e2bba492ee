import RESP
import StreamEngine

extension StreamCommandSet {
    static let xinfoHelp = [
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    ]

    /// Redis's `addReplyHelp`: a status line per row, headed by the command's name and
    /// closed by the HELP row.
    static func helpReply(_ ctx: CommandContext, _ lines: [String]) -> RESPValue {
        let name = CommandServer.clip(ctx.args[0], 1 << 16).uppercased()
        var rows: [RESPValue] = [.simpleString("\(name) <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")]
        rows += lines.map { .simpleString($0) }
        // Redis 7.2 changed the verb of the closing row.
        rows += [.simpleString("HELP"), .simpleString(ctx.dialect.since7_2 ? "    Print this help." : "    Prints this help.")]
        return .array(rows)
    }

    /// The stream at argument 2 for XINFO, which insists that it exists.
    static func infoStream(_ ctx: CommandContext) throws -> Stream {
        guard let s = try ctx.stream(2) else { throw StreamError.noSuchKey }
        return s
    }

    /// XINFO STREAM key [FULL [COUNT n]]. O(1) without FULL; FULL is O(count) per
    /// section (all of it with COUNT 0).
    static func xinfoStream(_ ctx: inout CommandContext) throws -> RESPValue {
        let s = try infoStream(ctx)  // Redis looks the key up before it reads the options
        var full = false
        var count = 10
        if ctx.args.count > 3 {
            guard ctx.isKeyword(3, "full") else { throw subcommandSyntaxError(ctx) }
            full = true
            if ctx.args.count == 6 && ctx.isKeyword(4, "count") {
                count = Int(max(0, try ctx.integer(5)))
            } else if ctx.args.count != 4 {
                throw subcommandSyntaxError(ctx)
            }
        }
        var rows: [(String, RESPValue)] = [
            ("length", .integer(Int64(s.length))),
            ("radix-tree-keys", .integer(Int64(s.nodeCount))),
            ("radix-tree-nodes", .integer(Int64(s.estimatedRadixNodes))),
            ("last-generated-id", .id(s.lastID)),
            ("max-deleted-entry-id", .id(s.maxDeletedID)),
            ("entries-added", .integer(Int64(s.entriesAdded))),
            ("recorded-first-entry-id", .id(s.firstID)),
        ]
        // Redis 8.6's idempotency figures, in both forms (placed after the stream's own
        // counters: Redis's tests read them by name, its documentation lists no order).
        if ctx.dialect.since8_2 { rows += idempotencyRows(s, now: ctx.now) }
        if !full {
            rows.append(("groups", .integer(Int64(s.groups.count))))
            rows.append(("first-entry", s.firstEntry.map(RESPValue.entry) ?? .nullBulk))
            rows.append(("last-entry", s.lastEntry.map(RESPValue.entry) ?? .nullBulk))
            return .fields(rows)
        }
        rows.append(("entries", .entries(s.range(from: .zero, to: .max, count: count))))
        rows.append(("groups", .array(s.groups.map { fullGroup($0, of: s, count: count, dialect: ctx.dialect) })))
        return .fields(rows)
    }

    /// One group in XINFO STREAM FULL: its PEL and consumers, each cut at `count`.
    static func fullGroup(_ g: ConsumerGroup, of s: Stream, count: Int, dialect: RedisDialect) -> RESPValue {
        var pel: [RESPValue] = []
        g.forEachPending { id, rec in
            pel.append(.array([.id(id), .bulkString(g.owner(of: rec)?.name ?? []),
                               .integer(Int64(rec.deliveryTime)), .integer(Int64(rec.deliveryCount))]))
            return count == 0 || pel.count < count
        }
        let consumers: [RESPValue] = g.consumers.map { c in
            var own: [RESPValue] = []
            for id in c.pendingIDs {
                if count != 0 && own.count >= count { break }
                let rec = g.pendingRecord(id)!
                own.append(.array([.id(id), .integer(Int64(rec.deliveryTime)), .integer(Int64(rec.deliveryCount))]))
            }
            var fields: [(String, RESPValue)] = [("name", .bulkString(c.name)), ("seen-time", .integer(Int64(c.seenTime)))]
            if dialect.since7_2 { fields.append(("active-time", .integer(c.activeTime.map { Int64($0) } ?? -1))) }
            fields += [("pel-count", .integer(Int64(c.pendingCount))), ("pending", .array(own))]
            return .fields(fields)
        }
        return .fields([
            ("name", .bulkString(g.name)),
            ("last-delivered-id", .id(g.lastID)),
            ("entries-read", g.entriesRead.map { .integer($0) } ?? .nullBulk),
            ("lag", s.lag(of: g, dialect: dialect).map { .integer($0) } ?? .nullBulk),
            ("pel-count", .integer(Int64(g.pendingCount))),
        ] + (dialect.since8_2 ? [("nacked-count", .integer(Int64(g.releasedCount)))] : []) + [
            ("pending", .array(pel)),
            ("consumers", .array(consumers)),
        ])
    }

    /// XINFO GROUPS key. O(groups), plus the lag estimate per group.
    static func xinfoGroups(_ ctx: inout CommandContext) throws -> RESPValue {
        let s = try infoStream(ctx)
        let dialect = ctx.dialect
        return .array(s.groups.map { g in
            .fields([
                ("name", .bulkString(g.name)),
                ("consumers", .integer(Int64(g.consumers.count))),
                ("pending", .integer(Int64(g.pendingCount))),
                ("last-delivered-id", .id(g.lastID)),
                ("entries-read", g.entriesRead.map { .integer($0) } ?? .nullBulk),
                ("lag", s.lag(of: g, dialect: dialect).map { .integer($0) } ?? .nullBulk),
            ])
        })
    }

    /// XINFO CONSUMERS key group. O(consumers).
    static func xinfoConsumers(_ ctx: inout CommandContext) throws -> RESPValue {
        let s = try infoStream(ctx)
        guard let g = s.group(named: ctx.args[3]) else {
            throw ReplyError("NOGROUP No such consumer group '\(CommandServer.clip(ctx.args[3], 1 << 20))' for key name '\(CommandServer.clip(ctx.args[2], 1 << 20))'")
        }
        let now = ctx.now
        let since7_2 = ctx.dialect.since7_2
        return .array(g.consumers.map { c in
            var fields: [(String, RESPValue)] = [
                ("name", .bulkString(c.name)),
                ("pending", .integer(Int64(c.pendingCount))),
                ("idle", .integer(now > c.seenTime ? Int64(now - c.seenTime) : 0)),
            ]
            // Redis 7.2: time since the last successful read or claim, -1 if none.
            if since7_2 {
                fields.append(("inactive", .integer(c.activeTime.map { now > $0 ? Int64(now - $0) : 0 } ?? -1)))
            }
            return .fields(fields)
        })
    }
}

extension Stream {
    /// A stand-in for the node count of Redis's radix tree, which depends on how the
    /// node IDs' bytes share prefixes. Differential tests mask it.
    public var estimatedRadixNodes: Int {
        let keys = nodeCount
        return keys <= 1 ? keys + 1 : keys + keys / 2 + 1
    }
}
