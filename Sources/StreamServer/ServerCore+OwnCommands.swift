import RESP
import StreamCommands
import StreamEngine

/// How the server runs one of its own commands: the whole command, subcommands
/// included (its handler dispatches on them; the record has checked their arities).
typealias ServerHandler = @Sendable (ServerCore, ClientState, [[UInt8]]) -> RESPValue

/// The commands the server answers itself because they concern connections or the
/// server rather than the keyspace. Their facts (arity, flags, keys) are records in
/// StreamCommands; here each gets its handler, by name.
extension ServerCore {
    static let serverHandlers: [String: ServerHandler] = [
        "auth": { $0.auth($1, $2) },
        "hello": { $0.hello($1, $2) },
        "quit": { _, c, _ in c.closing = true; return .ok },
        "multi": { $0.multi($1, $2) },
        "exec": { $0.exec($1, $2) },
        "discard": { $0.discard($1, $2) },
        "watch": { $0.watch($1, $2) },
        "unwatch": { $0.unwatch($1, $2) },
        "client": { $0.client($1, $2) },
        "info": { $0.info($1, $2) },
        "config": { $0.config($1, $2) },
        "command": { $0.command($1, $2) },
        "memory": { $0.memory($1, $2) },
        "function": { $0.function($1, $2) },
        "debug": { _, _, _ in .error("ERR DEBUG is not supported by StreamScope") },
    ]

    /// Records the server must run that have no handler here, and handlers without
    /// such a record; both empty, or the server does not start. Computed once. O(commands).
    static let handlerMismatch: (missing: [String], stray: [String]) = {
        let needed = Set(CommandServer.records.filter(\.runsOnServer).map(\.name))
        let held = Set(serverHandlers.keys)
        return (needed.subtracting(held).sorted(), held.subtracting(needed).sorted())
    }()

    // MARK: AUTH and HELLO

    /// Checks a password for `user` (only `default` exists). With no requirepass the
    /// default user takes any password, as Redis's `nopass` user does.
    func passwordMatches(user: [UInt8], password: [UInt8]) -> Bool {
        guard user == Array("default".utf8) else { return false }
        guard let required = settings.requirePass else { return true }
        return password == required
    }

    static let wrongPass = RESPValue.error("WRONGPASS invalid username-password pair or user is disabled.")

    func auth(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        if args.count > 3 { return .error("ERR syntax error") }
        if args.count == 2 && settings.requirePass == nil {
            return .error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
        }
        let user = args.count == 3 ? args[1] : Array("default".utf8)
        guard passwordMatches(user: user, password: args[args.count - 1]) else { return Self.wrongPass }
        client.authenticated = true
        return .ok
    }

    /// HELLO [protover [AUTH user pass] [SETNAME name]]: the engine parses it and builds
    /// the reply; here the AUTH option authenticates, and a client that is still not
    /// authenticated gets Redis's NOAUTH text.
    func hello(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        var trial = client.session
        let reply = commands.execute(args, session: &trial)
        if case .error = reply { return reply }
        // The engine accepted the options, so they are AUTH u p and SETNAME n only.
        var i = 2
        while i < args.count {
            if String(decoding: args[i], as: UTF8.self).lowercased() == "auth" && i + 2 < args.count {
                guard passwordMatches(user: args[i + 1], password: args[i + 2]) else { return Self.wrongPass }
                client.authenticated = true
                i += 3
            } else {
                i += 2
            }
        }
        guard client.authenticated else {
            return .error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
        }
        client.session = trial
        return reply
    }

    // MARK: FUNCTION, MEMORY, COMMAND

    /// FUNCTION FLUSH [ASYNC|SYNC]: there are no functions, so there is nothing to flush.
    func function(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        if args.count > 3 { return .error("ERR syntax error") }
        if args.count == 3 {
            let mode = String(decoding: args[2], as: UTF8.self).lowercased()
            guard mode == "async" || mode == "sync" else {
                return .error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
            }
        }
        return .ok
    }

    /// MEMORY USAGE key [SAMPLES n]: the engine's estimate of the value's bytes, or null.
    func memory(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        var i = 3
        while i < args.count {
            guard String(decoding: args[i], as: UTF8.self).lowercased() == "samples", i + 1 < args.count else {
                return .error("ERR syntax error")
            }
            guard let n = Int64(String(decoding: args[i + 1], as: UTF8.self)), n >= 0 else {
                return .error("ERR value is not an integer or out of range")
            }
            _ = n
            i += 2
        }
        guard let value = keyspace.value(client.session.db, args[2]) else { return .nullBulk }
        let overhead = 56 + args[2].count
        switch value {
        case .stream(let s): return .integer(Int64(overhead + s.memoryFootprint))
        case .string(let b): return .integer(Int64(overhead + 16 + b.count))
        case .list(let items): return .integer(Int64(overhead + items.reduce(0) { $0 + 16 + $1.count }))
        case .set(let set): return .integer(Int64(overhead + set.members.reduce(0) { $0 + 32 + $1.count }))
        }
    }
}
