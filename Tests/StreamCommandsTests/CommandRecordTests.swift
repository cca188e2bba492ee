import StreamCommands
import Testing

/// The command records as data: read-only filtering reads them as an allow-list.
@Suite("Command records")
struct CommandRecordTests {
    static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    @Test("isReadOnly allows only known commands flagged readonly, subcommand resolved, in any case")
    func readOnlyAllowList() {
        let allowed: [[String]] = [
            ["XRANGE", "s", "-", "+"], ["xlen", "s"], ["XREAD", "STREAMS", "s", "0"], ["XINFO", "STREAM", "s"],
            ["xInfo", "groups", "s"], ["XPENDING", "s", "g"], ["GET", "k"], ["SCAN", "0"], ["MEMORY", "USAGE", "k"],
            ["EXISTS", "a", "b"], ["DBSIZE"],
        ]
        let refused: [[String]] = [
            ["XADD", "s", "*", "a", "b"], ["XGROUP", "CREATE", "s", "g", "$"], ["XGROUP", "HELP"], ["XGROUP"],
            ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"], ["CONFIG", "GET", "*"], ["CONFIG", "SET", "a", "b"],
            ["PING"], ["EVAL", "return 1", "0"], ["NOSUCH"], ["XINFO", "NOPE", "s"], ["FUNCTION", "FLUSH"],
            ["FLUSHALL"], ["DEL", "k"], ["SAVE"], ["CLIENT", "LIST"], ["MULTI"], ["DEBUG", "SLEEP", "0"],
        ]
        for a in allowed { #expect(CommandServer.isReadOnly(Self.bytes(a)), "\(a)") }
        for r in refused { #expect(!CommandServer.isReadOnly(Self.bytes(r)), "\(r)") }
        #expect(!CommandServer.isReadOnly([]))
    }

    @Test("every record and subcommand is found by name, flags and keys agree with what the engine runs")
    func recordsAreConsistent() {
        for top in CommandServer.records {
            #expect(CommandServer.record(named: top.name) === top)
            for sub in top.subcommands.values {
                #expect(CommandServer.record(named: sub.name) === sub)
                #expect(!(sub.flags.contains(.write) && sub.flags.contains(.readonly)), "\(sub.name)")
            }
            #expect(!(top.flags.contains(.write) && top.flags.contains(.readonly)), "\(top.name)")
        }
        #expect(CommandServer.record(named: "xgroup|help")?.journaled == false)
        #expect(CommandServer.record(named: "xgroup|create")?.journaled == true)
        #expect(CommandServer.record(named: "multi")?.queuedInMulti == false)
        #expect(CommandServer.record(named: "auth")?.flags.contains(.noAuth) == true)
    }

    /// Records without docs, with the reason.
    static let undocumented: [String: String] = [
        "client|setinfo": "Redis 7.2's: redis-server 7.0, where the argument trees come from, has none",
    ]

    @Test("every record leads to its docs (COMMAND DOCS), but for the listed exceptions")
    func recordsAreDocumented() {
        for top in CommandServer.records {
            for r in [top] + top.subcommands.values {
                #expect(r.isDocumented == (Self.undocumented[r.name] == nil), "\(r.name)")
            }
        }
    }
}
