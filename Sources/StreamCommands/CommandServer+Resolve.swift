import RESP

/// Looking a command up before running it: the server checks names and arities when
/// it queues commands inside MULTI, and answers COMMAND from the same table.
extension CommandServer {
    /// Why a command line cannot run: Redis's error text (without the `-`).
    public struct Rejection: Error, Equatable {
        public let message: String
    }

    /// The spec that would run `args` (whose command is `top`): the subcommand's for a
    /// container, once its name and the arity check out; else Redis's error for an
    /// unknown subcommand or a wrong number of arguments. O(1) plus the subcommand name's length.
    func check(_ args: [[UInt8]], _ top: CommandSpec) -> Result<CommandSpec, Rejection> {
        var spec = top
        if !spec.subcommands.isEmpty {
            if args.count == 1 {
                return .failure(Rejection(message: "ERR wrong number of arguments for '\(spec.name)' command"))
            }
            let sub = String(decoding: args[1], as: UTF8.self).lowercased()
            guard let subSpec = spec.subcommands[sub] else {
                return .failure(Rejection(message: Self.unknownSubcommandText(spec.name, args[1])))
            }
            spec = subSpec
        }
        guard spec.arity >= 0 ? args.count == spec.arity : args.count >= -spec.arity else {
            return .failure(Rejection(message: "ERR wrong number of arguments for '\(spec.name)' command"))
        }
        return .success(spec)
    }

    /// `check` for a caller holding an entry: nil if `args` can run, else Redis's error.
    public func rejection(_ args: [[UInt8]], entry: Entry) -> Rejection? {
        if case .failure(let r) = check(args, entry.spec) { return r }
        return nil
    }

    /// Whether `args` (whose command is `entry`) is a known command that writes, its
    /// subcommand resolved (for WATCH). O(1).
    public func isWrite(_ args: [[UInt8]], entry: Entry) -> Bool {
        if case .success(let spec) = check(args, entry.spec) { return spec.isWrite }
        return false
    }

    /// One command as COMMAND describes it.
    public struct Description: Sendable {
        public let name: String
        public let arity: Int
        public let isWrite: Bool
        public let subcommands: [Description]

        public init(name: String, arity: Int, isWrite: Bool, subcommands: [Description]) {
            self.name = name
            self.arity = arity
            self.isWrite = isWrite
            self.subcommands = subcommands
        }
    }

    /// Every top-level command with its subcommands, sorted by name. O(n log n).
    public var descriptions: [Description] {
        func describe(_ s: CommandSpec) -> Description {
            Description(name: s.name, arity: s.arity, isWrite: s.isWrite,
                        subcommands: s.subcommands.values.map(describe).sorted { $0.name < $1.name })
        }
        return table.commands.values.map(describe).sorted { $0.name < $1.name }
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
