import Foundation
import StreamCommands
import StreamEngine

/// A data directory: a snapshot of the keyspace plus a journal of every command that
/// changed it since. Opening it loads the snapshot and replays the journal into a
/// command server the caller built; from then on every data-changing command that
/// server runs is journaled before its reply leaves. `save()` writes a new snapshot and
/// starts a fresh journal.
///
/// The store is a layer under the command table, not its owner: whoever owns both (the
/// executable) builds the `CommandServer`, opens the store into it and keeps both.
///
/// One process at a time: a lock file (`LOCK`, flock) keeps a second writer out.
public final class DataStore {
    public let directory: String
    /// The command server this store was opened into (the caller's): replay runs
    /// through it, and its `durability` hooks lead here.
    public let server: CommandServer
    var journal: Journal
    private var generation: UInt64
    private let lock: any StorageLock
    /// Where the files are: the operating system's, or a test's simulated disk.
    let fileSystem: any StorageFileSystem
    private let journalSyncThread: Bool
    /// Warnings from opening (a cut-off journal tail), for the log or the screen.
    public private(set) var warnings: [String] = []
    public private(set) var lastSaveMs: UInt64 = 0
    public private(set) var lastSaveOK = true
    public private(set) var replayedRecords = 0

    public var snapshotPath: String { directory + "/snapshot.ssi" }
    public var journalPath: String { directory + "/journal.ssj" }
    public var journalSize: Int { journal.size }
    public var fsyncPolicy: FsyncPolicy {
        get { journal.policy }
        set { journal.policy = newValue }
    }

    /// Opens (creating if needed) a data directory and loads it into `server`, whose
    /// keyspace should be empty; then journals what `server` changes until `close()`.
    /// `journalSyncThread`: false leaves `everysec`'s once-a-second fsync to calls of
    /// `syncJournal()` (tests that drive an injected clock on a simulated disk).
    /// - Complexity: O(snapshot size + journal size)
    public init(directory: String, policy: FsyncPolicy = .everysec, server: CommandServer,
                fileSystem: any StorageFileSystem = PosixFileSystem.shared, journalSyncThread: Bool = true) throws {
        self.directory = directory
        self.server = server
        self.fileSystem = fileSystem
        self.journalSyncThread = journalSyncThread
        try fileSystem.createDirectory(directory)
        guard let lock = try fileSystem.lock(directory + "/LOCK") else {
            throw StorageError(LockHolder.busy(directory, holder: fileSystem.lockHolder(directory + "/LOCK")))
        }
        lock.record(holder: LockHolder.current())
        self.lock = lock
        let journalFile = directory + "/journal.ssj"
        do {
            let contents = try DirectoryContents.read(directory: directory, fileSystem: fileSystem)
            for journal in contents.rotated {
                if case .corrupt(let offset, let reason)? = journal.scan.problem {
                    throw StorageError("\(journal.path) is damaged at byte \(offset) (\(reason)); `streamscope check \(directory) --repair` cuts it there")
                }
            }
            var truncateTo: Int?
            if let scan = contents.active {
                switch scan.problem {
                case .corrupt(let offset, let reason)?:
                    throw StorageError("\(journalFile) is damaged at byte \(offset) (\(reason)), before its end; refusing to start rather than lose what follows. `streamscope check \(directory)` shows what is wrong; `streamscope check \(directory) --repair` cuts the journal at byte \(offset), dropping \(scan.fileSize - offset) bytes")
                case .truncatedTail(let offset)?:
                    warnings.append("\(journalFile) ended in a partial record at byte \(offset) (a crash mid-write); cut it off there (\(scan.fileSize - offset) bytes)")
                    truncateTo = offset
                case nil:
                    break
                }
                // Empty, or already in the snapshot (a crash between writing the snapshot
                // and starting the next journal): started afresh.
                if !contents.activeIsNewer { truncateTo = 0 }
            }
            // Journals a finished snapshot holds: a crash came before the save deleted them.
            for path in contents.stale { fileSystem.unlink(path) }
            if contents.snapshot != nil { lastSaveMs = fileSystem.modificationMs(directory + "/snapshot.ssi") }
            replayedRecords = try contents.load(into: server, directory: directory)
            generation = contents.activeIsNewer ? contents.active!.generation : contents.coveredGeneration + 1
            journal = try Journal(path: journalFile, generation: generation, truncateTo: truncateTo, policy: policy,
                                  fileSystem: fileSystem, syncThread: journalSyncThread)
        } catch {
            lock.unlock()
            throw error
        }
        install()
    }

