import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing

/// What reaches the journal is decided by the command's record: a successful command
/// with the `write` flag, plus CONFIG SET. Read-only subcommands of containers that
/// write (XGROUP HELP) are not journaled, whatever their container does.
@Suite("Data directory: which commands are journaled")
struct JournalingTests {
    @Test("XGROUP HELP and other read-only subcommands are not journaled; XGROUP CREATE and CONFIG SET are")
    func subcommandsDecide() throws {
        let dir = TempDirectory()
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer(clock: ManualClock(milliseconds: 1_800_000_000_000)))
        var s = CommandSession()
        let cases: [(command: [String], journaled: Bool)] = [
            (["XGROUP", "HELP"], false),
            (["XINFO", "HELP"], false),
            (["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"], true),
            (["xgroup", "help"], false),
            (["XINFO", "GROUPS", "s"], false),
            (["CONFIG", "GET", "*"], false),
            (["CONFIG", "SET", "stream-node-max-entries", "5"], true),
            (["XADD", "s", "*", "a", "b"], true),
            (["XLEN", "s"], false),
            // Errors are never journaled.
            (["XGROUP", "CREATE", "s", "g", "$"], false),
            (["XGROUP", "NOPE"], false),
            (["XGROUP", "CREATECONSUMER", "s", "g", "alice"], true),
        ]
        for c in cases {
            let before = store.journalSize
            store.server.run(c.command, &s)
            #expect((store.journalSize > before) == c.journaled, "\(c.command.joined(separator: " "))")
        }
        store.close()
        let again = try DataStore(directory: dir.path, policy: .no, server: CommandServer(clock: ManualClock(milliseconds: 1)))
        defer { again.close() }
        #expect(again.replayedRecords == cases.filter(\.journaled).count)
    }

    @Test("the records journal every engine write and CONFIG SET, nothing else")
    func recordsSayWhich() {
        var journaled: [String] = []
        var writes: [String] = []
        for top in CommandServer.records {
            for r in [top] + top.subcommands.values {
                if r.journaled { journaled.append(r.name) }
                if r.flags.contains(.write) && r.runsInEngine { writes.append(r.name) }
            }
        }
        #expect(Set(journaled) == Set(writes + ["config|set"]))
        #expect(!journaled.contains("xgroup|help"))
        #expect(journaled.contains("xgroup|create"))
    }
}
