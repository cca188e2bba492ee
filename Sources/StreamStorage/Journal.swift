import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The append-only journal being written: one `write` per record; `fsync` after each
/// (always), from a background thread once a second (everysec), or never (no).
final class Journal: @unchecked Sendable {
    let path: String
    private(set) var fd: Int32
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
    init(path: String, generation: UInt64, truncateTo validEnd: Int?, policy: FsyncPolicy) throws {
        self.path = path
        self.policy = policy
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var st = stat()
        fstat(fd, &st)
        size = Int(st.st_size)
        if let end = validEnd, end < size {
            guard ftruncate(fd, off_t(end)) == 0 else { throw StorageError("cannot truncate \(path): \(String(cString: strerror(errno)))") }
            size = end
            fsync(fd)
        }
        if size == 0 {
            let header = StorageFormat.journalHeader(generation: generation)
            try writeAll(header)
            fsync(fd)
            DataStore.syncDirectory(of: path)
        }
        startSyncer()
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

    private func syncIfDirty() {
        lock.lock()
        defer { lock.unlock() }
        guard dirty, policy == .everysec, fd >= 0 else { return }
        if fsync(fd) != 0, failure == nil { failure = "fsync of \(path) failed: \(String(cString: strerror(errno)))" }
        dirty = false
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        if let fault { throw StorageError("writing \(path) failed: \(fault)") }
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw StorageError("writing \(path) failed: \(String(cString: strerror(errno)))") }
            off += n
        }
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
            _ = ftruncate(fd, off_t(before))
            size = before
            failure = "\(error)"
            return failure
        }
        switch policy {
        case .always:
            if fsync(fd) != 0 {
                failure = "fsync of \(path) failed: \(String(cString: strerror(errno)))"
                return failure
            }
        case .everysec: dirty = true
        case .no: break
        }
        return nil
    }

    func close() {
        lock.lock()
        stopping = true
        if fd >= 0 {
            if dirty || policy != .no { fsync(fd) }
            Glibc.close(fd)
            fd = -1
        }
        lock.unlock()
    }
}
