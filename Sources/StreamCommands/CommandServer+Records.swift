import RESP
import StreamEngine

/// The command records for callers that filter or describe commands without running
/// them: COMMAND and COMMAND INFO, the prompt's read-only mode, read-only filtering.
extension CommandServer {
    /// Every top-level record, engine and server, sorted by name.
    public static var records: [CommandRecord] { CommandTable.standard.sorted }

    /// The top-level records `dialect` has, sorted by name. O(commands).
    public static func records(in dialect: RedisDialect) -> [CommandRecord] {
        CommandTable.standard.sorted.filter { $0.exists(in: dialect) }
    }

    /// `record(named:)` for a command `dialect` has; nil otherwise. O(name length).
    public static func record(named lowercasedName: String, in dialect: RedisDialect) -> CommandRecord? {
        record(named: lowercasedName).flatMap { $0.exists(in: dialect) ? $0 : nil }
    }

    /// The record of a top-level command or subcommand by its lowercase name
    /// (`xgroup|create`), or nil. O(name length).
    public static func record(named lowercasedName: String) -> CommandRecord? {
        let parts = lowercasedName.split(separator: "|", maxSplits: 1)
        guard let top = parts.first.flatMap({ CommandTable.standard.commands[String($0)] }) else { return nil }
        return parts.count == 1 ? top : top.subcommands[String(parts[1])]
    }

    /// The record `args` would run, subcommand resolved (names in any case), arity not
    /// checked; nil for an unknown command or subcommand. A container called without a
    /// subcommand is its own record. O(name lengths).
    public static func record(for args: [[UInt8]]) -> CommandRecord? {
        guard let first = args.first,
              let top = CommandTable.standard.commands[String(decoding: first, as: UTF8.self).lowercased()] else { return nil }
        guard top.isContainer && args.count > 1 else { return top }
        return top.subcommands[String(decoding: args[1], as: UTF8.self).lowercased()]
    }

    /// The allow-list for read-only use: true only if `args` names a known command
    /// (subcommand resolved) whose record carries Redis's `readonly` flag and not
    /// `write`. Unknown commands, scripts, writes, `admin` commands and commands with
    /// no such flag (PING, CLIENT ..., XGROUP HELP) are not read-only. Arity is not
    /// checked: a wrong count fails harmlessly. O(name lengths).
    public static func isReadOnly(_ args: [[UInt8]]) -> Bool {
        record(for: args)?.isReadOnly ?? false
    }

    /// The CONFIG parameters the engine itself holds in `dialect` (the stream node
    /// limits; in the 8 dialect also the IDMP limits new streams start with). O(1)
    public static func configParameters(_ dialect: RedisDialect) -> [String] {
        ServerCommandSet.configNames(dialect)
    }

    /// Whether `args` would be journaled when it succeeds (its record says so). O(name lengths).
    public static func mayChangeData(_ args: [[UInt8]]) -> Bool {
        record(for: args)?.journaled ?? false
    }

    /// The COMMAND DOCS reply for `lowercasedNames` (every documented command when
    /// empty), from each command's record. O(size of the docs).
    public static func docsReply(_ lowercasedNames: [String], dialect: RedisDialect = .redis7_0) -> RESPValue {
        CommandDocs.reply(lowercasedNames, dialect: dialect)
    }
}
