import RESP
import StreamEngine

/// The name and version StreamScope reports (HELLO, the prompt's banner).
public enum ServerInfo {
    public static let name = "streamscope"
    public static let version = "0.1.0"
}

/// Connection and server commands that need no socket: PING, ECHO, SELECT, HELLO,
/// CONFIG GET/SET for the stream node limits, TIME, SAVE and its kin.
enum ServerCommandSet {
    static var all: [CommandRecord] {
        [
            CommandRecord("ping", arity: -1, [.fast], acl: "fast connection",
                          tips: "request_policy:all_shards response_policy:all_succeeded", .engine(reply(ping))),
            CommandRecord("echo", arity: 2, [.loading, .stale, .fast], acl: "fast connection",
                          .engine(reply { ctx in .bulkString(ctx.args[1]) })),
            CommandRecord("select", arity: 2, [.loading, .stale, .fast], acl: "fast connection", .engine(reply(select))),
            // The server adds authentication (HELLO 3 AUTH user pass).
            CommandRecord("hello", arity: -1, [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], acl: "fast connection",
                          .serverOverEngine(reply(hello))),
            CommandRecord("time", arity: 1, [.loading, .stale, .fast], acl: "fast", tips: "nondeterministic_output",
                          .engine(reply(time))),
            CommandRecord("save", arity: 1, [.admin, .noscript, .noAsyncLoading, .noMulti], acl: "admin slow dangerous",
                          .engine(reply { ctx in try persist(ctx, reply: .ok) })),
            CommandRecord("bgsave", arity: -1, [.admin, .noscript, .noAsyncLoading], acl: "admin slow dangerous",
                          .engine(reply { ctx in
                try persist(ctx, reply: .simpleString("Background saving started"), background: true)
            })),
            CommandRecord("bgrewriteaof", arity: 1, [.admin, .noscript, .noAsyncLoading], acl: "admin slow dangerous",
                          .engine(reply { ctx in
                try persist(ctx, reply: .simpleString("Background append only file rewriting started"), background: true)
            })),
            CommandRecord("lastsave", arity: 1, [.loading, .stale, .fast], acl: "admin fast dangerous",
                          tips: "nondeterministic_output",
                          .engine(reply { ctx in .integer(ctx.durability.persistence?.lastSaveSeconds ?? 0) })),
            // The engine holds the stream node limits; the server adds its own parameters.
            CommandRecord(container: "config", arity: -2, acl: "slow", [
                CommandRecord("config|get", arity: -3, [.admin, .noscript, .loading, .stale], acl: "admin slow dangerous",
                              .serverOverEngine(reply(configGet))),
                CommandRecord("config|resetstat", arity: 2, [.admin, .noscript, .loading, .stale], acl: "admin slow dangerous",
                              .server),
                // The node limits shape every node built after it, so replay needs it.
                CommandRecord("config|set", arity: -4, [.admin, .noscript, .loading, .stale], acl: "admin slow dangerous",
                              tips: "request_policy:all_nodes response_policy:all_succeeded",
                              journal: .always, .serverOverEngine(reply(configSet))),
            ]),
        ]
    }

    /// SAVE waits for the snapshot; BGSAVE and BGREWRITEAOF start it and reply at once.
    static func persist(_ ctx: CommandContext, reply: RESPValue, background: Bool = false) throws -> RESPValue {
        guard let store = ctx.durability.persistence else {
            throw ReplyError("ERR persistence is off: start StreamScope with --data DIR to save")
        }
        if let failure = background ? store.saveInBackground() : store.saveNow() {
            throw ReplyError(failure.hasPrefix("Background save already in progress") ? "ERR \(failure)" : "ERR saving failed: \(failure)")
        }
        return reply
    }

    static func ping(_ ctx: inout CommandContext) throws -> RESPValue {
        if ctx.args.count > 2 { throw ReplyError("ERR wrong number of arguments for 'ping' command") }
        return ctx.args.count == 2 ? .bulkString(ctx.args[1]) : .simpleString("PONG")
    }

    static func select(_ ctx: inout CommandContext) throws -> RESPValue {
        let index = try ctx.integer(1)
        guard index >= 0 && index < Int64(ctx.keyspace.databases.count) else {
            throw ReplyError("ERR DB index is out of range")
        }
        ctx.session.db = Int(index)
        return .ok
    }

    /// HELLO [protover [AUTH user pass] [SETNAME name]]. Authentication itself belongs
    /// to the server; here AUTH is only parsed.
    static func hello(_ ctx: inout CommandContext) throws -> RESPValue {
        var version = Int64(ctx.session.protocolVersion)
        if ctx.args.count >= 2 {
            guard let v = StreamIDParser.parseStrictInt64(ctx.args[1]) else {
                throw ReplyError("ERR Protocol version is not an integer or out of range")
            }
            guard v == 2 || v == 3 else { throw ReplyError("NOPROTO unsupported protocol version") }
            version = v
        }
        var name: [UInt8]? = nil
        var i = 2
        while i < ctx.args.count {
            let more = ctx.args.count - i - 1
            if ctx.isKeyword(i, "auth") && more >= 2 {
                i += 3
            } else if ctx.isKeyword(i, "setname") && more >= 1 {
                let candidate = ctx.args[i + 1]
                if candidate.contains(where: { $0 < 33 || $0 > 126 }) {
                    throw ReplyError("ERR Client names cannot contain spaces, newlines or special characters.")
                }
                name = candidate
                i += 2
            } else {
                throw ReplyError("ERR Syntax error in HELLO option '\(CommandServer.clip(ctx.args[i], 1 << 16))'")
            }
        }
        if let name { ctx.session.name = name.isEmpty ? nil : name }
        ctx.session.protocolVersion = Int(version)
        return .fields([
            ("server", .bulk(ServerInfo.name)),
            ("version", .bulk(ServerInfo.version)),
            ("proto", .integer(version)),
            ("id", .integer(ctx.session.clientID)),
            ("mode", .bulk("standalone")),
            ("role", .bulk("master")),
            ("modules", .array([])),
        ])
    }

