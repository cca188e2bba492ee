import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The operating system's files: POSIX calls (open, write, fsync, rename, flock).
public final class PosixFileSystem: StorageFileSystem {
    public init() {}
    /// The one a store uses unless told otherwise.
    public static let shared = PosixFileSystem()

    static var reason: String { String(cString: strerror(errno)) }

    public func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StorageError("cannot create \(path): \(error.localizedDescription)")
        }
    }

    public func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func readFile(_ path: String) throws -> [UInt8] {
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw StorageError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    public func contentsOfDirectory(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path)
    }

    public func modificationMs(_ path: String) -> UInt64 {
        let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
        return UInt64((date?.timeIntervalSince1970 ?? 0) * 1000)
    }

    public func openForAppending(_ path: String) throws -> any StorageFile {
        try PosixFile(path: path, flags: O_WRONLY | O_CREAT | O_APPEND, action: "open")
    }

    public func create(_ path: String) throws -> any StorageFile {
        try PosixFile(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC, action: "create")
    }

    public func openForWriting(_ path: String) throws -> any StorageFile {
        try PosixFile(path: path, flags: O_WRONLY, action: "open")
    }

    public func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else { throw StorageError("cannot rename \(from) to \(to): \(Self.reason)") }
    }

    public func unlink(_ path: String) { _ = Glibc.unlink(path) }

    public func syncDirectory(_ path: String) {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); Glibc.close(fd) }
    }

    public func lock(_ path: String) throws -> (any StorageLock)? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError("cannot open \(path): \(Self.reason)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(fd)
            return nil
        }
        return PosixLock(fd: fd)
    }

    public func lockHolder(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// A file descriptor from `PosixFileSystem`.
final class PosixFile: StorageFile {
    let path: String
    private var fd: Int32
    private(set) var size: Int

    init(path: String, flags: Int32, action: String) throws {
        self.path = path
        fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError("cannot \(action) \(path): \(PosixFileSystem.reason)") }
        var st = stat()
        fstat(fd, &st)
        size = Int(st.st_size)
    }

    deinit { close() }

    func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws {
        let done: Int? = bytes.withContiguousStorageIfAvailable { buffer in
            var off = 0
            while off < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + off, buffer.count - off)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return off }
                off += n
            }
            return off
        }
        guard let written = done else { return try write(Array(bytes)) }
        size += written
        guard written == bytes.count else { throw StorageError("writing \(path) failed: \(PosixFileSystem.reason)") }
    }

    func truncate(to length: Int) throws {
        guard ftruncate(fd, off_t(length)) == 0 else { throw StorageError("cannot truncate \(path): \(PosixFileSystem.reason)") }
        size = length
    }

    func sync() throws {
        guard fsync(fd) == 0 else { throw StorageError("fsync of \(path) failed: \(PosixFileSystem.reason)") }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }
}

/// An flock held on an open `LOCK` file.
final class PosixLock: StorageLock {
    private var fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { unlock() }
    func record(holder: String) {
        guard fd >= 0 else { return }
        let bytes = Array((holder + "\n").utf8)
        _ = ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }
    func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        Glibc.close(fd)
        fd = -1
    }
}
