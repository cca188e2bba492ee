import Foundation
import StreamCommands
import StreamEngine

/// What a data directory holds, read and checked but not yet loaded: the snapshot, the
/// journals rotated out by a save that had not finished, and the active journal.
///
/// Opening a store and putting its keyspace back after a failed write both load through
/// here, so the two can never disagree about what the files mean.
struct DirectoryContents {
    /// The snapshot's image and the journal generation it covers.
    var snapshot: (generation: UInt64, image: [UInt8], format: Int)?
    /// Rotated journals newer than the snapshot, oldest first: replayed before the active one.
    var rotated: [(generation: UInt64, path: String, scan: JournalScan)] = []
    /// Rotated journals the snapshot already holds (a crash after the snapshot's rename).
    var stale: [String] = []
    /// The active journal, when the file exists.
    var active: JournalScan?

    /// Reads the snapshot and every journal newer than it. Throws on a file that cannot
    /// be read or is not what its name says; damage inside a journal is reported in its
    /// scan, for the caller to judge.
    /// - Complexity: O(snapshot size + journal sizes).
    static func read(directory: String, fileSystem fs: any StorageFileSystem) throws -> DirectoryContents {
        var contents = DirectoryContents()
        let snapshot = directory + "/snapshot.ssi", journal = directory + "/journal.ssj"
        if fs.fileExists(snapshot) {
            contents.snapshot = try DataStore.readSnapshot(snapshot, fileSystem: fs)
        }
        let covered = contents.snapshot?.generation ?? 0
        for (gen, path) in DataStore.rotatedJournals(in: directory, fileSystem: fs) {
            if gen <= covered { contents.stale.append(path); continue }
            contents.rotated.append((gen, path, try JournalScan.read(path: path, fileSystem: fs)))
        }
        if fs.fileExists(journal) {
            contents.active = try JournalScan.read(path: journal, fileSystem: fs)
        }
        return contents
    }

    /// The newest generation the snapshot and rotated journals hold: the active journal
    /// is replayed only when its own generation is newer.
    var coveredGeneration: UInt64 { rotated.last?.generation ?? snapshot?.generation ?? 0 }

    /// Whether the active journal holds commands the snapshot and rotated journals lack.
    var activeIsNewer: Bool {
        guard let active else { return false }
        return active.generation > coveredGeneration && !(active.fileSize == 0 || active.generation == 0 && active.validEnd == 0)
    }

    /// Loads everything into `server`'s keyspace: the snapshot, then each newer journal's
    /// good records in order. Returns how many records were replayed.
    /// - Complexity: O(snapshot size + replayed records).
    func load(into server: CommandServer, directory: String) throws -> Int {
        if let snapshot {
            do { try KeyspaceImage.load(snapshot.image, into: server.keyspace, format: snapshot.format) } catch {
                throw StorageError("\(directory)/snapshot.ssi holds a malformed image: \(error)")
            }
        }
        var replayed = 0
        for journal in rotated {
            try Self.replay(journal.scan.records, into: server)
            replayed += journal.scan.records.count
        }
        if activeIsNewer, let active {
            try Self.replay(active.records, into: server)
            replayed += active.records.count
        }
        return replayed
    }

    /// Runs journal records through the command table with the clock pinned to the
    /// instant each ran. - Complexity: O(records), each at its command's cost.
    static func replay(_ records: [JournaledCommand], into server: CommandServer) throws {
        let ks = server.keyspace
        var session = CommandSession()
        for (i, r) in records.enumerated() {
            guard ks.databases.indices.contains(r.db) else {
                throw StorageError("journal record \(i + 1) is for database \(r.db); the server has \(ks.databases.count)")
            }
            session.db = r.db
            ks.pinnedNow = r.nowMs
            let reply = server.execute(r.args, session: &session)
            ks.pinnedNow = nil
            if case .error(let e) = reply {
                throw StorageError("replaying journal record \(i + 1) (\(String(decoding: r.args[0], as: UTF8.self))) failed: \(e)")
            }
        }
    }
}
