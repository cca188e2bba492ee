import RESP
import StreamEngine

/// Everything StreamScope knows about one command, in one place, as Redis keeps one
/// JSON file per command: its name, arity, flags, key specs (and the key positions
/// derived from them), ACL categories, tips, subcommands, who runs it, and (by name)
/// its documentation. COMMAND INFO, the
/// journal, WATCH, the server's routes and read-only filtering all read it.
///
/// A class, so that handing a record around costs one reference count, not a copy.
public final class CommandRecord: Sendable {
    /// The name as Redis spells it in errors and COMMAND INFO: lowercase, subcommands
    /// as `container|sub`.
    public let name: String
    /// Redis's arity: the argument count including the name; negative means at least.
    public let arity: Int
    /// Redis's flags; `movablekeys` is derived from the key specs.
    public let flags: CommandFlags
    /// How to find the keys and what the command does to them, as Redis declares it.
    public let keySpecs: [KeySpec]
    /// First key, last key and step, derived from the key specs as Redis derives them.
    public let keys: KeyPositions
    /// ACL categories without the `@`, in Redis's order.
    public let categories: [String]
    /// Redis's command tips (`nondeterministic_output`, `request_policy:...`).
    public let tips: [String]
    /// Subcommands by their lowercase short name (`create` for `xgroup|create`).
    public let subcommands: [String: CommandRecord]
    /// Who runs the command: the engine, the server, or the server over the engine.
    public let handler: CommandHandler
    /// Journaled when it succeeds in the engine: a write, or a change to what later
    /// writes do (CONFIG SET of the node limits). Derived once, at construction.
    public let journaled: Bool
    /// Queued inside MULTI; false for the commands that act on the transaction itself
    /// (MULTI, EXEC, DISCARD, WATCH, QUIT), as Redis's `processCommand` lists them.
    public let queuedInMulti: Bool
    /// The engine runs it (or one of its subcommands) without a server.
    public let runsInEngine: Bool
    /// The first dialect that has the command: to an older one it is unknown.
    public let since: RedisDialect
    /// The engine's handler, kept apart from `handler` so that running a command reads
    /// one stored property. nil for server commands and containers.
    let engineHandler: CommandHandler.Engine?

    /// What decides journaling beyond the `write` flag.
    public enum Journaling: Sendable {
        /// Journaled when it has the `write` flag.
        case whenWrite
        /// Journaled although Redis does not count it as a write.
        case always
    }

    /// A command or subcommand. `acl` and `tips` list categories (without the `@`)
    /// and tips separated by spaces, as in Redis's reply. O(categories + tips + key specs).
    public init(_ name: String, arity: Int, _ flags: CommandFlags = [], keys: [KeySpec] = [],
                acl: String, tips: String = "", journal: Journaling = .whenWrite, queuedInMulti: Bool = true,
                since: RedisDialect = .redis7_0, _ handler: CommandHandler) {
        let (positions, movable) = KeyPositions.derived(from: keys)
        self.name = name
        self.arity = arity
        self.flags = movable ? flags.union(.movableKeys) : flags
        self.keySpecs = keys
        self.keys = positions
        self.categories = acl.split(separator: " ").map(String.init)
        self.tips = tips.split(separator: " ").map(String.init)
        self.subcommands = [:]
        self.handler = handler
        self.journaled = handler.engine != nil && (journal == .always || flags.contains(.write))
        self.queuedInMulti = queuedInMulti
        self.runsInEngine = handler.engine != nil
        self.engineHandler = handler.engine
        self.since = since
    }

    /// A container (XGROUP, CONFIG ...): its subcommands decide; run bare, it is its
    /// own `handler` (COMMAND lists every command; XGROUP has arity -2 and so fails).
    public init(container name: String, arity: Int, _ flags: CommandFlags = [], acl: String, tips: String = "",
                handler: CommandHandler = .container, _ subs: [CommandRecord]) {
        self.name = name
        self.arity = arity
        self.flags = flags
        self.keySpecs = []
        self.keys = .none
        self.categories = acl.split(separator: " ").map(String.init)
        self.tips = tips.split(separator: " ").map(String.init)
        self.handler = handler
        self.journaled = false
        self.queuedInMulti = true
        var byName: [String: CommandRecord] = [:]
        for s in subs {
            precondition(s.name.hasPrefix(name + "|"), "\(s.name) is not a subcommand of \(name)")
            byName[String(s.name.dropFirst(name.count + 1))] = s
        }
        self.subcommands = byName
        self.runsInEngine = handler.engine != nil || subs.contains { $0.runsInEngine }
        self.engineHandler = handler.engine
        self.since = .redis7_0
    }

    /// Whether `dialect` has this command. O(1).
    public func exists(in dialect: RedisDialect) -> Bool { dialect >= since }

    public var isContainer: Bool { !subcommands.isEmpty }

    /// Whether the server runs this command or one of its subcommands itself (and so
    /// must hold a handler for it). O(subcommands).
    public var runsOnServer: Bool {
        handler.runsOnServer || subcommands.values.contains { $0.handler.runsOnServer }
    }

    /// Only commands with the `readonly` flag, and without `write`, read without
    /// changing anything; everything else (no flag, `admin`, `write`) is not read-only.
    public var isReadOnly: Bool { flags.contains(.readonly) && !flags.contains(.write) }

    /// This command's documentation for COMMAND DOCS (Redis's `since`, group and
    /// argument tree), found by its name; nil if it has none. O(name length).
    var docs: CommandDocs.Facts? { CommandDocs.facts(name, in: since) }

    /// Whether COMMAND DOCS documents it. O(name length).
    public var isDocumented: Bool { docs != nil }
}

/// Who runs a command.
public enum CommandHandler: Sendable {
    /// The handler of an engine command: arguments and session in, an outcome out.
    public typealias Engine = @Sendable (inout CommandContext) throws -> CommandOutcome

    /// The engine (`CommandServer`) runs it, wherever it runs: server, prompt, tests.
    case engine(Engine)
    /// Only the server can run it (connections, transactions, server state): the
    /// engine alone answers it as an unknown command.
    case server
    /// The server runs it and calls the engine for the engine's part (HELLO's options,
    /// CONFIG's node limits); without a server the engine runs it alone.
    case serverOverEngine(Engine)
    /// A container run bare: its arity check is all it does.
    case container

    /// The engine's handler, if the engine can run it alone.
    var engine: Engine? {
        switch self {
        case .engine(let e), .serverOverEngine(let e): return e
        case .server, .container: return nil
        }
    }

    var runsOnServer: Bool {
        switch self {
        case .server, .serverOverEngine: return true
        case .engine, .container: return false
        }
    }
}

/// Wraps a reply-returning handler as an engine handler.
func reply(_ body: @escaping @Sendable (inout CommandContext) throws -> RESPValue) -> CommandHandler.Engine {
    { ctx in .reply(try body(&ctx)) }
}
