import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing

/// Snapshot format 2 keeps each consumer's active time (Redis 7.2's `active-time`, which
/// the Redis 8 dialects report); format 3 adds each stream's idempotent-add memory
/// (Redis 8.6's IDMP) and entries XNACK released (8.8). Format 1 and 2 snapshots,
/// written before them, still open.
@Suite("Snapshot formats")
struct SnapshotFormatTests {
    /// XINFO CONSUMERS of `s` `g`, as (name, inactive) pairs.
    static func inactive(_ server: CommandServer) -> [String: Int64] {
        var session = CommandSession()
        guard case .array(let rows) = server.run(["XINFO", "CONSUMERS", "s", "g"], &session) else { return [:] }
        var out: [String: Int64] = [:]
        for row in rows {
            // A map before encoding (RESP2 folds it into a flat array on the wire).
            var fields: [(RESPValue, RESPValue)] = []
            if case .map(let m) = row { fields = m }
            guard let name = fields.first(where: { $0.0 == .bulk("name") })?.1,
                  case .bulkString(let n) = name,
                  case .integer(let v)? = fields.first(where: { $0.0 == .bulk("inactive") })?.1 else { continue }
            out[String(decoding: n, as: UTF8.self)] = v
        }
        return out
    }

    @Test("a consumer's active time survives a snapshot and a restart")
    func activeTimeSurvives() throws {
        let dir = TempDirectory()
        let clock = ManualClock(milliseconds: 5_000_000)
        do {
            let server = CommandServer(clock: clock)
            server.keyspace.dialect = .redis8_0
            let store = try DataStore(directory: dir.path, policy: .always, server: server)
            var s = CommandSession()
            server.run(["XADD", "s", "1-0", "f", "v"], &s)
            server.run(["XGROUP", "CREATE", "s", "g", "0"], &s)
            server.run(["XREADGROUP", "GROUP", "g", "worker", "STREAMS", "s", ">"], &s)
            server.run(["XCLAIM", "s", "g", "idler", "0", "9-0"], &s)  // exists, never active
            #expect(server.run(["SAVE"], &s) == .ok)
            store.close()
        }
        clock.set(5_000_700)
        let server = CommandServer(clock: clock)
        server.keyspace.dialect = .redis8_0
        let store = try DataStore(directory: dir.path, server: server)
        defer { store.close() }
        #expect(Self.inactive(server) == ["worker": 700, "idler": -1])
    }

    @Test("a format 1 snapshot (no active times) still opens, its consumers never active")
    func formatOneOpens() throws {
        // A format 1 image is a format 2 image without each consumer's active-time varint.
        let ks = Keyspace(clock: ManualClock(milliseconds: 5))
        let server = CommandServer(keyspace: ks)
        var s = CommandSession()
        server.run(["XADD", "s", "1-0", "f", "v"], &s)
        server.run(["XGROUP", "CREATECONSUMER", "s", "g", "zz-consumer"], &s)  // fails: no group yet
        server.run(["XGROUP", "CREATE", "s", "g", "0"], &s)
        server.run(["XGROUP", "CREATECONSUMER", "s", "g", "zz-consumer"], &s)
        var image2: [UInt8] = []
        KeyspaceImage.write(ks, into: &image2)
        // name, number 0, seen time 5, active time 0 (never): drop the last byte.
        let marker = Array("zz-consumer".utf8) + [0, 5, 0]
        guard let at = image2.firstRange(of: marker) else { Issue.record("consumer not found in the image"); return }
        var image1 = image2
        image1.remove(at: at.upperBound - 1)
        // Format 3 ends each stream with its IDMP memory, one 0 byte for none: `s` is
        // the last (and only) key.
        #expect(image1.removeLast() == 0)
        let dir = TempDirectory()
        var file = StorageFormat.snapshotHeader(generation: 0, imageCount: image1.count) + image1 + StorageFormat.snapshotTrailer(image: image1)
        file[6] = 1; file[7] = 0  // format 1
        try Data(file).write(to: URL(fileURLWithPath: dir.snapshot))
        let reopened = CommandServer()
        reopened.keyspace.dialect = .redis8_0
        let store = try DataStore(directory: dir.path, server: reopened)
        defer { store.close() }
        #expect(Self.inactive(reopened) == ["zz-consumer": -1])
        // Read as format 2 instead, the same bytes are refused, not misread.
        #expect(throws: KeyspaceImage.Malformed.self) { try KeyspaceImage.load(image1, into: Keyspace()) }
    }

    /// A newest-dialect server over `dir` (a journal written on every command).
    static func open(_ dir: TempDirectory, _ clock: ManualClock) throws -> (CommandServer, DataStore) {
        let server = CommandServer(clock: clock)
        server.keyspace.dialect = .redis8
        return (server, try DataStore(directory: dir.path, policy: .always, server: server))
    }

    /// XINFO STREAM `s`'s six idempotency figures.
    static func idempotencyFigures(_ server: CommandServer) -> [Int64] {
        var session = CommandSession()
        guard case .map(let m) = server.run(["XINFO", "STREAM", "s"], &session) else { return [] }
        return ["idmp-duration", "idmp-maxsize", "pids-tracked", "iids-tracked", "iids-added", "iids-duplicates"].compactMap { name in
            if case .integer(let v)? = m.first(where: { $0.0 == .bulk(name) })?.1 { return v }
            return nil
        }
    }

