import RESP
import StreamEngine

/// COMMAND DOCS: what each command does, which Redis version added it, its group and
/// its arguments, in the shape Redis 7 gives (clients such as redis-cli 7.2 and later
/// build their typing hints from the argument trees). The trees come from
/// `CommandDocs+Arguments.swift`, generated from redis-server; the summaries are ours.
enum CommandDocs {
    /// The facts of one command as Redis documents them.
    struct Facts: Sendable {
        let since: String
        let group: String
        var arguments: [Argument] = []
    }

    /// One argument: a plain value, a token, or a group (`oneof`, `block`) of arguments.
    struct Argument: Sendable {
        let name: String
        let kind: Kind
        var keySpecIndex: Int? = nil
        var token: String? = nil
        var since: String? = nil
        var flags: [Flag] = []
        var arguments: [Argument] = []

        init(_ name: String, _ kind: Kind, keySpecIndex: Int? = nil, token: String? = nil, since: String? = nil,
             flags: [Flag] = [], arguments: [Argument] = []) {
            self.name = name
            self.kind = kind
            self.keySpecIndex = keySpecIndex
            self.token = token
            self.since = since
            self.flags = flags
            self.arguments = arguments
        }
    }

    enum Kind: String, Sendable {
        case string, integer, double, key, pattern, block
        case unixTime = "unix-time"
        case pureToken = "pure-token"
        case oneOf = "oneof"
    }

    enum Flag: String, Sendable {
        case optional, multiple
        case multipleToken = "multiple_token"
    }

    /// One line per command, in our words.
    static let summaries: [String: String] = [
        "auth": "Authenticates the connection.",
        "bgrewriteaof": "Compacts the journal in the background by writing a fresh snapshot.",
        "bgsave": "Writes a snapshot of the data in the background.",
        "client": "Container for commands about client connections.",
        "client|getname": "Returns the connection's name.",
        "client|id": "Returns the connection's unique ID.",
        "client|info": "Describes this connection, in the format of CLIENT LIST.",
        "client|kill": "Closes one or more client connections.",
        "client|list": "Describes every client connection, one line each.",
        "client|setname": "Names the connection.",
        "command": "Describes the commands the server knows.",
        "command|count": "Counts the commands the server knows.",
        "command|docs": "Documents commands: summary, version, group and arguments.",
        "command|info": "Describes the named commands: arity, flags and key positions.",
        "command|list": "Lists the names of the commands the server knows.",
        "config": "Container for commands that read and change the configuration.",
        "config|get": "Returns configuration parameters matching the patterns.",
        "config|resetstat": "Resets the statistics that INFO reports.",
        "config|set": "Changes configuration parameters while the server runs.",
        "dbsize": "Counts the keys of the selected database.",
        "debug": "Debugging command (StreamScope answers with an error).",
        "del": "Removes keys.",
        "discard": "Drops the commands queued since MULTI.",
        "echo": "Returns its argument.",
        "exec": "Runs the commands queued since MULTI, atomically.",
        "exists": "Counts how many of the given keys exist.",
        "flushall": "Removes every key of every database.",
        "flushdb": "Removes every key of the selected database.",
        "function": "Container for function commands.",
        "function|flush": "Removes all functions (StreamScope has none).",
        "get": "Returns a string key's value.",
        "hello": "Chooses the protocol version, optionally authenticating and naming the connection.",
        "info": "Reports the server's state and statistics, by section.",
        "keys": "Lists the keys matching a pattern.",
        "lastsave": "Returns the Unix time of the last successful snapshot.",
        "lpush": "Prepends values to a list.",
        "lrange": "Returns a range of a list.",
        "memory": "Container for memory commands.",
        "memory|usage": "Estimates the bytes a key and its value take.",
        "multi": "Starts a transaction: commands queue until EXEC.",
        "ping": "Answers PONG, or echoes its argument.",
        "quit": "Closes the connection.",
        "rename": "Gives a key a new name.",
        "sadd": "Adds members to a set.",
        "save": "Writes a snapshot of the data now, blocking other clients.",
        "scan": "Iterates over the keys with a cursor.",
        "select": "Switches the connection to another database.",
        "set": "Sets a string key's value.",
        "smembers": "Returns all members of a set.",
        "time": "Returns the server's clock as seconds and microseconds.",
        "type": "Returns the type of a key's value.",
        "unwatch": "Forgets all keys watched by the connection.",
        "watch": "Watches keys: EXEC fails if any of them changes first.",
        "xack": "Marks pending entries of a consumer group as processed.",
        "xadd": "Appends an entry to a stream, creating the stream if needed.",
        "xautoclaim": "Scans a group's pending entries and hands idle ones to another consumer.",
        "xclaim": "Hands the given pending entries to another consumer.",
        "xdel": "Removes entries from a stream by ID.",
        "xcfgset": "Sets how long, and how many, idempotent IDs a stream remembers per producer.",
        "xnack": "Hands pending entries back to their group unacknowledged, for any consumer to claim first.",
        "xackdel": "Acknowledges entries in a consumer group and deletes them, keeping or dropping other groups' references.",
        "xdelex": "Deletes entries, keeping or dropping the consumer groups' references to them, or only once no group needs them.",
        "xgroup": "Container for consumer group commands.",
        "xgroup|create": "Creates a consumer group.",
        "xgroup|createconsumer": "Adds a consumer to a consumer group.",
        "xgroup|delconsumer": "Removes a consumer from a consumer group.",
        "xgroup|destroy": "Removes a consumer group.",
        "xgroup|help": "Lists the XGROUP subcommands.",
        "xgroup|setid": "Moves a consumer group's last delivered ID.",
        "xinfo": "Container for stream introspection commands.",
        "xinfo|consumers": "Lists the consumers of a consumer group.",
        "xinfo|groups": "Lists the consumer groups of a stream.",
        "xinfo|help": "Lists the XINFO subcommands.",
        "xinfo|stream": "Describes a stream.",
        "xlen": "Counts the entries of a stream.",
        "xpending": "Summarizes or lists a consumer group's pending entries.",
        "xrange": "Returns the entries of a stream within an ID range.",
        "xread": "Reads entries after given IDs from one or more streams, optionally waiting for them.",
        "xreadgroup": "Reads entries for a consumer of a group, optionally waiting for new ones.",
        "xrevrange": "Returns the entries of a stream within an ID range, newest first.",
        "xsetid": "Sets a stream's last generated ID and counters.",
        "xtrim": "Removes the oldest entries of a stream.",
    ]

