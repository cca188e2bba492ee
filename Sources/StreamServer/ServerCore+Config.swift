import RESP
import StreamCommands

/// CONFIG GET / SET / RESETSTAT. The stream parameters belong to the engine (its own
/// CONFIG handles them, `CommandServer.configParameters`); the server adds requirepass,
/// maxclients, appendonly, appendfsync and save. SET is all or nothing, with Redis's
/// error texts.
extension ServerCore {
    static let serverParameters = ["appendfsync", "appendonly", "maxclients", "requirepass", "save"]

    func config(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        switch String(decoding: args[1], as: UTF8.self).lowercased() {
        case "get": return configGet(client, args)
        case "set": return configSet(client, args)
        default:
            stats = Stats()
            return .ok
        }
    }

    func serverParameter(_ name: String) -> String {
        switch name {
        case "appendfsync": return settings.appendFsync
        case "appendonly": return settings.appendOnly
        case "maxclients": return String(settings.maxClients)
        case "requirepass": return settings.requirePass.map { String(decoding: $0, as: UTF8.self) } ?? ""
        default: return settings.save
        }
    }

    /// CONFIG GET pattern ...: the engine's matches, then the server's. O(patterns × parameters).
    func configGet(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        var session = client.session
        var pairs: [(RESPValue, RESPValue)] = []
        if case .map(let engine) = commands.execute(args, session: &session) { pairs = engine }
        for name in Self.serverParameters
        where args[2...].contains(where: { CommandServer.globMatches($0, Array(name.utf8), caseless: true) }) {
            pairs.append((.bulk(name), .bulk(serverParameter(name))))
        }
        return .map(pairs)
    }

    /// CONFIG SET name value ...: validates every pair, then applies them together.
    func configSet(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        if args.count % 2 == 1 { return .error("ERR wrong number of arguments for 'config|set' command") }
        var next = settings
        var engineArgs: [[UInt8]] = [args[0], args[1]]
        var seen: Set<String> = []
        let engineParameters = CommandServer.configParameters(keyspace.dialect)
        var i = 2
        while i < args.count {
            let name = String(decoding: args[i], as: UTF8.self).lowercased()
            let value = String(decoding: args[i + 1], as: UTF8.self)
            let failure = "ERR CONFIG SET failed (possibly related to argument '\(name)') - "
            if engineParameters.contains(name) {
                engineArgs += [args[i], args[i + 1]]
            } else if Self.serverParameters.contains(name) {
                guard seen.insert(name).inserted else { return .error(failure + "duplicate parameter") }
                switch name {
                case "requirepass":
                    next.requirePass = args[i + 1].isEmpty ? nil : args[i + 1]
                case "maxclients":
                    guard let v = Int(value) else { return .error(failure + "argument couldn't be parsed into an integer") }
                    guard v >= 1 else { return .error(failure + "argument must be between 1 and 4294967295 inclusive") }
                    next.maxClients = v
                case "appendonly":
                    switch value.lowercased() {
                    case "no": next.appendOnly = "no"
                    case "yes":
                        guard commands.durability.persistence != nil else {
                            return .error(failure + "appendonly needs a data directory: start with streamscope serve --data DIR")
                        }
                        next.appendOnly = "yes"
                    default: return .error(failure + "argument must be 'yes' or 'no'")
                    }
                case "appendfsync":
                    let v = value.lowercased()
                    guard ["always", "everysec", "no"].contains(v) else { return .error(failure + "argument(s) must be one of the following: always, everysec, no") }
                    next.appendFsync = v
                default:
                    next.save = value
                }
            } else {
                return .error("ERR Unknown option or number of arguments for CONFIG SET - '\(CommandServer.errorText(args[i], limit: 1 << 16))'")
            }
            i += 2
        }
        if engineArgs.count > 2 {
            var session = client.session
            let reply = commands.execute(engineArgs, session: &session)
            if case .error = reply { return reply }
        }
        settings = next
        // A data directory's journal follows CONFIG SET appendfsync at once.
        _ = commands.durability.persistence?.setFsyncPolicy(settings.appendFsync)
        return .ok
    }
}