    static func time(_ ctx: inout CommandContext) throws -> RESPValue {
        let ms = ctx.now
        return .array([.bulk(String(ms / 1000)), .bulk(String((ms % 1000) * 1000))])
    }

    // MARK: CONFIG

    static let configNames = ["stream-node-max-bytes", "stream-node-max-entries"]
    /// Redis 8.6's: the IDMP limits new streams start with.
    static let idmpConfigNames = ["stream-idmp-duration", "stream-idmp-maxsize"]

    /// The stream parameters `dialect` has. O(1)
    static func configNames(_ dialect: RedisDialect) -> [String] {
        dialect.since8_2 ? configNames + idmpConfigNames : configNames
    }

    static func configValue(_ name: String, _ config: StreamConfig) -> Int {
        switch name {
        case "stream-node-max-bytes": return config.nodeMaxBytes
        case "stream-idmp-duration": return config.idmpDuration
        case "stream-idmp-maxsize": return config.idmpMaxSize
        default: return config.nodeMaxEntries
        }
    }

    /// CONFIG GET pattern [pattern ...]: the stream parameters whose names match.
    static func configGet(_ ctx: inout CommandContext) throws -> RESPValue {
        var out: [(RESPValue, RESPValue)] = []
        for name in configNames(ctx.keyspace.dialect) {
            let matched = ctx.args[2...].contains { GlobPattern.matches($0, Array(name.utf8), caseless: true) }
            if matched { out.append((.bulk(name), .bulk(String(configValue(name, ctx.keyspace.config))))) }
        }
        return .map(out)
    }

    /// CONFIG SET name value [name value ...], all or nothing, with Redis's texts.
    static func configSet(_ ctx: inout CommandContext) throws -> RESPValue {
        if ctx.args.count % 2 == 1 { throw ReplyError("ERR wrong number of arguments for 'config|set' command") }
        var config = ctx.keyspace.config
        var seen: Set<String> = []
        var i = 2
        while i < ctx.args.count {
            let name = ctx.keyword(i)
            let failure = "ERR CONFIG SET failed (possibly related to argument '\(name)') - "
            guard configNames(ctx.keyspace.dialect).contains(name) else {
                throw ReplyError("ERR Unknown option or number of arguments for CONFIG SET - '\(CommandServer.clip(ctx.args[i], 1 << 16))'")
            }
            guard seen.insert(name).inserted else { throw ReplyError(failure + "duplicate parameter") }
            if name == "stream-node-max-bytes" {
                guard let v = parseMemory(ctx.args[i + 1]) else { throw ReplyError(failure + "argument must be a memory value") }
                guard v <= UInt64(Int64.max) else {
                    throw ReplyError(failure + "argument must be between 0 and 9223372036854775807 inclusive")
                }
                config.nodeMaxBytes = Int(v)
            } else if idmpConfigNames.contains(name) {
                // Redis's integer configs: parsed, then held to their range.
                let range = name == "stream-idmp-duration" ? IdempotencyLog.durationRange : IdempotencyLog.maxSizeRange
                guard let v = StreamIDParser.parseStrictInt64(ctx.args[i + 1]) else {
                    throw ReplyError(failure + "argument couldn't be parsed into an integer")
                }
                guard v >= Int64(range.lowerBound), v <= Int64(range.upperBound) else {
                    throw ReplyError(failure + "argument must be between \(range.lowerBound) and \(range.upperBound) inclusive")
                }
                if name == "stream-idmp-duration" { config.idmpDuration = Int(v) } else { config.idmpMaxSize = Int(v) }
            } else {
                guard let v = StreamIDParser.parseStrictInt64(ctx.args[i + 1]) else {
                    throw ReplyError(failure + "argument couldn't be parsed into an integer")
                }
                guard v >= 0 else { throw ReplyError(failure + "argument must be between 0 and 9223372036854775807 inclusive") }
                config.nodeMaxEntries = Int(v)
            }
            i += 2
        }
        ctx.keyspace.config = config
        return .ok
    }

    /// Redis's `memtoull`: digits with an optional unit b, k, kb, m, mb, g, gb.
    static func parseMemory(_ bytes: [UInt8]) -> UInt64? {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        let units: [(String, UInt64)] = [("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
                                         ("g", 1_000_000_000), ("m", 1_000_000), ("k", 1000), ("b", 1)]
        var digits = Substring(text)
        var multiplier: UInt64 = 1
        for (suffix, m) in units where text.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            multiplier = m
            break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = UInt64(digits) else { return nil }
        let (r, overflow) = v.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : r
    }
}
