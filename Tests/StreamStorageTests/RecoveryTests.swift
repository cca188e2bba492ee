import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing

@Suite("Data directory: journal, snapshots, recovery")
struct RecoveryTests {
    /// Runs `count` workload commands with the clock moving, then closes the store.
    func fill(_ dir: TempDirectory, seed: UInt64, count: Int, saveAt: Int? = nil, policy: FsyncPolicy = .no) throws -> [UInt8] {
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let store = try DataStore(directory: dir.path, policy: policy, server: CommandServer(clock: clock))
        var w = Workload(seed: seed)
        var s = CommandSession()
        for i in 0..<count {
            if i == saveAt { try store.save() }
            clock.advance(by: UInt64(i % 7))
            store.server.run(w.next(), &s)
        }
        let before = image(store.server)
        store.close()
        return before
    }

    func reopen(_ dir: TempDirectory) throws -> (DataStore, [UInt8]) {
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer(clock: ManualClock(milliseconds: 1)))
        return (store, image(store.server))
    }

    @Test("every kind of change survives close and reopen exactly, from the journal alone", arguments: [1, 2, 3] as [UInt64])
    func journalReplay(seed: UInt64) throws {
        let dir = TempDirectory()
        let before = try fill(dir, seed: seed, count: 400)
        let (store, after) = try reopen(dir)
        defer { store.close() }
        #expect(store.replayedRecords > 100)
        #expect(after == before)
        #expect(!FileManager.default.fileExists(atPath: dir.snapshot))
    }

    @Test("a snapshot plus the journal after it rebuild the same state")
    func snapshotThenJournal() throws {
        let dir = TempDirectory()
        let before = try fill(dir, seed: 9, count: 400, saveAt: 250)
        let (store, after) = try reopen(dir)
        defer { store.close() }
        #expect(after == before)
        #expect(store.replayedRecords < 200)  // only what came after the snapshot
    }

    @Test("a journal the snapshot already covers is not applied twice")
    func staleJournal() throws {
        let dir = TempDirectory()
        _ = try fill(dir, seed: 4, count: 100)
        let old = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer(clock: ManualClock()))
        let saved = image(store.server)
        try store.save()
        store.close()
        // A crash after the snapshot's rename but before the new journal's: the old one remains.
        try old.write(to: URL(fileURLWithPath: dir.journal))
        let (again, after) = try reopen(dir)
        defer { again.close() }
        #expect(after == saved)
        #expect(again.replayedRecords == 0)
    }

    @Test("a crash during a background save loses nothing: old snapshot plus both journals replay in order")
    func crashDuringBackgroundSave() throws {
        let dir = TempDirectory()
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        var store: DataStore? = try DataStore(directory: dir.path, policy: .no, server: CommandServer(clock: clock))
        var w = Workload(seed: 11)
        var s = CommandSession()
        for _ in 0..<120 { clock.advance(by: 3); store!.server.run(w.next(), &s) }
        try store!.save()                                   // snapshot covers generation 1
        for _ in 0..<120 { clock.advance(by: 3); store!.server.run(w.next(), &s) }  // journal generation 2
        let oldSnapshot = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        let generation2 = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        try store!.startSave()                              // rotates to generation 3, writes in the background
        for _ in 0..<120 { clock.advance(by: 3); store!.server.run(w.next(), &s) }  // during and after the save
        let final = image(store!.server)
        store!.close()
        store = nil
        // The disk as a crash before the background write finished would leave it.
        try oldSnapshot.write(to: URL(fileURLWithPath: dir.snapshot))
        try generation2.write(to: URL(fileURLWithPath: dir.path + "/journal-2.ssj"))
        let (again, after) = try reopen(dir)
        #expect(after == final)
        again.close()
        #expect(try DataStore.check(directory: dir.path, repair: false).lines.contains { $0.contains("journal-2.ssj") })
    }

    @Test("BGSAVE replies at once and the snapshot lands; a second one meanwhile is refused with Redis's words")
    func backgroundSave() throws {
        let dir = TempDirectory()
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer())
        var s = CommandSession()
        for i in 0..<2000 { store.server.run(["XADD", "s", "\(i + 1)-0", "f", "v"], &s) }
        let reply = store.server.run(["BGSAVE"], &s)
        #expect(reply == .simpleString("Background saving started"))
        let again = store.server.run(["BGSAVE"], &s)
        #expect(again == .simpleString("Background saving started") || again == .error("ERR Background save already in progress"))
        store.server.run(["XADD", "s", "*", "f", "during"], &s)
        store.close()  // waits for the save
        let (reopened, _) = try reopen(dir)
        defer { reopened.close() }
        #expect(try reopened.server.keyspace.stream(0, Array("s".utf8))?.length == 2001)
        #expect(FileManager.default.fileExists(atPath: dir.snapshot))
        #expect(DataStore.rotatedJournals(in: dir.path).isEmpty)
    }

    @Test("a record cut short by a crash is dropped with a warning naming the offset")
    func truncatedTail() throws {
        let dir = TempDirectory()
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let store = try DataStore(directory: dir.path, policy: .always, server: CommandServer(clock: clock))
        var s = CommandSession()
        store.server.run(["XADD", "s", "1-0", "f", "v"], &s)
        let keep = image(store.server)
        let sizeBefore = store.journalSize
        store.server.run(["XADD", "s", "2-0", "f", "v"], &s)
        store.close()
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: dir.journal))
        try h.truncate(atOffset: UInt64(sizeBefore + 5))
        try h.close()
        let (again, after) = try reopen(dir)
        defer { again.close() }
        #expect(after == keep)
        #expect(again.warnings.first?.contains("partial record at byte \(sizeBefore)") == true)
        #expect(again.journalSize == sizeBefore)
    }

    @Test("damage before the end refuses to start, names file and offset; check --repair cuts there",
          arguments: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20])
    func corruption(shift: Int) throws {
        let dir = TempDirectory()
        _ = try fill(dir, seed: 5, count: 50, policy: .always)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        // A byte in the header, the checksums or the payload of a record mid-file.
        let scan = try JournalScan.read(path: dir.journal)
        #expect(scan.records.count > 10)
        let offset = Self.recordOffsets(bytes)[scan.records.count / 2] + shift
        bytes[offset] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: dir.journal))
        #expect {
            _ = try DataStore(directory: dir.path, policy: .no, server: CommandServer())
        } throws: { error in
            let text = "\(error)"
            return text.contains("journal.ssj is damaged at byte") && text.contains("streamscope check \(dir.path) --repair")
        }
        let report = try DataStore.check(directory: dir.path, repair: false)
        #expect(!report.healthy)
        let repaired = try DataStore.check(directory: dir.path, repair: true)
        #expect(repaired.repaired)
        let (store, _) = try reopen(dir)
        defer { store.close() }
        #expect(store.replayedRecords > 0 && store.replayedRecords < 50)
    }

    /// Where each record starts.
    static func recordOffsets(_ bytes: Data) -> [Int] {
        var at = StorageFormat.journalHeaderSize
        var out: [Int] = []
        let b = [UInt8](bytes)
        while at + StorageFormat.recordHeaderSize <= b.count {
            out.append(at)
            at += StorageFormat.recordHeaderSize + Int(b.readLE32(at: at))
        }
        return out
    }

    @Test("a damaged snapshot is refused; repair sets it aside")
    func damagedSnapshot() throws {
        let dir = TempDirectory()
        _ = try fill(dir, seed: 6, count: 80, saveAt: 60)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.snapshot))
        bytes[40] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: dir.snapshot))
        #expect(throws: StorageError.self) { _ = try DataStore(directory: dir.path, policy: .no, server: CommandServer()) }
        #expect(try DataStore.check(directory: dir.path, repair: true).repaired)
        #expect(FileManager.default.fileExists(atPath: dir.snapshot + ".damaged"))
    }

    @Test("empty and header-only journals open; unknown format versions are refused by name")
    func edgesAndVersions() throws {
        let dir = TempDirectory()
        FileManager.default.createFile(atPath: dir.journal, contents: Data())
        let (a, _) = try reopen(dir)
        a.close()
        let (b, _) = try reopen(dir)  // now header-only
        b.close()
        var header = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        header[6] = 9
        try header.write(to: URL(fileURLWithPath: dir.journal))
        #expect { _ = try DataStore(directory: dir.path, policy: .no, server: CommandServer()) } throws: { "\($0)".contains("format 9, written by a newer StreamScope") }
        header[6] = 0
        try header.write(to: URL(fileURLWithPath: dir.journal))
        #expect { _ = try DataStore(directory: dir.path, policy: .no, server: CommandServer()) } throws: { "\($0)".contains("format 0, which this StreamScope does not read") }
    }

    @Test("a second process cannot open the same directory, and is told which process on which host holds it")
    func lock() throws {
        let dir = TempDirectory()
        let first = try DataStore(directory: dir.path, policy: .no, server: CommandServer())
        defer { first.close() }
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let holder = "pid \(getpid()) on host \(String(cString: name))"
        #expect { _ = try DataStore(directory: dir.path, policy: .no, server: CommandServer()) } throws: {
            "\($0)".contains("in use by another StreamScope process (\(holder) since ")
        }
        #expect { _ = try DataStore.check(directory: dir.path, repair: false) } throws: { "\($0)".contains(holder) }
    }

    @Test("a blocked group read served later is journaled with the time it was served")
    func blockedReadJournaled() throws {
        let dir = TempDirectory()
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer(clock: clock))
        var s = CommandSession(), reader = CommandSession()
        store.server.run(["XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"], &s)
        guard case .block(let request) = store.server.run(["XREADGROUP", "GROUP", "g", "w", "BLOCK", "0", "STREAMS", "q", ">"].map { Array($0.utf8) }, session: &reader) else {
            Issue.record("did not block")
            return
        }
        clock.advance(by: 5000)
        store.server.run(["XADD", "q", "*", "f", "v"], &s)
        #expect(request.retry(after: .dataAvailable, session: &reader, keyspace: store.server.keyspace) != nil)
        let before = image(store.server)
        store.close()
        let (again, after) = try reopen(dir)
        defer { again.close() }
        #expect(after == before)
    }

    @Test("SAVE, BGREWRITEAOF and LASTSAVE work through the command table; without a store they say so")
    func saveCommands() throws {
        let dir = TempDirectory()
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer())
        defer { store.close() }
        var s = CommandSession()
        store.server.run(["XADD", "s", "*", "f", "v"], &s)
        #expect(store.server.run(["SAVE"], &s) == .ok)
        #expect(store.server.run(["BGREWRITEAOF"], &s) == .simpleString("Background append only file rewriting started"))
        if case .integer(let t) = store.server.run(["LASTSAVE"], &s) { #expect(t > 1_700_000_000) } else { Issue.record("LASTSAVE") }
        let plain = CommandServer()
        #expect(plain.run(["SAVE"], &s) == .error("ERR persistence is off: start StreamScope with --data DIR to save"))
    }

    @Test("a write that cannot reach the disk is not acknowledged")
    func writeFailure() throws {
        #expect { _ = try Journal(path: "/dev/full", generation: 1, truncateTo: nil, policy: .always) } throws: {
            "\($0)".contains("No space left on device")
        }
        let server = CommandServer()
        server.durability.journal = { _, _, _ in "ERR persistence failed, nothing acknowledged: disk full" }
        var s = CommandSession()
        #expect(server.run(["XADD", "s", "*", "f", "v"], &s) == .error("ERR persistence failed, nothing acknowledged: disk full"))
        #expect(server.run(["XLEN", "s"], &s) == .integer(1))  // reads still work
    }
}

@Suite("Checksums")
struct ChecksumTests {
    @Test("CRC-32 matches the standard check value and agrees across lengths and alignments")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        // Slicing-by-8 against the plain bytewise definition, every length up to 40.
        func slow(_ b: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for x in b { c = CRC32.tables[0][Int((c ^ UInt32(x)) & 0xFF)] ^ (c >> 8) }
            return c ^ 0xFFFF_FFFF
        }
        let data = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for start in 0..<8 {
            for n in 0..<40 {
                let slice = Array(data[start..<(start + n)])
                #expect(CRC32.checksum(slice) == slow(slice))
            }
        }
    }
}
