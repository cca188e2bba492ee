import RESP
import StreamCommands

/// COMMAND, COMMAND COUNT, COMMAND INFO, COMMAND LIST, COMMAND DOCS over the engine's
/// table plus the server's own commands.
extension ServerCore {
    /// Every command, own and engine, as (name, arity, write, subcommands). Sorted.
    var commandDescriptions: [CommandServer.Description] {
        var all = commands.descriptions.filter { Self.ownCommands[$0.name] == nil }
        for own in Self.ownCommands.values {
            let subs = (own.subcommands ?? [:]).map {
                CommandServer.Description(name: "\(own.name)|\($0.key)", arity: $0.value, isWrite: own.isWrite, subcommands: [])
            }.sorted { $0.name < $1.name }
            all.append(CommandServer.Description(name: own.name, arity: own.arity, isWrite: own.isWrite, subcommands: subs))
        }
        return all.sorted { $0.name < $1.name }
    }

    /// One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL
    /// categories, tips, key specs, subcommands.
    func commandInfo(_ d: CommandServer.Description) -> RESPValue {
        let hasKey = d.arity < -1 || d.arity > 1
        let isKeyed = hasKey && (d.name.hasPrefix("x") || ["del", "exists", "type", "rename", "set", "get",
                                                             "lpush", "lrange", "sadd", "smembers"].contains(d.name))
        let first: Int64 = isKeyed ? (d.name.hasPrefix("xgroup|") || d.name.hasPrefix("xinfo|") ? 2 : 1) : 0
        let last: Int64 = isKeyed ? (["del", "exists"].contains(d.name) ? -1 : first) : 0
        return .array([
            .bulk(d.name),
            .integer(Int64(d.arity)),
            .set([.simpleString(d.isWrite ? "write" : "readonly")]),
            .integer(first), .integer(last), .integer(isKeyed ? 1 : 0),
            .set([]), .set([]), .array([]),
            .array(d.subcommands.map(commandInfo)),
        ])
    }

    func command(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        let all = commandDescriptions
        guard args.count > 1 else { return .array(all.map(commandInfo)) }
        let sub = String(decoding: args[1], as: UTF8.self).lowercased()
        switch sub {
        case "count" where args.count == 2:
            return .integer(Int64(all.count))
        case "list" where args.count == 2:
            return .array(all.map { .bulk($0.name) })
        case "info":
            var byName: [String: CommandServer.Description] = [:]
            for d in all {
                byName[d.name] = d
                for s in d.subcommands { byName[s.name] = s }
            }
            let wanted = args.count == 2 ? all.map(\.name) : args.dropFirst(2).map { String(decoding: $0, as: UTF8.self).lowercased() }
            return .array(wanted.map { byName[$0].map(commandInfo) ?? .nullArray })
        case "docs":
            return CommandDocs.reply(args.dropFirst(2).map { String(decoding: $0, as: UTF8.self).lowercased() })
        case "count", "list":
            return .error("ERR wrong number of arguments for 'command|\(sub)' command")
        default:
            return .error(CommandServer.unknownSubcommandText("command", args[1]))
        }
    }
}
