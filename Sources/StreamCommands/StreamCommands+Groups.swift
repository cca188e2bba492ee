import RESP
import StreamEngine

extension StreamCommandSet {
    static let xgroupHelp = [
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    ]

    static func subcommandSyntaxError(_ ctx: CommandContext) -> ReplyError {
        ReplyError("ERR unknown subcommand or wrong number of arguments for '\(CommandServer.clip(ctx.args[1], 128))'. Try \(CommandServer.clip(ctx.args[0], 128).uppercased()) HELP.")
    }

    /// What every XGROUP subcommand but HELP checks first (`xgroupCommand`'s prologue).
    struct GroupTarget {
        var stream: Stream?
        var group: ConsumerGroup?
        var mkStream = false
        var entriesRead: Int64? = nil
    }

    static func groupTarget(_ ctx: CommandContext, requireGroup: Bool) throws -> GroupTarget {
        var t = GroupTarget()
        let create = ctx.isKeyword(1, "create")
        let setid = ctx.isKeyword(1, "setid")
        var i = 5
        while i < ctx.args.count {
            if create && ctx.isKeyword(i, "mkstream") {
                t.mkStream = true
                i += 1
            } else if (create || setid) && ctx.isKeyword(i, "entriesread") && i + 1 < ctx.args.count {
                let v = try ctx.integer(i + 1)
                if v < 0 && v != -1 { throw ReplyError("ERR value for ENTRIESREAD must be positive or -1") }
                t.entriesRead = v == -1 ? nil : v
                i += 2
            } else {
                throw subcommandSyntaxError(ctx)
            }
        }
        t.stream = try ctx.stream(2)
        if t.stream == nil && !t.mkStream {
            throw ReplyError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.")
        }
        t.group = t.stream?.group(named: ctx.args[3])
        if requireGroup && t.group == nil {
            throw ReplyError("NOGROUP No such consumer group '\(CommandServer.clip(ctx.args[3], 1 << 20))' for key name '\(CommandServer.clip(ctx.args[2], 1 << 20))'")
        }
        return t
    }

    static func xgroupCreate(_ ctx: inout CommandContext) throws -> RESPValue {
        let t = try groupTarget(ctx, requireGroup: false)
        if ctx.args.count > 8 { throw subcommandSyntaxError(ctx) }
        let id: StreamID
        if ctx.args[4] == [UInt8(ascii: "$")] {
            id = t.stream?.lastID ?? .zero
        } else {
            id = try ctx.streamID(4)
        }
        let stream = try t.stream ?? ctx.keyspace.streamCreatingIfNeeded(ctx.db, ctx.args[2])
        guard stream.createGroup(named: ctx.args[3], lastID: id, entriesRead: cappedEntriesRead(ctx, t.entriesRead, stream)) != nil else {
            throw StreamError.busyGroup
        }
        return .ok
    }

    static func xgroupSetID(_ ctx: inout CommandContext) throws -> RESPValue {
        let t = try groupTarget(ctx, requireGroup: true)
        if ctx.args.count != 5 && ctx.args.count != 7 { throw subcommandSyntaxError(ctx) }
        let id: StreamID
        if ctx.args[4] == [UInt8(ascii: "$")] {
            id = t.stream!.lastID
        } else {
            id = try ctx.streamID(4, strict: false)
        }
        t.stream!.setGroupID(t.group!, to: id, entriesRead: cappedEntriesRead(ctx, t.entriesRead, t.stream!))
        return .ok
    }

    /// Redis 8.2 caps an ENTRIESREAD above the stream's entries-added at entries-added
    /// (a group cannot have read more than was ever added); earlier versions keep it.
    static func cappedEntriesRead(_ ctx: CommandContext, _ entriesRead: Int64?, _ stream: Stream) -> Int64? {
        guard ctx.dialect.since8_2, let e = entriesRead, e > Int64(stream.entriesAdded) else { return entriesRead }
        return Int64(stream.entriesAdded)
    }

    static func xgroupDestroy(_ ctx: inout CommandContext) throws -> RESPValue {
        let t = try groupTarget(ctx, requireGroup: false)
        guard let stream = t.stream, t.group != nil else { return .integer(0) }
        stream.destroyGroup(named: ctx.args[3])
        ctx.keyspace.signal(ctx.db, ctx.args[2], .groupDestroyed)
        return .integer(1)
    }

    static func xgroupCreateConsumer(_ ctx: inout CommandContext) throws -> RESPValue {
        let t = try groupTarget(ctx, requireGroup: true)
        return .integer(t.group!.createConsumer(ctx.args[4], now: ctx.now) ? 1 : 0)
    }

    static func xgroupDelConsumer(_ ctx: inout CommandContext) throws -> RESPValue {
        let t = try groupTarget(ctx, requireGroup: true)
        return .integer(Int64(t.group!.deleteConsumer(ctx.args[4]) ?? 0))
    }

    static func xack(_ ctx: inout CommandContext) throws -> RESPValue {
        guard let stream = try ctx.stream(1), let group = stream.group(named: ctx.args[2]) else { return .integer(0) }
        var ids: [StreamID] = []
        for i in 3..<ctx.args.count { ids.append(try ctx.streamID(i)) }
        var acked = 0
        for id in ids where group.acknowledge(id) { acked += 1 }
        return .integer(Int64(acked))
    }
}
