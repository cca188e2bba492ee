import RESP
import StreamEngine

/// One command: its name as Redis spells it in errors, its arity (negative: at least
/// that many), its subcommands if it is a container, and its handler. A class, so that
/// handing a spec around costs one reference count, not a copy of its fields.
final class CommandSpec {
    let name: String
    let arity: Int
    var subcommands: [String: CommandSpec] = [:]
    var isWrite = false
    /// Journaled when it succeeds (see `CommandServer.dataChanging`); set by the table.
    var changesData = false
    let handler: (inout CommandContext) throws -> CommandOutcome

    init(_ name: String, arity: Int, write: Bool = false, handler: @escaping (inout CommandContext) throws -> CommandOutcome) {
        self.name = name
        self.arity = arity
        self.isWrite = write
        self.handler = handler
    }

    /// A container command such as XGROUP or XINFO.
    init(container name: String, arity: Int, _ subs: [CommandSpec]) {
        self.name = name
        self.arity = arity
        self.handler = { _ in .reply(.error("ERR unknown subcommand")) }
        for s in subs {
            let short = String(s.name.split(separator: "|").last!)
            subcommands[short] = s
        }
    }
}

/// The name-indexed table of every command StreamScope knows.
struct CommandTable {
    var commands: [String: CommandSpec] = [:]

    mutating func add(_ spec: CommandSpec) {
        spec.changesData = CommandServer.dataChanging.contains(spec.name)
        for sub in spec.subcommands.keys {
            // CONFIG SET of the node limits shapes every node built after it.
            spec.subcommands[sub]!.changesData = spec.changesData || (spec.name == "config" && sub == "set")
        }
        commands[spec.name] = spec
    }

    static var standard: CommandTable {
        var t = CommandTable()
        for spec in StreamCommandSet.all + KeyCommandSet.all + ServerCommandSet.all {
            t.add(spec)
        }
        return t
    }

    /// Names of all commands (subcommands as `container|sub`).
    var allNames: [String] {
        var out: [String] = []
        for (name, spec) in commands {
            out.append(name)
            for sub in spec.subcommands.values { out.append(sub.name) }
        }
        return out.sorted()
    }
}

/// Wraps a reply-returning handler.
func reply(_ body: @escaping (inout CommandContext) throws -> RESPValue) -> (inout CommandContext) throws -> CommandOutcome {
    { ctx in .reply(try body(&ctx)) }
}
