import RESP
import StreamCommands
import StreamEngine

/// Commands the server answers itself because they concern connections or the server
/// rather than the keyspace. Arities are Redis 7.0's.
struct OwnCommand: Sendable {
    let name: String
    let arity: Int
    /// Subcommand arities, for containers (CLIENT, CONFIG, COMMAND ...).
    let subcommands: [String: Int]?
    let isWrite: Bool
    let handler: @Sendable (ServerCore, ClientState, [[UInt8]]) -> RESPValue
}

extension ServerCore {
    static let ownCommands: [String: OwnCommand] = {
        let list: [OwnCommand] = [
            OwnCommand(name: "auth", arity: -2, subcommands: nil, isWrite: false) { $0.auth($1, $2) },
            OwnCommand(name: "hello", arity: -1, subcommands: nil, isWrite: false) { $0.hello($1, $2) },
            OwnCommand(name: "quit", arity: -1, subcommands: nil, isWrite: false) { _, c, _ in c.closing = true; return .ok },
            OwnCommand(name: "multi", arity: 1, subcommands: nil, isWrite: false) { $0.multi($1, $2) },
            OwnCommand(name: "exec", arity: 1, subcommands: nil, isWrite: false) { $0.exec($1, $2) },
            OwnCommand(name: "discard", arity: 1, subcommands: nil, isWrite: false) { $0.discard($1, $2) },
            OwnCommand(name: "watch", arity: -2, subcommands: nil, isWrite: false) { $0.watch($1, $2) },
            OwnCommand(name: "unwatch", arity: 1, subcommands: nil, isWrite: false) { $0.unwatch($1, $2) },
            OwnCommand(name: "client", arity: -2, subcommands: [
                "id": 2, "setname": 3, "getname": 2, "list": -2, "info": 2, "setinfo": 4, "kill": -3,
            ], isWrite: false) { $0.client($1, $2) },
            OwnCommand(name: "info", arity: -1, subcommands: nil, isWrite: false) { $0.info($1, $2) },
            OwnCommand(name: "config", arity: -2, subcommands: ["get": -3, "set": -4, "resetstat": 2],
                       isWrite: false) { $0.config($1, $2) },
            OwnCommand(name: "command", arity: -1, subcommands: nil, isWrite: false) { $0.command($1, $2) },
            OwnCommand(name: "memory", arity: -2, subcommands: ["usage": -3], isWrite: false) { $0.memory($1, $2) },
            OwnCommand(name: "function", arity: -2, subcommands: ["flush": -2], isWrite: true) { $0.function($1, $2) },
            OwnCommand(name: "debug", arity: -2, subcommands: nil, isWrite: false) { _, _, _ in
                .error("ERR DEBUG is not supported by StreamScope")
            },
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
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
