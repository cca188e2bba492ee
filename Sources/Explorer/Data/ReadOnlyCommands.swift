import RESP

/// Which commands a read-only session may send: an allow-list, built from a server's
/// own account of its commands (COMMAND INFO), that admits a command only when it
/// carries the `readonly` flag. Unknown commands, scripts (EVAL, FCALL), transactions,
/// pub/sub, admin commands and anything that writes are refused.
public struct ReadOnlyCommands: Sendable {
    /// Lowercased names (`xinfo|stream` for subcommands) that carry `readonly`.
    private var readOnly: Set<String> = []
    /// Commands with subcommands: their own flags say nothing, the subcommand decides.
    private var containers: Set<String> = []

    /// An index from a COMMAND INFO (or COMMAND) reply, RESP2 or RESP3. O(commands).
    public init(commandInfo reply: RESPValue) {
        for entry in Self.items(reply) { add(entry) }
    }

    /// An index from (name, readonly, subcommands) facts, for a command table at hand.
    public init(names: [(name: String, readOnly: Bool, subcommands: [(name: String, readOnly: Bool)])]) {
        for c in names {
            if c.readOnly { readOnly.insert(c.name) }
            if !c.subcommands.isEmpty { containers.insert(c.name) }
            for s in c.subcommands where s.readOnly { readOnly.insert(s.name) }
        }
    }

    /// The number of commands and subcommands admitted.
    public var count: Int { readOnly.count }

    /// Whether `args` may be sent by a read-only session. O(name length).
    public func allows(_ args: [[UInt8]]) -> Bool {
        guard let first = args.first, first.count <= 64 else { return false }
        let name = String(decoding: first, as: UTF8.self).lowercased()
        if containers.contains(name) {
            guard args.count > 1, args[1].count <= 64 else { return false }
            return readOnly.contains(name + "|" + String(decoding: args[1], as: UTF8.self).lowercased())
        }
        return readOnly.contains(name)
    }

    /// The command's name as a refusal shows it: `XADD`, or `XGROUP CREATE` for a
    /// subcommand. Never longer than 64 bytes a word.
    public func displayName(_ args: [[UInt8]]) -> String {
        guard let first = args.first else { return "" }
        let name = String(decoding: first.prefix(64), as: UTF8.self)
        guard containers.contains(name.lowercased()), args.count > 1 else { return name.uppercased() }
        return name.uppercased() + " " + String(decoding: args[1].prefix(64), as: UTF8.self).uppercased()
    }

    private mutating func add(_ entry: RESPValue) {
        let fields = Self.items(entry)
        guard fields.count >= 3, case .bulkString(let nameBytes) = fields[0] else { return }
        let name = String(decoding: nameBytes, as: UTF8.self).lowercased()
        let flags = Self.items(fields[2]).compactMap { flag -> String? in
            switch flag {
            case .simpleString(let s): return s.lowercased()
            case .bulkString(let b): return String(decoding: b, as: UTF8.self).lowercased()
            default: return nil
            }
        }
        if flags.contains("readonly") { readOnly.insert(name) }
        // Redis 7 lists subcommands as the tenth field.
        if fields.count >= 10 {
            let subs = Self.items(fields[9])
            if !subs.isEmpty { containers.insert(name) }
            for sub in subs { add(sub) }
        }
    }

    private static func items(_ v: RESPValue) -> [RESPValue] {
        switch v {
        case .array(let a), .set(let a), .push(let a): return a
        default: return []
        }
    }
}
