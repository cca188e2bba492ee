/// The commands only the server runs (connections, transactions, server state): their
/// records live here with every other command's, and the server (StreamNetwork)
/// attaches a handler to each by name and checks at startup that it covers exactly
/// these. Run by the engine alone, they answer as unknown commands.
enum ServerRunCommandSet {
    static var all: [CommandRecord] {
        let session: CommandFlags = [.noscript, .loading, .stale]
        let transaction: CommandFlags = [.noscript, .loading, .stale, .fast, .allowBusy]
        return [
            CommandRecord("auth", arity: -2, [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], acl: "fast connection",
                          .server),
            CommandRecord("quit", arity: -1, [.noscript, .loading, .stale, .fast, .noAuth, .allowBusy], acl: "fast connection",
                          queuedInMulti: false, .server),
            CommandRecord("multi", arity: 1, transaction, acl: "fast transaction", queuedInMulti: false, .server),
            CommandRecord("exec", arity: 1, [.noscript, .loading, .stale, .skipSlowlog], acl: "slow transaction",
                          queuedInMulti: false, .server),
            CommandRecord("discard", arity: 1, transaction, acl: "fast transaction", queuedInMulti: false, .server),
            CommandRecord("watch", arity: -2, transaction, keys: [KeySpec("RO", at: 1, last: -1)], acl: "fast transaction",
                          queuedInMulti: false, .server),
            CommandRecord("unwatch", arity: 1, transaction, acl: "fast transaction", .server),
            CommandRecord(container: "client", arity: -2, acl: "slow", [
                CommandRecord("client|getname", arity: 2, session, acl: "slow connection", .server),
                CommandRecord("client|id", arity: 2, session, acl: "slow connection", .server),
                CommandRecord("client|info", arity: 2, session, acl: "slow connection", tips: "nondeterministic_output", .server),
                CommandRecord("client|kill", arity: -3, session.union(.admin), acl: "admin slow dangerous connection", .server),
                CommandRecord("client|list", arity: -2, session.union(.admin), acl: "admin slow dangerous connection",
                              tips: "nondeterministic_output", .server),
                CommandRecord("client|setinfo", arity: 4, session, acl: "slow connection", .server),
                CommandRecord("client|setname", arity: 3, session, acl: "slow connection", .server),
            ]),
            CommandRecord("info", arity: -1, [.loading, .stale], acl: "slow dangerous",
                          tips: "nondeterministic_output request_policy:all_shards response_policy:special", .server),
            CommandRecord(container: "command", arity: -1, [.loading, .stale], acl: "slow connection",
                          tips: "nondeterministic_output_order", handler: .server, [
                CommandRecord("command|count", arity: 2, [.loading, .stale], acl: "slow connection", .server),
                CommandRecord("command|docs", arity: -2, [.loading, .stale], acl: "slow connection",
                              tips: "nondeterministic_output_order", .server),
                CommandRecord("command|info", arity: -2, [.loading, .stale], acl: "slow connection",
                              tips: "nondeterministic_output_order", .server),
                CommandRecord("command|list", arity: -2, [.loading, .stale], acl: "slow connection",
                              tips: "nondeterministic_output_order", .server),
            ]),
            CommandRecord(container: "memory", arity: -2, acl: "slow", [
                CommandRecord("memory|usage", arity: -3, [.readonly], keys: [KeySpec("RO", at: 2)], acl: "read slow", .server),
            ]),
            CommandRecord(container: "function", arity: -2, acl: "slow", [
                CommandRecord("function|flush", arity: -2, [.write, .noscript], acl: "write slow scripting",
                              tips: "request_policy:all_shards response_policy:all_succeeded", .server),
            ]),
            CommandRecord("debug", arity: -2, [.admin, .noscript, .loading, .stale], acl: "admin slow dangerous", .server),
        ]
    }
}
