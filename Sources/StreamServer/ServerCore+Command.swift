import RESP
import StreamCommands

/// COMMAND, COMMAND COUNT, COMMAND INFO, COMMAND LIST, COMMAND DOCS, all read from the
/// command records (engine and server commands alike).
extension ServerCore {
    /// One COMMAND INFO entry as Redis 7.0 gives it: name, arity, flags, first key,
    /// last key, step, ACL categories, tips, key specs, subcommands (an empty set when
    /// there are none, as Redis writes it). O(subcommands + key specs).
    func commandInfo(_ r: CommandRecord) -> RESPValue {
        .array([
            .bulk(r.name),
            .integer(Int64(r.arity)),
            .set(r.flags.names.map { .simpleString($0) }),
            .integer(Int64(r.keys.first)), .integer(Int64(r.keys.last)), .integer(Int64(r.keys.step)),
            .set(r.categories.map { .simpleString("@" + $0) }),
            .set(r.tips(for: keyspace.dialect).map { .bulk($0) }),
            .set(r.keySpecs(for: keyspace.dialect).map(keySpecInfo)),
            r.isContainer ? .array(r.subcommands.values.sorted { $0.name < $1.name }.map(commandInfo)) : .set([]),
        ])
    }

    /// One key spec as COMMAND INFO gives it: notes (if any), flags, begin_search and
    /// find_keys, in Redis's order. O(1).
    func keySpecInfo(_ k: KeySpec) -> RESPValue {
        var fields: [(RESPValue, RESPValue)] = []
        if let notes = k.notes { fields.append((.bulk("notes"), .bulk(notes))) }
        fields.append((.bulk("flags"), .set(k.flags.map { .simpleString($0) })))
        let begin: RESPValue
        switch k.begin {
        case .index(let i):
            begin = .map([(.bulk("type"), .bulk("index")), (.bulk("spec"), .map([(.bulk("index"), .integer(Int64(i)))]))])
        case .keyword(let word, let from):
            begin = .map([(.bulk("type"), .bulk("keyword")),
                          (.bulk("spec"), .map([(.bulk("keyword"), .bulk(word)), (.bulk("startfrom"), .integer(Int64(from)))]))])
        }
        fields.append((.bulk("begin_search"), begin))
        fields.append((.bulk("find_keys"), .map([
            (.bulk("type"), .bulk("range")),
            (.bulk("spec"), .map([(.bulk("lastkey"), .integer(Int64(k.lastKey))), (.bulk("keystep"), .integer(Int64(k.keyStep))),
                                  (.bulk("limit"), .integer(Int64(k.limit)))])),
        ])))
        return .map(fields)
    }

    /// COMMAND [COUNT | LIST | INFO [name ...] | DOCS [name ...]]; the record has
    /// checked the subcommand and its arity. O(commands).
    func command(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        let dialect = keyspace.dialect
        let all = CommandServer.records(in: dialect)
        guard args.count > 1 else { return .array(all.map(commandInfo)) }
        switch String(decoding: args[1], as: UTF8.self).lowercased() {
        case "count":
            return .integer(Int64(all.count))
        case "list" where args.count == 2:
            return .array(all.map { .bulk($0.name) })
        case "list":
            return .error("ERR wrong number of arguments for 'command|list' command")
        case "info":
            guard args.count > 2 else { return .array(all.map(commandInfo)) }
            return .array(args.dropFirst(2).map {
                CommandServer.record(named: String(decoding: $0, as: UTF8.self).lowercased(), in: dialect).map(commandInfo) ?? .nullBulk
            })
        default:
            return CommandServer.docsReply(args.dropFirst(2).map { String(decoding: $0, as: UTF8.self).lowercased() }, dialect: dialect)
        }
    }
}
