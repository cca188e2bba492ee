import StreamEngine

/// COMMAND DOCS in the newest dialect: the commands Redis 8.6 and 8.8 added, and the
/// argument trees of the commands 8.2 through 8.10 gave new options, written from the
/// command pages' syntax (no server here has them to generate from). The 7.0 and 8.0
/// dialects keep the trees generated from their servers.
extension CommandDocs {
    /// The newest dialect's trees of commands whose arguments changed after 8.0.
    static let newestFacts: [String: Facts] = {
        var out: [String: Facts] = [:]
        let condition = Argument("condition", .oneOf, since: "8.2.0", flags: [.optional], arguments: [
            Argument("keepref", .pureToken, token: "KEEPREF"),
            Argument("delref", .pureToken, token: "DELREF"),
            Argument("acked", .pureToken, token: "ACKED"),
        ])
        let idempotency = Argument("idmp", .oneOf, since: "8.6.0", flags: [.optional], arguments: [
            Argument("idmpauto", .string, token: "IDMPAUTO"),
            Argument("idmp", .block, token: "IDMP", arguments: [
                Argument("producer-id", .string),
                Argument("idempotent-id", .string),
            ]),
        ])
        let limits = [
            Argument("maxcount", .integer, token: "MAXCOUNT", since: "8.10.0", flags: [.optional]),
            Argument("maxsize", .integer, token: "MAXSIZE", since: "8.10.0", flags: [.optional]),
        ]
        let claim = Argument("min-idle-time", .integer, token: "CLAIM", since: "8.4.0", flags: [.optional])
        out["xadd"] = facts["xadd"]!.inserting([condition, idempotency], after: "nomkstream")
        out["xtrim"] = facts["xtrim"]!.inserting([condition], after: "trim")
        out["xread"] = facts["xread"]!.inserting(limits, after: "count")
        out["xreadgroup"] = facts["xreadgroup"]!.inserting(limits, after: "count").inserting([claim], after: "milliseconds")
        return out
    }()

    /// XCFGSET (8.6) and XNACK (8.8), which only the newest dialect has.
    static let addedFacts: [String: Facts] = [
        "xcfgset": Facts(since: "8.6.0", group: "stream", arguments: [
            Argument("key", .key, keySpecIndex: 0),
            Argument("idmp-duration", .integer, token: "IDMP-DURATION", flags: [.optional]),
            Argument("idmp-maxsize", .integer, token: "IDMP-MAXSIZE", flags: [.optional]),
        ]),
        "xnack": Facts(since: "8.8.0", group: "stream", arguments: [
            Argument("key", .key, keySpecIndex: 0),
            Argument("group", .string),
            Argument("mode", .oneOf, arguments: [
                Argument("silent", .pureToken, token: "SILENT"),
                Argument("fail", .pureToken, token: "FAIL"),
                Argument("fatal", .pureToken, token: "FATAL"),
            ]),
            Argument("ids", .block, token: "IDS", arguments: [
                Argument("numids", .integer),
                Argument("id", .string, flags: [.multiple]),
            ]),
            Argument("count", .integer, token: "RETRYCOUNT", flags: [.optional]),
            Argument("force", .pureToken, token: "FORCE", flags: [.optional]),
        ]),
    ]

    /// A command's facts as `dialect` documents them; nil if undocumented. O(1)
    static func facts(_ name: String, in dialect: RedisDialect) -> Facts? {
        if dialect.since8_2, let newer = newestFacts[name] { return newer }
        return facts[name] ?? addedFacts[name]
    }
}

extension CommandDocs.Facts {
    /// These facts with `added` placed right after the top-level argument `name`.
    /// O(arguments)
    func inserting(_ added: [CommandDocs.Argument], after name: String) -> CommandDocs.Facts {
        var copy = self
        guard let i = arguments.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("no argument \(name) to insert after")
        }
        copy.arguments.insert(contentsOf: added, at: i + 1)
        return copy
    }
}
