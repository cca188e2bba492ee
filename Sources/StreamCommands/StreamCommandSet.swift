import RESP
import StreamEngine

/// The stream commands of Redis 7.0, with Redis's names and arities. Handlers live in
/// `StreamCommands+*.swift`, one file per family.
enum StreamCommandSet {
    static var all: [CommandSpec] {
        [
            CommandSpec("xadd", arity: -5, write: true, handler: reply(xadd)),
            CommandSpec("xlen", arity: 2, handler: reply(xlen)),
            CommandSpec("xrange", arity: -4, handler: reply(xrange)),
            CommandSpec("xrevrange", arity: -4, handler: reply(xrevrange)),
            CommandSpec("xdel", arity: -3, write: true, handler: reply(xdel)),
            CommandSpec("xtrim", arity: -4, write: true, handler: reply(xtrim)),
            CommandSpec("xsetid", arity: -3, write: true, handler: reply(xsetid)),
            CommandSpec("xread", arity: -4, handler: xread),
            CommandSpec("xreadgroup", arity: -7, write: true, handler: xreadgroup),
            CommandSpec("xack", arity: -4, write: true, handler: reply(xack)),
            CommandSpec("xpending", arity: -3, handler: reply(xpending)),
            CommandSpec("xclaim", arity: -6, write: true, handler: reply(xclaim)),
            CommandSpec("xautoclaim", arity: -6, write: true, handler: reply(xautoclaim)),
            CommandSpec(container: "xgroup", arity: -2, [
                CommandSpec("xgroup|create", arity: -5, write: true, handler: reply(xgroupCreate)),
                CommandSpec("xgroup|setid", arity: -5, write: true, handler: reply(xgroupSetID)),
                CommandSpec("xgroup|destroy", arity: 4, write: true, handler: reply(xgroupDestroy)),
                CommandSpec("xgroup|createconsumer", arity: 5, write: true, handler: reply(xgroupCreateConsumer)),
                CommandSpec("xgroup|delconsumer", arity: 5, write: true, handler: reply(xgroupDelConsumer)),
                CommandSpec("xgroup|help", arity: 2, handler: reply { ctx in helpReply(ctx, xgroupHelp) }),
            ]),
            CommandSpec(container: "xinfo", arity: -2, [
                CommandSpec("xinfo|stream", arity: -3, handler: reply(xinfoStream)),
                CommandSpec("xinfo|groups", arity: 3, handler: reply(xinfoGroups)),
                CommandSpec("xinfo|consumers", arity: 4, handler: reply(xinfoConsumers)),
                CommandSpec("xinfo|help", arity: 2, handler: reply { ctx in helpReply(ctx, xinfoHelp) }),
            ]),
        ]
    }
}
