import RESP

/// Looking a command up before running it: the server checks names and arities when
/// it queues commands inside MULTI (or runs its own), and reads flags and keys for WATCH.
extension CommandServer {
    /// Why a command line cannot run: Redis's error text (without the `-`).
    public struct Rejection: Error, Equatable {
        public let message: String
    }

    /// The record that would run `args` (whose command is `top`): the subcommand's for
    /// a container called with one, once its name and the arity check out; else Redis's
    /// error for an unknown subcommand or a wrong number of arguments. With
    /// `engineOnly`, subcommands only the server runs count as unknown. O(1) plus the
    /// subcommand name's length.
    func check(_ args: [[UInt8]], _ top: CommandRecord, engineOnly: Bool) -> Result<CommandRecord, Rejection> {
        var record = top
        if args.count > 1 && top.isContainer {
            let sub = String(decoding: args[1], as: UTF8.self).lowercased()
            guard let subRecord = top.subcommands[sub], !engineOnly || subRecord.runsInEngine else {
                return .failure(Rejection(message: Self.unknownSubcommandText(top.name, args[1])))
            }
            record = subRecord
        }
        guard record.arity >= 0 ? args.count == record.arity : args.count >= -record.arity else {
            return .failure(Rejection(message: "ERR wrong number of arguments for '\(record.name)' command"))
        }
        return .success(record)
    }

    /// `check` for a caller holding an entry (engine or server command): nil if `args`
    /// can run, else Redis's error.
    public func rejection(_ args: [[UInt8]], entry: Entry) -> Rejection? {
        if case .failure(let r) = check(args, entry, engineOnly: false) { return r }
        return nil
    }

    /// The record that runs `args` (whose command is `entry`), subcommand resolved, or
    /// nil if `args` would be rejected. O(1).
    public func resolve(_ args: [[UInt8]], entry: Entry) -> CommandRecord? {
        if case .success(let record) = check(args, entry, engineOnly: false) { return record }
        return nil
    }

    /// Redis's text for an unknown subcommand of `container`.
    public static func unknownSubcommandText(_ container: String, _ sub: [UInt8]) -> String {
        "ERR unknown subcommand '\(clip(sub, 128))'. Try \(container.uppercased()) HELP."
    }

    /// Redis's text for an unknown command (public for the server's own commands).
    public static func unknownCommandError(_ args: [[UInt8]]) -> String { unknownCommandText(args) }

    /// Redis's rendering of client text in an error line (CR/LF to spaces, clipped).
    public static func errorText(_ bytes: [UInt8], limit: Int = 128) -> String { clip(bytes, limit) }

    /// Redis's glob matching (`stringmatchlen`), for CONFIG GET and CLIENT commands.
    public static func globMatches(_ pattern: [UInt8], _ text: [UInt8], caseless: Bool) -> Bool {
        GlobPattern.matches(pattern, text, caseless: caseless)
    }
}
