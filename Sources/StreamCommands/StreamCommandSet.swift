import RESP
import StreamEngine

/// The stream commands of Redis 7.0, with Redis's names, arities, flags, key specs,
/// ACL categories and tips. Handlers live in `StreamCommands+*.swift`, one file per family.
enum StreamCommandSet {
    static var all: [CommandRecord] {
        [
            CommandRecord("xadd", arity: -5, [.write, .denyoom, .fast],
                          keys: [KeySpec("RW update", at: 1, notes: "UPDATE instead of INSERT because of the optional trimming feature")],
                          acl: "write stream fast", tips: "nondeterministic_output", .engine(reply(xadd))),
            CommandRecord("xlen", arity: 2, [.readonly, .fast], keys: [KeySpec("RO", at: 1)], acl: "read stream fast",
                          .engine(reply(xlen))),
            CommandRecord("xrange", arity: -4, [.readonly], keys: [KeySpec("RO access", at: 1)], acl: "read stream slow",
                          .engine(reply(xrange))),
            CommandRecord("xrevrange", arity: -4, [.readonly], keys: [KeySpec("RO access", at: 1)], acl: "read stream slow",
                          .engine(reply(xrevrange))),
            CommandRecord("xdel", arity: -3, [.write, .fast], keys: [KeySpec("RW delete", at: 1)], acl: "write stream fast",
                          .engine(reply(xdel))),
            CommandRecord("xtrim", arity: -4, [.write], keys: [KeySpec("RW delete", at: 1)], acl: "write stream slow",
                          tips: "nondeterministic_output", .engine(reply(xtrim))),
            CommandRecord("xsetid", arity: -3, [.write, .denyoom, .fast], keys: [KeySpec("RW update", at: 1)],
                          acl: "write stream fast", .engine(reply(xsetid))),
            CommandRecord("xread", arity: -4, [.readonly, .blocking],
                          keys: [KeySpec("RO access", keyword: "STREAMS", from: 1, last: -1, limit: 2)],
                          acl: "read stream slow blocking", .engine(xread)),
            CommandRecord("xreadgroup", arity: -7, [.write, .blocking],
                          keys: [KeySpec("RO access", keyword: "STREAMS", from: 4, last: -1, limit: 2)],
                          acl: "write stream slow blocking", .engine(xreadgroup)),
            CommandRecord("xack", arity: -4, [.write, .fast], keys: [KeySpec("RW update", at: 1)], acl: "write stream fast",
                          .engine(reply(xack))),
            CommandRecord("xpending", arity: -3, [.readonly], keys: [KeySpec("RO access", at: 1)], acl: "read stream slow",
                          tips: "nondeterministic_output", .engine(reply(xpending))),
            CommandRecord("xclaim", arity: -6, [.write, .fast], keys: [KeySpec("RW update", at: 1)], acl: "write stream fast",
                          tips: "nondeterministic_output", .engine(reply(xclaim))),
            CommandRecord("xautoclaim", arity: -6, [.write, .fast], keys: [KeySpec("RW delete", at: 1)], acl: "write stream fast",
                          tips: "nondeterministic_output", .engine(reply(xautoclaim))),
            CommandRecord(container: "xgroup", arity: -2, acl: "slow", [
                CommandRecord("xgroup|create", arity: -5, [.write, .denyoom], keys: [KeySpec("RW insert", at: 2)],
                              acl: "write stream slow", .engine(reply(xgroupCreate))),
                CommandRecord("xgroup|createconsumer", arity: 5, [.write, .denyoom], keys: [KeySpec("RW insert", at: 2)],
                              acl: "write stream slow", .engine(reply(xgroupCreateConsumer))),
                CommandRecord("xgroup|delconsumer", arity: 5, [.write], keys: [KeySpec("RW delete", at: 2)],
                              acl: "write stream slow", .engine(reply(xgroupDelConsumer))),
                CommandRecord("xgroup|destroy", arity: 4, [.write], keys: [KeySpec("RW delete", at: 2)], acl: "write stream slow",
                              .engine(reply(xgroupDestroy))),
                CommandRecord("xgroup|help", arity: 2, [.loading, .stale], acl: "stream slow",
                              .engine(reply { ctx in helpReply(ctx, xgroupHelp) })),
                CommandRecord("xgroup|setid", arity: -5, [.write], keys: [KeySpec("RW update", at: 2)], acl: "write stream slow",
                              .engine(reply(xgroupSetID))),
            ]),
            CommandRecord(container: "xinfo", arity: -2, acl: "slow", [
                CommandRecord("xinfo|consumers", arity: 4, [.readonly], keys: [KeySpec("RO access", at: 2)],
                              acl: "read stream slow", tips: "nondeterministic_output", .engine(reply(xinfoConsumers))),
                CommandRecord("xinfo|groups", arity: 3, [.readonly], keys: [KeySpec("RO access", at: 2)], acl: "read stream slow",
                              .engine(reply(xinfoGroups))),
                CommandRecord("xinfo|help", arity: 2, [.loading, .stale], acl: "stream slow",
                              .engine(reply { ctx in helpReply(ctx, xinfoHelp) })),
                CommandRecord("xinfo|stream", arity: -3, [.readonly], keys: [KeySpec("RO access", at: 2)], acl: "read stream slow",
                              .engine(reply(xinfoStream))),
            ]),
        ]
    }
}
