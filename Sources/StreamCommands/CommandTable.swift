/// The name-indexed table of every command StreamScope knows, engine and server alike,
/// built once per process from the command sets.
struct CommandTable: Sendable {
    /// Top-level records by lowercase name.
    let commands: [String: CommandRecord]
    /// Top-level records sorted by name, for COMMAND and COMMAND INFO.
    let sorted: [CommandRecord]

    /// O(n log n) in the number of commands; fails on a name defined twice.
    init(_ records: [CommandRecord]) {
        commands = Dictionary(records.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in
            preconditionFailure("command \(a.name) is defined twice")
        })
        sorted = records.sorted { $0.name < $1.name }
    }

    static let standard = CommandTable(StreamCommandSet.all + KeyCommandSet.all + ServerCommandSet.all + ServerRunCommandSet.all)

    /// Names of the commands the engine runs without a server (subcommands as
    /// `container|sub`), sorted: what the prompt completes.
    var engineNames: [String] {
        var out: [String] = []
        for record in sorted where record.runsInEngine {
            out.append(record.name)
            for sub in record.subcommands.values where sub.runsInEngine { out.append(sub.name) }
        }
        return out.sorted()
    }
}