    deinit { close() }

    /// Every data-changing command goes to the journal before its reply; if it cannot be
    /// written, the command's reply becomes the error and further writes are refused.
    private func install() {
        let journal = self.journal, durability = server.durability
        durability.journal = { db, args, now in
            journal.append(db: db, args: args, nowMs: now).map { "ERR persistence failed, nothing acknowledged: \($0)" }
        }
        durability.journalBatch = { batch in
            journal.append(batch: batch).map { "ERR persistence failed, nothing of the transaction acknowledged: \($0)" }
        }
        durability.journalHealth = { journal.health() }
        durability.onJournalFailure = { [weak self] in self?.rollBackToFiles() }
        durability.persistence = self
    }

    /// After a change that could not be journaled: puts the keyspace back to what the
    /// files hold (snapshot, rotated journals, journal), so that memory never keeps a
    /// change the disk does not have. Blocked readers stay parked. If the files cannot
    /// be read either, memory is left as it is and the failure stands.
    /// - Complexity: O(snapshot + journals), on this failure only.
    func rollBackToFiles() {
        let ks = server.keyspace
        let scratch = CommandServer(keyspace: Keyspace(databases: ks.databases.count, clock: ks.clock, config: ks.config))
        do {
            _ = try DirectoryContents.read(directory: directory, fileSystem: fileSystem).load(into: scratch, directory: directory)
        } catch {
            warnings.append("could not put the keyspace back to its files after a failed write: \(error)")
            return
        }
        var image: [UInt8] = []
        KeyspaceImage.write(scratch.keyspace, into: &image)
        try? KeyspaceImage.load(image, into: ks)
        ks.mutationCount &+= 1
    }

    /// Writes a snapshot of everything and starts a fresh journal, waiting until the
    /// snapshot is on disk. See `startSave()` for how little of that blocks the engine.
    public func save() throws {
        try startSave()
        saver?.join()
        if let failure = saveFailure { throw StorageError(failure) }
    }

    /// Starts a save: takes a capture of the keyspace (O(nodes + pending), no entry data
    /// copied) and rotates the journal (`journal.ssj` becomes `journal-<g>.ssj`, a new
    /// generation starts), all on the caller's thread; then writes the snapshot on a
    /// background thread (temporary file, fsync, rename, fsync the directory) and deletes
    /// the rotated journal it covers. A crash before that finishes leaves the old
    /// snapshot and both journals, which opening replays in order.
    public func startSave() throws {
        if let s = saver, !s.isDone { throw StorageError("Background save already in progress") }
        let capture = KeyspaceImage.capture(server.keyspace)
        let covers = generation
        let rotated = directory + "/journal-\(covers).ssj"
        // Rotate: the active journal is complete up to here; fsync it (under every policy,
        // `no` too: a power cut must not keep the next journal's records and lose the end
        // of this one) and move it aside.
        journal.close(sync: true)
        do { try fileSystem.rename(journalPath, to: rotated) } catch {
            throw StorageError("cannot rotate \(journalPath): \(error)")
        }
        let next = covers + 1
        journal = try Journal(path: journalPath, generation: next, truncateTo: nil, policy: journal.policy,
                              fileSystem: fileSystem, syncThread: journalSyncThread)
        generation = next
        install()
        saveFailure = nil
        let snapshotPath = self.snapshotPath, dir = directory, fs = fileSystem
        let task = SaveTask { [weak self] in
            do {
                var image: [UInt8] = []
                capture.write(into: &image)
                try Self.writeSnapshot(image, generation: covers, to: snapshotPath, fileSystem: fs)
                for (gen, path) in Self.rotatedJournals(in: dir, fileSystem: fs) where gen <= covers { fs.unlink(path) }
                fs.syncDirectory(of: snapshotPath)
                self?.finishSave(ok: true, failure: nil)
            } catch {
                self?.finishSave(ok: false, failure: "\(error)")
            }
        }
        saver = task
        task.start()
    }

