import Foundation

extension DataStore {
    /// What `streamscope check DIR` found.
    public struct CheckReport: Sendable {
        public var lines: [String] = []
        /// Whether the directory opens as it is.
        public var healthy = true
        /// Whether `--repair` changed anything.
        public var repaired = false
    }

    /// Checks a data directory without opening it for writing; with `repair`, cuts the
    /// journal at its first bad record (reporting what that drops) and sets a damaged
    /// snapshot aside as `snapshot.ssi.damaged`. Refuses while another process holds it.
    public static func check(directory: String, repair: Bool,
                             fileSystem fs: any StorageFileSystem = PosixFileSystem.shared) throws -> CheckReport {
        var report = CheckReport()
        let held: (any StorageLock)?
        do {
            held = try fs.lock(directory + "/LOCK")
        } catch {
            // No LOCK file can be opened there: say why, rather than blame another process.
            throw StorageError(fs.fileExists(directory)
                ? "\(directory) is not a data directory (it is a file, or cannot be written): nothing to check"
                : "\(directory) does not exist: nothing to check")
        }
        guard let lock = held else {
            throw StorageError(LockHolder.busy(directory, holder: fs.lockHolder(directory + "/LOCK")))
        }
        defer { lock.unlock() }
        let snapshot = directory + "/snapshot.ssi", journal = directory + "/journal.ssj"
        var covered: UInt64 = 0
        if fs.fileExists(snapshot) {
            do {
                let (gen, image, _) = try readSnapshot(snapshot, fileSystem: fs)
                covered = gen
                report.lines.append("snapshot: \(image.count) bytes of image, covers journal generation \(gen), checksum ok")
            } catch {
                report.healthy = false
                report.lines.append("snapshot: \(error)")
                if repair {
                    try? fs.rename(snapshot, to: snapshot + ".damaged")
                    report.repaired = true
                    report.lines.append("  set aside as snapshot.ssi.damaged: the store restarts from the journal alone")
                }
            }
        } else {
            report.lines.append("snapshot: none (the journal holds everything)")
        }
        for (gen, path) in rotatedJournals(in: directory, fileSystem: fs) {
            let scan = try JournalScan.read(path: path, fileSystem: fs)
            let name = (path as NSString).lastPathComponent
            if gen <= covered {
                report.lines.append("\(name): generation \(gen), already in the snapshot (opening deletes it)")
            } else {
                report.lines.append("\(name): generation \(gen), \(scan.records.count) good records from a save that did not finish (opening replays it)")
            }
            if case .corrupt(let offset, let reason)? = scan.problem {
                report.healthy = false
                report.lines.append("  damaged at byte \(offset): \(reason)")
                if repair {
                    try cut(path, at: offset, fileSystem: fs)
                    report.repaired = true
                    report.lines.append("  cut at byte \(offset)")
                }
            }
        }
        if fs.fileExists(journal) {
            let scan = try JournalScan.read(path: journal, fileSystem: fs)
            let stale = scan.generation != 0 && scan.generation <= covered
            report.lines.append("journal: generation \(scan.generation), \(scan.records.count) good records, \(scan.validEnd) of \(scan.fileSize) bytes\(stale ? " (already in the snapshot: ignored)" : "")")
            switch scan.problem {
            case .truncatedTail(let offset)?:
                report.lines.append("  ends in a partial record at byte \(offset) (a crash mid-write): opening cuts it off by itself")
            case .corrupt(let offset, let reason)?:
                report.healthy = false
                report.lines.append("  damaged at byte \(offset): \(reason); \(scan.fileSize - offset) bytes after it cannot be trusted")
                if repair {
                    try cut(journal, at: offset, fileSystem: fs)
                    report.repaired = true
                    report.lines.append("  cut at byte \(offset): dropped \(scan.fileSize - offset) bytes; the \(scan.records.count) records before it are kept")
                }
            case nil:
                break
            }
        } else {
            report.lines.append("journal: none")
        }
        if !report.healthy && !repair {
            report.lines.append("run `streamscope check \(directory) --repair` to drop the damaged part")
        }
        return report
    }

    /// Truncates a journal at a record boundary and makes that durable.
    static func cut(_ path: String, at offset: Int, fileSystem fs: any StorageFileSystem) throws {
        let file = try fs.openForWriting(path)
        defer { file.close() }
        try file.truncate(to: offset)
        try file.sync()
    }
}
