import RESP
import StreamEngine

/// Per-connection state the command table reads and changes.
public struct CommandSession: Sendable {
    /// Selected database.
    public var db: Int = 0
    /// 2 or 3, switched by HELLO.
    public var protocolVersion: Int = 2
    /// CLIENT SETNAME / HELLO SETNAME.
    public var name: [UInt8]? = nil
    /// Set by commands that may not block here (inside MULTI, scripts): blocking reads
    /// answer as if they timed out.
    public var denyBlocking = false
    /// The connection's ID, as CLIENT ID and HELLO report it.
    public var clientID: Int64 = 0
    /// The caller writes replies straight to the wire and takes `RESPValue.encoded`:
    /// entry lists are then written from the nodes without building a tree.
    public var encodedReplies = false
    public init(clientID: Int64 = 0) { self.clientID = clientID }
}

/// The outcome of one command: a reply now, or a blocking read to park.
public enum CommandOutcome {
    case reply(RESPValue)
    /// The client waits; `request` says for which keys and how to retry.
    case block(BlockRequest)
}

/// The command table over one keyspace: Redis arguments in, RESP replies out. No I/O.
/// The server, the explorer's `:` prompt and the tests all go through here.
public final class CommandServer {
    public let keyspace: Keyspace
    /// Where changes are made durable, when a store has been opened into this server.
    public let durability = Durability()
    let table: CommandTable

    public init(keyspace: Keyspace) {
        self.keyspace = keyspace
        self.table = CommandTable.standard
    }

    public convenience init(clock: any StreamClock = SystemClock()) {
        self.init(keyspace: Keyspace(clock: clock))
    }

    /// Every command name the engine runs alone, subcommands as `container|sub`, sorted.
    public var commandNames: [String] { table.engineNames }

    /// Runs one command and returns its reply; a blocking read that cannot be served at
    /// once answers as a timeout (null array).
    public func execute(_ args: [[UInt8]], session: inout CommandSession) -> RESPValue {
        switch run(args, session: &session) {
        case .reply(let r): return r
        case .block: return .nullArray
        }
    }

    /// Runs one command; blocking reads may come back as `.block`.
    public func run(_ args: [[UInt8]], session: inout CommandSession) -> CommandOutcome {
        guard let first = args.first else { return .reply(.error("ERR empty command")) }
        guard let entry = entry(named: String(decoding: first, as: UTF8.self).lowercased()) else {
            return .reply(.error(Self.unknownCommandText(args)))
        }
        return run(args, entry: entry, session: &session)
    }

    /// A top-level command's record, looked up once by a caller that dispatches many
    /// commands (the server caches one per spelling of a name).
    public typealias Entry = CommandRecord

    /// The command named `lowercasedName`, engine or server, or nil if none has that
    /// name. O(name length).
    public func entry(named lowercasedName: String) -> Entry? {
        guard let record = table.commands[lowercasedName], record.exists(in: keyspace.dialect) else { return nil }
        return record
    }

    /// Runs `args` (whose name is `entry`'s) in the engine: subcommand and arity
    /// checks, then the handler with the clock pinned, then the journal when the record
    /// says a success is journaled. A command only the server runs answers as unknown.
    ///
    /// Complexity: O(1) besides the command's own cost.
    public func run(_ args: [[UInt8]], entry: Entry, session: inout CommandSession) -> CommandOutcome {
        guard entry.runsInEngine else { return .reply(.error(Self.unknownCommandText(args))) }
        let record: CommandRecord
        switch check(args, entry, engineOnly: true) {
        case .success(let r): record = r
        case .failure(let rejection): return .reply(.error(rejection.message))
        }
        guard let handler = record.engineHandler else { return .reply(.error(Self.unknownCommandText(args))) }
        // While the journal cannot take writes, a change is refused before it is made,
        // as Redis answers MISCONF after a failed write; reads go on.
        if record.journaled, let problem = durability.journalHealth?() {
            return .reply(.error("MISCONF Errors writing to the journal, so commands that change data are refused until it can be written again: \(problem)"))
        }
        // One command, one instant: every clock reading inside it returns the same time.
        let pins = keyspace.pinnedNow == nil
        if pins { keyspace.pinnedNow = keyspace.clock.nowMilliseconds() }
        defer { if pins { keyspace.pinnedNow = nil } }
        let db = session.db
        var ctx = CommandContext(args: args, keyspace: keyspace, durability: durability, session: session)
        let outcome: CommandOutcome
        do {
            outcome = try handler(&ctx)
        } catch let e as ReplyError {
            outcome = .reply(.error(e.message))
        } catch let e as StreamError {
            outcome = .reply(.error(e.message))
        } catch {
            outcome = .reply(.error("ERR \(error)"))
        }
        session = ctx.session
        if record.journaled, case .reply(let reply) = outcome {
            if case .error = reply {} else {
                keyspace.mutationCount &+= 1
                if let failure = durability.journalCommand(db, args, keyspace.now) {
                    return .reply(.error(failure))
                }
            }
        }
        // Redis 7.2 and later create a group read's consumer before it waits: that change
        // is journaled now (replayed, the read finds nothing and creates the consumer), and
        // the read is journaled again if it is served.
        if record.journaled, keyspace.dialect.since7_2, case .block(let request) = outcome, request.isGroupRead {
            keyspace.mutationCount &+= 1
            if let failure = durability.journalCommand(db, args, keyspace.now) {
                return .reply(.error(failure))
            }
        }
        return outcome
    }

    /// Redis's text for an unknown command, quoting up to 128 bytes of its arguments.
    static func unknownCommandText(_ args: [[UInt8]]) -> String {
        var quoted = ""
        var i = 1
        while i < args.count && quoted.utf8.count < 128 {
            quoted += "'\(clip(args[i], 128 - quoted.utf8.count))' "
            i += 1
        }
        return "ERR unknown command '\(clip(args[0], 128))', with args beginning with: \(quoted)"
    }

    /// The first `limit` bytes as text, with CR and LF turned into spaces as Redis does
    /// for error lines.
    static func clip(_ bytes: [UInt8], _ limit: Int) -> String {
        String(decoding: bytes.prefix(max(limit, 0)).map { $0 == 13 || $0 == 10 ? 32 : $0 }, as: UTF8.self)
    }
}
