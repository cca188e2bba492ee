import Foundation

/// The append-only journal being written: one `write` per record; `fsync` after each
/// (always), once a second (everysec: from a background thread, or from whoever calls
/// `syncIfDirty()` when there is none), or never (no).
final class Journal: @unchecked Sendable {
    let path: String
    private var file: (any StorageFile)?
    private let fileSystem: any StorageFileSystem
    private(set) var size: Int
    var policy: FsyncPolicy
    private let lock = NSLock()
    private var dirty = false
    private var syncer: Thread?
    private var stopping = false
    /// The last write or fsync error. While it stands the journal refuses records;
    /// `health()` tries writing again and clears it when that works.
    private(set) var failure: String?
    /// The failure that stands, read under the lock (INFO persistence).
    var currentFailure: String? { lock.lock(); defer { lock.unlock() }; return failure }
    /// Tests: every write fails with this text while it is set (a full or failing disk).
    var injectedFault: String? {
        get { lock.lock(); defer { lock.unlock() }; return fault }
        set { lock.lock(); fault = newValue; lock.unlock() }
    }
    private var fault: String?

    /// Opens `path` for appending, creating it with a header for `generation` if it
    /// does not exist or is empty. Truncates it to `validEnd` when given.
    /// `syncThread`: false leaves `everysec`'s fsyncs to calls of `syncIfDirty()` (tests
    /// that drive an injected clock).
    init(path: String, generation: UInt64, truncateTo validEnd: Int?, policy: FsyncPolicy,
         fileSystem: any StorageFileSystem = PosixFileSystem.shared, syncThread: Bool = true) throws {
        self.path = path
        self.policy = policy
        self.fileSystem = fileSystem
        let file = try fileSystem.openForAppending(path)
        self.file = file
        size = file.size
        if let end = validEnd, end < size {
            try file.truncate(to: end)
            size = end
            try? file.sync()
        }
        if size == 0 {
            let header = StorageFormat.journalHeader(generation: generation)
            try writeAll(header)
            try? file.sync()
            fileSystem.syncDirectory(of: path)
        }
        if syncThread { startSyncer() }
    }

    deinit { close() }

    private func startSyncer() {
        let t = Thread { [weak self] in
            while let me = self, !me.isStopping {
                Thread.sleep(forTimeInterval: 1)
                me.syncIfDirty()
            }
        }
        t.name = "streamscope-journal-fsync"
        t.start()
        syncer = t
    }

    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    /// `everysec`'s fsync, once a second.
    func syncIfDirty() {
        lock.lock()
        defer { lock.unlock() }
        guard dirty, policy == .everysec, let file else { return }
        do { try file.sync() } catch { if failure == nil { failure = "\(error)" } }
        dirty = false
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        if let fault { throw StorageError("writing \(path) failed: \(fault)") }
        guard let file else { throw StorageError("writing \(path) failed: the journal is closed") }
        try file.write(bytes)
        size += bytes.count
    }

    /// Appends one record; with `always`, returns only once it is on disk. Returns the
    /// error text if it could not be written (nothing is then acknowledged).
    func append(db: Int, args: [[UInt8]], nowMs: UInt64) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let failure { return failure }
        return writeRecord(StorageFormat.record(db: db, args: args, nowMs: nowMs))
    }

    /// Appends a transaction's commands as one record: replayed whole or not at all.
    func append(batch: [(db: Int, args: [[UInt8]], nowMs: UInt64)]) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let failure { return failure }
        return writeRecord(StorageFormat.record(batch: batch))
    }

    /// nil when the journal takes writes. After a failure it tries again, writing an
    /// empty batch record (replayed as nothing); when that reaches the file (and the
    /// disk, under `always`) the failure is over. O(1).
    func health() -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard failure != nil else { return nil }
        failure = nil
        return writeRecord(StorageFormat.record(batch: []))
    }

    /// Writes a record under the lock, syncing as the policy says; the error text if
    /// it failed (the file is cut back to where it was).
    private func writeRecord(_ record: [UInt8]) -> String? {
        let before = size
        do {
            try writeAll(record)
        } catch {
            // Cut a partial record off again so the file stays replayable.
            try? file?.truncate(to: before)
            size = before
            failure = "\(error)"
            return failure
        }
        switch policy {
        case .always:
            do { try file?.sync() } catch {
                failure = "\(error)"
                return failure
            }
        case .everysec: dirty = true
        case .no: break
        }
        return nil
    }

    /// Closes the file, fsyncing it first unless the policy is `no` and nothing waits;
    /// `sync` fsyncs it whatever the policy (a journal being rotated out: the next
    /// generation must never reach the disk without the end of this one).
    func close(sync: Bool = false) {
        lock.lock()
        stopping = true
        if let file {
            if sync || dirty || policy != .no { try? file.sync() }
            file.close()
            self.file = nil
        }
        lock.unlock()
    }
}
