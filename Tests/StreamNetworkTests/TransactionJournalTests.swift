import Foundation
import RESP
import StreamCommands
import StreamServer
@testable import StreamStorage
import Testing

/// MULTI/EXEC on a server with a data directory: the transaction's changes are one
/// journal record, so a crash keeps all of them or none.
@Suite("Serving: a transaction is one journal record")
struct TransactionJournalTests {
    @Test("EXEC journals its writes as one record; reopening replays all of them")
    func execIsOneRecord() throws {
        let dir = NSTemporaryDirectory() + "streamscope-exec-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try DataStore(directory: dir, policy: .always, server: CommandServer())
        let core = ServerCore(commands: store.server)
        let id = try #require(core.connect(address: "127.0.0.1:1", localAddress: "127.0.0.1:6379"))
        var out: [UInt8] = []
        var input: [UInt8] = []
        for cmd in [["XADD", "s", "1-0", "f", "v"], ["MULTI"], ["XADD", "s", "2-0", "f", "v"], ["XADD", "t", "1-0", "f", "v"],
                    ["XLEN", "s"], ["EXEC"]] {
            input += RESPEncoder.encode(.array(cmd.map { .bulk($0) }))
        }
        _ = core.receive(input, from: id, into: &out)
        #expect(String(decoding: out, as: UTF8.self).hasSuffix("*3\r\n$3\r\n2-0\r\n$3\r\n1-0\r\n:2\r\n"))
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.ssj")).count
        // Two records after the header: the single XADD, and the whole transaction.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/journal.ssj")))
        var at = StorageFormat.journalHeaderSize
        var frames = 0
        while at < bytes.count {
            at += StorageFormat.recordHeaderSize + Int(bytes.readLE32(at: at))
            frames += 1
        }
        #expect(frames == 2 && at == before)
        #expect(try JournalScan.read(path: dir + "/journal.ssj").records.count == 3)
        store.close()
        let again = try DataStore(directory: dir, server: CommandServer())
        defer { again.close() }
        var s = CommandSession()
        #expect(again.server.execute([Array("XLEN".utf8), Array("s".utf8)], session: &s) == .integer(2))
        #expect(again.server.execute([Array("XLEN".utf8), Array("t".utf8)], session: &s) == .integer(1))
    }
}
