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
    /// Spellings cached at most; beyond it names are resolved each time, so a client
    /// sending endless made-up names cannot grow the cache.
    static let routeCacheLimit = 1024

    /// The route for a command name as sent. O(name length): one hash lookup when cached.
    func route(_ rawName: [UInt8]) -> Route {
        // Pipelines repeat one command: compare with the last name before hashing.
        if let last = lastRoute, last.raw == rawName { return last.route }
        if let cached = routes[rawName] {
            lastRoute = (rawName, cached)
            return cached
        }
        let name = String(decoding: rawName, as: UTF8.self).lowercased()
        let route = Route(name: name, own: Self.ownCommands[name], engine: commands.entry(named: name))
        if routes.count < Self.routeCacheLimit {
            routes[rawName] = route
            lastRoute = (rawName, route)
        }
        return route
    }
}
