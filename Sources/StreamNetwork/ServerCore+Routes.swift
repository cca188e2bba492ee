import StreamCommands

/// How the server dispatches one command name. Resolved once per spelling a client
/// sends (`XADD`, `xadd`, ...) and cached, so a command costs one hash lookup on its
/// name instead of lowercasing it and consulting several tables.
struct Route {
    /// The name, lowercased.
    let name: String
    /// A command the server answers itself (connections, server, transactions).
    let own: OwnCommand?
    /// The engine's command table entry; nil for own and unknown commands.
    let engine: CommandServer.Entry?
    let isExec: Bool
    /// MULTI, EXEC, DISCARD, WATCH and QUIT act at once instead of being queued.
    let isTransactionControl: Bool
    /// May be sent before AUTH.
    let isNoAuth: Bool
    /// Has subcommands, which CLIENT LIST shows with the name (`cmd=xgroup|create`).
    let isContainer: Bool

    /// The server or the engine has this command.
    var isKnown: Bool { own != nil || engine != nil }

    /// The route of a name longer than any command: unknown, and named by its length
    /// only, so that CLIENT LIST does not hold the client's bytes.
    static var unknownLongName: Route { Route(name: "(unknown)", own: nil, engine: nil) }

    init(name: String, own: OwnCommand?, engine: CommandServer.Entry?) {
        self.name = name
        self.own = own
        self.engine = own == nil ? engine : nil
        isExec = name == "exec"
        isTransactionControl = ServerCore.transactionControl.contains(name)
        isNoAuth = ServerCore.noAuthCommands.contains(name)
        isContainer = ServerCore.containers.contains(name)
    }
}

extension ServerCore {
    /// Spellings cached at most. Only known commands are cached, so the cache holds at
    /// most this many short names whatever clients send.
    static let routeCacheLimit = 1024
    /// No command name is longer (Redis's longest is 20 bytes): a longer name is unknown
    /// without being lowercased, and is never kept.
    static let longestCommandName = 32

    /// The route for a command name as sent. O(name length): one hash lookup when cached.
    /// Unknown names are resolved each time and leave nothing behind: a client cannot
    /// grow the server by sending made-up or enormous names.
    func route(_ rawName: [UInt8]) -> Route {
        // Pipelines repeat one command: compare with the last name before hashing.
        if let last = lastRoute, last.raw == rawName { return last.route }
        if let cached = routes[rawName] {
            lastRoute = (rawName, cached)
            return cached
        }
        guard rawName.count <= Self.longestCommandName else { return Route.unknownLongName }
        let name = String(decoding: rawName, as: UTF8.self).lowercased()
        let route = Route(name: name, own: Self.ownCommands[name], engine: commands.entry(named: name))
        if route.isKnown && routes.count < Self.routeCacheLimit {
            routes[rawName] = route
            lastRoute = (rawName, route)
        }
        return route
    }
}