    private func finishSave(ok: Bool, failure: String?) {
        stateLock.lock()
        defer { stateLock.unlock() }
        lastSaveOK = ok
        saveFailure = failure
        if ok { lastSaveMs = UInt64(Date().timeIntervalSince1970 * 1000) }
    }

    /// Whether a background save is running.
    public var saving: Bool { !(saver?.isDone ?? true) }

    private var saver: SaveTask?
    private var saveFailure: String?
    /// Guards what the save thread reports (`lastSaveMs`, `lastSaveOK`, `saveFailure`).
    let stateLock = NSLock()

    /// `journal-<generation>.ssj` files, oldest first.
    static func rotatedJournals(in dir: String, fileSystem: any StorageFileSystem = PosixFileSystem.shared) -> [(UInt64, String)] {
        let names = (try? fileSystem.contentsOfDirectory(dir)) ?? []
        return names.compactMap { name -> (UInt64, String)? in
            guard name.hasPrefix("journal-"), name.hasSuffix(".ssj"),
                  let g = UInt64(name.dropFirst(8).dropLast(4)) else { return nil }
            return (g, dir + "/" + name)
        }.sorted { $0.0 < $1.0 }
    }

    /// Flushes and releases the directory. Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        saver?.join()
        journal.close()
        let durability = server.durability
        durability.journal = nil
        durability.journalBatch = nil
        durability.journalHealth = nil
        durability.onJournalFailure = nil
        lock.unlock()
    }

    /// `everysec`'s fsync, for a store opened without its sync thread.
    func syncJournal() { journal.syncIfDirty() }

    private var closed = false

    // MARK: Files

    /// Writes a snapshot durably: a temporary file, fsync, rename over the old one, fsync
    /// the directory. - Complexity: O(image size)
    static func writeSnapshot(_ image: [UInt8], generation: UInt64, to path: String, fileSystem fs: any StorageFileSystem) throws {
        let header = StorageFormat.snapshotHeader(generation: generation, imageCount: image.count)
        let trailer = StorageFormat.snapshotTrailer(image: image)
        let tmp = path + ".tmp"
        let file = try fs.create(tmp)
        defer { file.close() }
        // Header, image and checksum written in place: the image is not copied again.
        do {
            for part in [header, image, trailer] { try file.write(part) }
        } catch {
            file.close()
            fs.unlink(tmp)
            throw error
        }
        try file.sync()
        file.close()
        try fs.rename(tmp, to: path)
        fs.syncDirectory(of: path)
    }

    static func readSnapshot(_ path: String, fileSystem: any StorageFileSystem = PosixFileSystem.shared) throws -> (generation: UInt64, image: [UInt8], format: Int) {
        let bytes = try fileSystem.readFile(path)
        guard bytes.count >= 28, Array(bytes[0..<6]) == StorageFormat.snapshotMagic else {
            throw StorageError("\(path) is not a StreamScope snapshot (no SSSNAP header, or cut short)")
        }
        let version = UInt16(bytes[6]) | UInt16(bytes[7]) << 8
        guard version >= StorageFormat.version && version <= StorageFormat.snapshotVersion else {
            throw StorageError("\(path) uses snapshot \(StorageFormat.versionText(version, newest: StorageFormat.snapshotVersion))")
        }
        let generation = bytes.readLE64(at: 8)
        let length = bytes.readLE64(at: 16)
        guard length == UInt64(bytes.count - 28) else {
            throw StorageError("\(path) is cut short or padded: its header says \(length) bytes of image, the file holds \(bytes.count - 28)")
        }
        let image = Array(bytes[24..<(bytes.count - 4)])
        guard CRC32.checksum(image) == bytes.readLE32(at: bytes.count - 4) else {
            throw StorageError("\(path) fails its checksum: the snapshot is damaged")
        }
        return (generation, image, Int(version))
    }
}
