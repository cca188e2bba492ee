import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing

/// Snapshot format 2 keeps each consumer's active time (Redis 7.2's `active-time`, which
/// the Redis 8 dialects report); format 1 snapshots, written before it, still open.
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
}