    /// The COMMAND DOCS reply for `names` (every documented command when empty): each
    /// command's record leads to its docs; unknown or undocumented names are left out,
    /// as Redis leaves out unknown ones. O(size of the docs).
    static func reply(_ names: [String], dialect: RedisDialect) -> RESPValue {
        let records = names.isEmpty ? CommandServer.records(in: dialect)
            : names.compactMap { CommandServer.record(named: $0, in: dialect) }
        return .map(records.compactMap { r in doc(r, dialect: dialect).map { (.bulk(r.name), $0) } })
    }

    /// One command's map: summary, since, group, arguments, documented subcommands.
    static func doc(_ record: CommandRecord, dialect: RedisDialect) -> RESPValue? {
        guard let f = facts(record.name, in: dialect) else { return nil }
        var fields: [(RESPValue, RESPValue)] = [
            (.bulk("summary"), .bulk(summaries[record.name] ?? "")),
            (.bulk("since"), .bulk(f.since)),
            (.bulk("group"), .bulk(f.group)),
        ]
        if !f.arguments.isEmpty {
            fields.append((.bulk("arguments"), .array(f.arguments.map(argument))))
        }
        let subs = record.subcommands.values.sorted { $0.name < $1.name }.compactMap { s in doc(s, dialect: dialect).map { (RESPValue.bulk(s.name), $0) } }
        if !subs.isEmpty {
            fields.append((.bulk("subcommands"), .map(subs)))
        }
        return .map(fields)
    }

    static func argument(_ a: Argument) -> RESPValue {
        var fields: [(RESPValue, RESPValue)] = [(.bulk("name"), .bulk(a.name)), (.bulk("type"), .bulk(a.kind.rawValue))]
        if let k = a.keySpecIndex { fields.append((.bulk("key_spec_index"), .integer(Int64(k)))) }
        if let t = a.token { fields.append((.bulk("token"), .bulk(t))) }
        if let s = a.since { fields.append((.bulk("since"), .bulk(s))) }
        if !a.flags.isEmpty { fields.append((.bulk("flags"), .set(a.flags.map { .simpleString($0.rawValue) }))) }
        if !a.arguments.isEmpty { fields.append((.bulk("arguments"), .array(a.arguments.map(argument)))) }
        return .map(fields)
    }
}
