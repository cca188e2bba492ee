import StreamCommands

/// How the server dispatches one command name. Resolved once per spelling a client
/// sends (`XADD`, `xadd`, ...) and cached, so a command costs one hash lookup on its
/// name instead of lowercasing it and consulting several tables.
struct Route {
    /// The name, lowercased.
    let name: String
    /// The command's record; nil for unknown commands.
    let entry: CommandServer.Entry?
    /// The server's handler, for a command the server runs itself (connections,
    /// server, transactions); nil for the engine's commands.
    let server: ServerHandler?
    let isExec: Bool
    /// MULTI, EXEC, DISCARD, WATCH and QUIT act at once instead of being queued.
    let isTransactionControl: Bool
    /// May be sent before AUTH (Redis's `no_auth` flag).
    let isNoAuth: Bool
    /// Has subcommands, which CLIENT LIST shows with the name (`cmd=xgroup|create`).
    let isContainer: Bool

    /// The table has this command.
    var isKnown: Bool { entry != nil }

    /// The route of a name longer than any command: unknown, and never holding the
    /// client's bytes.
    static var unknownLongName: Route { Route(name: "(unknown)", entry: nil) }

    /// Reads the record once. O(1).
    init(name: String, entry: CommandServer.Entry?) {
        self.name = name
        self.entry = entry
        server = entry.flatMap { $0.runsOnServer ? ServerCore.serverHandlers[$0.name] : nil }
        isExec = name == "exec"
        isTransactionControl = entry.map { !$0.queuedInMulti } ?? false
        isNoAuth = entry?.flags.contains(.noAuth) ?? false
        isContainer = entry?.isContainer ?? false
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
        let route = Route(name: name, entry: commands.entry(named: name))
        if route.isKnown && routes.count < Self.routeCacheLimit {
            routes[rawName] = route
            lastRoute = (rawName, route)
        }
        return route
    }
}
