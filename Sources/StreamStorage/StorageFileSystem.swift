/// Every file operation the journal, snapshots and `check` make, so that a test can stand
/// in a disk that keeps only what was fsynced when the power goes (`SimulatedDisk` in the
/// tests) where the real store has `PosixFileSystem`.
///
/// Durability rules the callers follow, and the simulation holds them to: a file's bytes
/// are durable once `StorageFile.sync()` returns; a name created, renamed or unlinked in
/// a directory is durable once `syncDirectory` of that directory returns; a rename
/// replaces its target atomically.
public protocol StorageFileSystem: AnyObject, Sendable {
    /// Creates `path` and its parents if missing.
    func createDirectory(_ path: String) throws
    func fileExists(_ path: String) -> Bool
    /// The whole file. - Complexity: O(file size)
    func readFile(_ path: String) throws -> [UInt8]
    /// The names in a directory (not paths).
    func contentsOfDirectory(_ path: String) throws -> [String]
    /// The file's last modification, in Unix milliseconds (0 when unknown).
    func modificationMs(_ path: String) -> UInt64
    /// Opens a file for appending, creating it empty if missing.
    func openForAppending(_ path: String) throws -> any StorageFile
    /// Creates a file, or empties it if it exists, for writing from the start.
    func create(_ path: String) throws -> any StorageFile
    /// Opens an existing file for writing in place (truncation).
    func openForWriting(_ path: String) throws -> any StorageFile
    /// Renames `from` to `to`, replacing `to` atomically.
    func rename(_ from: String, to: String) throws
    /// Removes a name; nothing if it is not there.
    func unlink(_ path: String)
    /// Makes the directory's entries (creations, renames, unlinks) durable.
    func syncDirectory(_ path: String)
    /// Takes a writer lock on the file at `path` (created if missing): nil while another
    /// process holds it.
    func lock(_ path: String) throws -> (any StorageLock)?
    /// What the lock's holder wrote into the lock file at `path` (see
    /// `StorageLock.record`), or nil when it says nothing.
    func lockHolder(_ path: String) -> String?
}

/// An open file.
public protocol StorageFile: AnyObject {
    /// Bytes in the file now.
    var size: Int { get }
    /// Writes all of `bytes` at the end (appending) or at the write position.
    func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws
    /// Cuts the file to `length` bytes.
    func truncate(to length: Int) throws
    /// Makes the file's bytes durable (fsync).
    func sync() throws
    /// Closes it. Idempotent.
    func close()
}

/// A held writer lock; released by `unlock()`.
public protocol StorageLock: AnyObject {
    func unlock()
    /// Writes who holds the lock into its file (`LockHolder.text`), for a second process
    /// to be told; replaces what an earlier holder wrote.
    func record(holder: String)
}

extension StorageLock {
    public func record(holder: String) {}
}

extension StorageFileSystem {
    public func lockHolder(_ path: String) -> String? { nil }

    /// Makes the entries of the directory holding `path` durable.
    func syncDirectory(of path: String) {
        let slash = path.lastIndex(of: "/")
        syncDirectory(slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ".")
    }
}
