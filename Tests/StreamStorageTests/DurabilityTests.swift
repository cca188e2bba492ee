import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing

/// A transaction reaches the journal as one record, and a journal that cannot be
/// written refuses changes until it can, keeping nothing in memory that the disk lacks.
@Suite("Durability: transactions as one record, and failed writes", .serialized)
struct DurabilityTests {
    func xlen(_ server: CommandServer, _ key: String) -> RESPValue {
        var s = CommandSession()
        return server.run(["XLEN", key], &s)
    }

    /// Runs `commands` as the server runs a MULTI/EXEC: one journal batch.
    func transaction(_ server: CommandServer, _ commands: [[String]]) -> (replies: [RESPValue], failure: String?) {
        var s = CommandSession()
        let batching = server.durability.beginJournalBatch()
        let replies = commands.map { server.run($0, &s) }
        return (replies, batching ? server.durability.endJournalBatch() : nil)
    }

    @Test("a transaction is one journal record: a crash that tears it replays none of it, one before it all")
    func transactionIsOneRecord() throws {
        let dir = TempDirectory()
        do {
            let store = try DataStore(directory: dir.path, policy: .always, server: CommandServer())
            var s = CommandSession()
            #expect(store.server.run(["XADD", "s", "1-0", "f", "v"], &s) == .bulk("1-0"))
            let t = transaction(store.server, [["XADD", "s", "2-0", "f", "v"], ["XADD", "t", "1-0", "f", "v"], ["XDEL", "s", "1-0"]])
            #expect(t.failure == nil)
            #expect(t.replies == [.bulk("2-0"), .bulk("1-0"), .integer(1)])
            store.close()
        }
        let scan = try JournalScan.read(path: dir.journal)
        #expect(scan.records.count == 4, "the commands come back one by one")
        // Reopened whole: the transaction is there.
        do {
            let store = try DataStore(directory: dir.path, server: CommandServer())
            #expect(xlen(store.server, "s") == .integer(1) && xlen(store.server, "t") == .integer(1))
            store.close()
        }
        // Torn inside the transaction's record (a crash mid-write): none of it replays.
        let size = try FileManager.default.attributesOfItem(atPath: dir.journal)[.size] as! Int
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.journal))
        try handle.truncate(atOffset: UInt64(size - 5))
        try handle.close()
        let store = try DataStore(directory: dir.path, server: CommandServer())
        defer { store.close() }
        #expect(xlen(store.server, "s") == .integer(1), "XADD 1-0 stays, the torn transaction's XDEL and XADD do not")
        #expect(xlen(store.server, "t") == .integer(0))
        var s = CommandSession()
        #expect(store.server.run(["XRANGE", "s", "-", "+"], &s) == .array([.array([.bulk("1-0"), .array([.bulk("f"), .bulk("v")])])]))
    }

    @Test("a failed write is not kept in memory; later writes get MISCONF until the disk takes writes again; reads go on")
    func failedWriteRefusesUntilRecovered() throws {
        let dir = TempDirectory()
        do {
            let store = try DataStore(directory: dir.path, policy: .always, server: CommandServer())
            var s = CommandSession()
            #expect(store.server.run(["XADD", "s", "1-0", "f", "v"], &s) == .bulk("1-0"))
            store.journal.injectedFault = "No space left on device"
            // The write that meets the failure: refused, and memory put back.
            guard case .error(let e1) = store.server.run(["XADD", "s", "2-0", "f", "v"], &s) else {
                Issue.record("a write the journal could not take was acknowledged")
                return
            }
            #expect(e1.hasPrefix("ERR persistence failed") && e1.contains("No space left on device"), "\(e1)")
            #expect(xlen(store.server, "s") == .integer(1), "memory kept a change the disk does not have")
            // From now on changes are refused before they are made; reads work.
            guard case .error(let e2) = store.server.run(["XADD", "s", "3-0", "f", "v"], &s) else {
                Issue.record("a write went through while the journal was failing")
                return
            }
            #expect(e2.hasPrefix("MISCONF"), "\(e2)")
            #expect(store.server.run(["XRANGE", "s", "-", "+", "COUNT", "1"], &s) != .nullArray)
            #expect(store.infoLines.contains("aof_last_write_status:err"))
            #expect(store.infoLines.contains { $0.hasPrefix("streamscope_journal_error:") && $0.contains("No space left") })
            // A transaction meanwhile: refused whole.
            let t = transaction(store.server, [["XADD", "s", "4-0", "f", "v"], ["XADD", "u", "1-0", "f", "v"]])
            #expect(t.replies.allSatisfy { if case .error(let e) = $0 { return e.hasPrefix("MISCONF") } else { return false } })
            #expect(xlen(store.server, "u") == .integer(0))
            // The disk takes writes again: so does the store.
            store.journal.injectedFault = nil
            #expect(store.server.run(["XADD", "s", "5-0", "f", "v"], &s) == .bulk("5-0"))
            #expect(store.infoLines.contains("aof_last_write_status:ok"))
            store.close()
        }
        let store = try DataStore(directory: dir.path, server: CommandServer())
        defer { store.close() }
        var s = CommandSession()
        #expect(store.server.run(["XRANGE", "s", "-", "+"], &s) == .array([
            .array([.bulk("1-0"), .array([.bulk("f"), .bulk("v")])]),
            .array([.bulk("5-0"), .array([.bulk("f"), .bulk("v")])]),
        ]))
    }

    @Test("a transaction whose record cannot be written is refused whole and leaves memory as the files are")
    func failedTransactionRollsBack() throws {
        let dir = TempDirectory()
        let store = try DataStore(directory: dir.path, policy: .always, server: CommandServer())
        defer { store.close() }
        var s = CommandSession()
        #expect(store.server.run(["XADD", "s", "1-0", "f", "v"], &s) == .bulk("1-0"))
        // The journal breaks after the transaction's commands ran, when its record is written.
        _ = store.server.durability.beginJournalBatch()
        #expect(store.server.run(["XADD", "s", "2-0", "f", "v"], &s) == .bulk("2-0"))
        #expect(store.server.run(["XADD", "t", "1-0", "f", "v"], &s) == .bulk("1-0"))
        store.journal.injectedFault = "Input/output error"
        let failure = store.server.durability.endJournalBatch()
        #expect(failure?.contains("nothing of the transaction acknowledged") == true, "\(failure ?? "no failure")")
        #expect(xlen(store.server, "s") == .integer(1))
        #expect(xlen(store.server, "t") == .integer(0))
    }
}