    @Test("idempotent adds are remembered across a restart, from the snapshot and from the journal alone", arguments: [true, false])
    func idempotencySurvives(_ save: Bool) throws {
        let dir = TempDirectory()
        let clock = ManualClock(milliseconds: 5_000_000)
        var firstB: RESPValue = .nullBulk
        do {
            let (server, store) = try Self.open(dir, clock)
            var s = CommandSession()
            server.run(["XADD", "s", "IDMP", "p1", "a", "*", "f", "v"], &s)
            server.run(["XADD", "s", "IDMP", "p1", "a", "*", "f", "v"], &s)  // a duplicate
            server.run(["XCFGSET", "s", "IDMP-MAXSIZE", "5", "IDMP-DURATION", "10"], &s)  // forgets `a`
            firstB = server.run(["XADD", "s", "IDMP", "p1", "b", "*", "f", "v"], &s)
            clock.set(5_004_000)
            server.run(["XADD", "s", "IDMPAUTO", "p2", "*", "f", "v"], &s)
            if save { #expect(server.run(["SAVE"], &s) == .ok) }
            #expect(Self.idempotencyFigures(server) == [10, 5, 2, 2, 3, 1])
            store.close()
        }
        let (server, store) = try Self.open(dir, clock)
        defer { store.close() }
        #expect(Self.idempotencyFigures(server) == [10, 5, 2, 2, 3, 1])
        var s = CommandSession()
        #expect(server.run(["XADD", "s", "IDMP", "p1", "b", "*", "f", "other"], &s) == firstB)
        #expect(server.run(["XLEN", "s"], &s) == .integer(3))
        // `b` was added at 5,000,000 and is kept 10 s by the engine's clock; p2's entry 4 s later.
        clock.set(5_010_000)
        #expect(Self.idempotencyFigures(server) == [10, 5, 1, 1, 3, 2])
    }

    @Test("a format 2 snapshot (no IDMP memory) still opens")
    func formatTwoOpens() throws {
        let ks = Keyspace(clock: ManualClock(milliseconds: 5))
        let server = CommandServer(keyspace: ks)
        var s = CommandSession()
        server.run(["XADD", "s", "1-0", "f", "v"], &s)
        server.run(["XGROUP", "CREATE", "s", "g", "0"], &s)
        server.run(["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"], &s)
        var image3: [UInt8] = []
        KeyspaceImage.write(ks, into: &image3)
        var image2 = image3
        #expect(image2.removeLast() == 0)  // the only stream's "no IDMP memory" byte
        let dir = TempDirectory()
        var file = StorageFormat.snapshotHeader(generation: 0, imageCount: image2.count) + image2 + StorageFormat.snapshotTrailer(image: image2)
        file[6] = 2; file[7] = 0  // format 2
        try Data(file).write(to: URL(fileURLWithPath: dir.snapshot))
        let reopened = CommandServer()
        reopened.keyspace.dialect = .redis8
        let store = try DataStore(directory: dir.path, server: reopened)
        defer { store.close() }
        var t = CommandSession()
        #expect(reopened.run(["XPENDING", "s", "g"], &t) == .array([.integer(1), .bulk("1-0"), .bulk("1-0"), .array([.array([.bulk("c"), .bulk("1")])])]))
        #expect(Self.idempotencyFigures(reopened) == [100, 100, 0, 0, 0, 0])
        // Read as format 3 instead, the same bytes are refused, not misread.
        #expect(throws: KeyspaceImage.Malformed.self) { try KeyspaceImage.load(image2, into: Keyspace()) }
    }

    @Test("entries XNACK released stay released across a restart, from the snapshot and from the journal alone", arguments: [true, false])
    func releasedSurvive(_ save: Bool) throws {
        let dir = TempDirectory()
        let clock = ManualClock(milliseconds: 5_000_000)
        let expected: RESPValue = .array([
            .array([.bulk("1-0"), .bulk(""), .integer(-1), .integer(9_223_372_036_854_775_807)]),
            .array([.bulk("2-0"), .bulk("c"), .integer(0), .integer(1)]),
        ])
        do {
            let (server, store) = try Self.open(dir, clock)
            var s = CommandSession()
            server.run(["XADD", "s", "1-0", "f", "v"], &s)
            server.run(["XADD", "s", "2-0", "f", "v"], &s)
            server.run(["XGROUP", "CREATE", "s", "g", "0"], &s)
            server.run(["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"], &s)
            #expect(server.run(["XNACK", "s", "g", "FATAL", "IDS", "1", "1-0"], &s) == .integer(1))
            if save { #expect(server.run(["SAVE"], &s) == .ok) }
            #expect(server.run(["XPENDING", "s", "g", "-", "+", "10"], &s) == expected)
            store.close()
        }
        let (server, store) = try Self.open(dir, clock)
        defer { store.close() }
        var s = CommandSession()
        #expect(server.run(["XPENDING", "s", "g", "-", "+", "10"], &s) == expected)
        #expect(server.run(["XPENDING", "s", "g", "-", "+", "10", "c"], &s)
                == .array([.array([.bulk("2-0"), .bulk("c"), .integer(0), .integer(1)])]))
        let stream = try #require(try server.keyspace.stream(0, Array("s".utf8)))
        #expect(stream.invariantViolations() == [])
    }
}
