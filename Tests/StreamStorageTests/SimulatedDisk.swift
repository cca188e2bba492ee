import Foundation
@testable import StreamStorage
import TestSupport

/// A disk in memory that remembers every operation, so that a power cut after any of them
/// can be played out: what survives is only what was made durable, plus whatever of the
/// rest the cut happens to keep.
///
/// The rules (the weakest POSIX promises, not one file system's habits):
/// - A file's bytes are durable once it was fsynced. Of the writes and truncations since,
///   a cut keeps some first part, in order, and may tear the last write it keeps.
/// - A name created, renamed or unlinked is durable once its directory was fsynced (an
///   fsync of the file does not make its name durable). Of the changes since, a cut keeps
///   any of them, except that a change to a name is kept only if every earlier change to
///   that name is (the directory is not written out of order for one name).
/// - A rename is atomic: after a cut the target is the old file or the new one, whole.
///
/// Thread-safe: the store's save thread and the engine's thread share it, and the log
/// puts their operations in one order.
final class SimulatedDisk: StorageFileSystem, @unchecked Sendable {
    enum Op {
        case write(inode: Int, offset: Int, bytes: [UInt8])
        case truncate(inode: Int, length: Int)
        case syncFile(inode: Int)
        case link(name: String, inode: Int)
        case rename(from: String, to: String, inode: Int)
        case unlink(name: String)
        case syncDirectory(String)
    }

    private let mutex = NSLock()
    /// What the disk held when it was made: durable.
    private let baseNames: [String: Int]
    private let baseData: [Int: [UInt8]]
    private var names: [String: Int]
    private var data: [Int: [UInt8]]
    private var nextInode: Int
    private var log: [Op] = []
    private var locks: Set<String> = []
    /// Makes every directory fsync do nothing: a store that forgets them, which the
    /// power-cut tests must catch.
    var dropDirectorySyncs = false

    /// A disk holding `files` (full paths to contents), all durable.
    init(files: [String: [UInt8]] = [:]) {
        var names: [String: Int] = [:], data: [Int: [UInt8]] = [:]
        for (i, (name, bytes)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
            names[name] = i + 1
            data[i + 1] = bytes
        }
        baseNames = names; baseData = data
        self.names = names; self.data = data
        nextInode = files.count + 1
    }

    /// Operations so far: a cut point is a number up to this.
    var position: Int { mutex.withLock { log.count } }

    private func record(_ op: Op) { log.append(op) }

    // MARK: StorageFileSystem

    func createDirectory(_ path: String) throws {}

    func fileExists(_ path: String) -> Bool { mutex.withLock { names[path] != nil } }

    func readFile(_ path: String) throws -> [UInt8] {
        try mutex.withLock {
            guard let inode = names[path] else { throw StorageError("cannot read \(path): no such file") }
            return data[inode]!
        }
    }

    func contentsOfDirectory(_ path: String) throws -> [String] {
        mutex.withLock {
            names.keys.compactMap { name in
                guard name.hasPrefix(path + "/") else { return nil }
                let rest = name.dropFirst(path.count + 1)
                return rest.contains("/") ? nil : String(rest)
            }
        }
    }

    func modificationMs(_ path: String) -> UInt64 { 0 }

    func openForAppending(_ path: String) throws -> any StorageFile {
        mutex.withLock { SimulatedFile(disk: self, inode: inode(creating: path), appending: true) }
    }

    func create(_ path: String) throws -> any StorageFile {
        mutex.withLock {
            let existed = names[path] != nil
            let inode = inode(creating: path)
            if existed { truncateLocked(inode, to: 0) }
            return SimulatedFile(disk: self, inode: inode, appending: false)
        }
    }

    func openForWriting(_ path: String) throws -> any StorageFile {
        try mutex.withLock {
            guard let inode = names[path] else { throw StorageError("cannot open \(path): no such file") }
            return SimulatedFile(disk: self, inode: inode, appending: false)
        }
    }

    func rename(_ from: String, to: String) throws {
        try mutex.withLock {
            guard let inode = names[from] else { throw StorageError("cannot rename \(from) to \(to): no such file") }
            names[from] = nil
            names[to] = inode
            record(.rename(from: from, to: to, inode: inode))
        }
    }

    func unlink(_ path: String) {
        mutex.withLock {
            guard names.removeValue(forKey: path) != nil else { return }
            record(.unlink(name: path))
        }
    }

    func syncDirectory(_ path: String) {
        mutex.withLock {
            if dropDirectorySyncs { return }
            record(.syncDirectory(path))
        }
    }

    func lock(_ path: String) throws -> (any StorageLock)? {
        mutex.withLock {
            guard locks.insert(path).inserted else { return nil }
            return SimulatedLock { [weak self] in self?.mutex.withLock { _ = self?.locks.remove(path) } }
        }
    }

    // MARK: Files (called under no lock by SimulatedFile)

    private func inode(creating path: String) -> Int {
        if let inode = names[path] { return inode }
        let inode = nextInode
        nextInode += 1
        names[path] = inode
        data[inode] = []
        record(.link(name: path, inode: inode))
        return inode
    }

    private func truncateLocked(_ inode: Int, to length: Int) {
        var bytes = data[inode]!
        if length < bytes.count { bytes.removeSubrange(length...) } else { bytes += [UInt8](repeating: 0, count: length - bytes.count) }
        data[inode] = bytes
        record(.truncate(inode: inode, length: length))
    }

    fileprivate func size(_ inode: Int) -> Int { mutex.withLock { data[inode]!.count } }

    /// Writes at `offset` (nil: at the end); returns where the write ended.
    fileprivate func write(_ inode: Int, at offset: Int?, _ bytes: [UInt8]) -> Int {
        mutex.withLock {
            let at = offset ?? data[inode]!.count
            Self.apply(bytes, at: at, to: &data[inode]!)
            record(.write(inode: inode, offset: at, bytes: bytes))
            return at + bytes.count
        }
    }

    fileprivate func truncate(_ inode: Int, to length: Int) { mutex.withLock { truncateLocked(inode, to: length) } }

    fileprivate func sync(_ inode: Int) { mutex.withLock { record(.syncFile(inode: inode)) } }

    static func apply(_ bytes: some Collection<UInt8>, at offset: Int, to file: inout [UInt8]) {
        if file.count < offset { file += [UInt8](repeating: 0, count: offset - file.count) }
        let end = offset + bytes.count
        if file.count < end { file += [UInt8](repeating: 0, count: end - file.count) }
        file.replaceSubrange(offset..<end, with: bytes)
    }

    // MARK: Power cuts

    /// The files (full paths to contents) that a power cut right after the first `cut`
    /// operations leaves, the undurable part decided by `rng`.
    /// - Complexity: O(bytes written before the cut)
    func survivors(cut: Int, rng: inout SeededGenerator) -> [String: [UInt8]] {
        let ops = mutex.withLock { Array(log.prefix(cut)) }
        var durableData = baseData, liveData = baseData
        var pendingData: [Int: [Op]] = [:]
        var durableNames = baseNames
        var pendingNames: [String: [Op]] = [:]
        func directory(_ name: String) -> String { String(name[..<(name.lastIndex(of: "/") ?? name.startIndex)]) }
        for op in ops {
            switch op {
            case .write(let inode, let offset, let bytes):
                Self.apply(bytes, at: offset, to: &liveData[inode, default: []])
                pendingData[inode, default: []].append(op)
            case .truncate(let inode, let length):
                liveData[inode, default: []] = Array(liveData[inode, default: []].prefix(length))
                    + [UInt8](repeating: 0, count: max(0, length - liveData[inode, default: []].count))
                pendingData[inode, default: []].append(op)
            case .syncFile(let inode):
                durableData[inode] = liveData[inode, default: []]
                pendingData[inode] = nil
            case .link(let name, _), .unlink(let name):
                pendingNames[directory(name), default: []].append(op)
            case .rename(let from, _, _):
                pendingNames[directory(from), default: []].append(op)
            case .syncDirectory(let dir):
                for change in pendingNames[dir] ?? [] { Self.applyName(change, to: &durableNames) }
                pendingNames[dir] = nil
            }
        }
        // Each file keeps a first part of its undurable changes, the last write maybe torn.
        var contents = durableData
        for (inode, changes) in pendingData.sorted(by: { $0.key < $1.key }) {
            let kept = Int.random(in: 0...changes.count, using: &rng)
            var bytes = contents[inode, default: []]
            for (i, change) in changes.prefix(kept).enumerated() {
                switch change {
                case .write(_, let offset, let written):
                    let torn = i == kept - 1 && Bool.random(using: &rng)
                    let n = torn ? Int.random(in: 0...written.count, using: &rng) : written.count
                    Self.apply(written.prefix(n), at: offset, to: &bytes)
                case .truncate(_, let length):
                    bytes = Array(bytes.prefix(length)) + [UInt8](repeating: 0, count: max(0, length - bytes.count))
                default: break
                }
            }
            contents[inode] = bytes
        }
        // Each directory keeps any of its undurable changes, in order for any one name.
        for (_, changes) in pendingNames.sorted(by: { $0.key < $1.key }) {
            var dropped: Set<String> = []
            for change in changes {
                let touched: [String]
                switch change {
                case .link(let name, _), .unlink(let name): touched = [name]
                case .rename(let from, let to, _): touched = [from, to]
                default: touched = []
                }
                if Bool.random(using: &rng), touched.allSatisfy({ !dropped.contains($0) }) {
                    Self.applyName(change, to: &durableNames)
                } else {
                    dropped.formUnion(touched)
                }
            }
        }
        return durableNames.mapValues { contents[$0, default: []] }
    }

    static func applyName(_ change: Op, to names: inout [String: Int]) {
        switch change {
        case .link(let name, let inode): names[name] = inode
        case .unlink(let name): names[name] = nil
        case .rename(let from, let to, let inode): names[from] = nil; names[to] = inode
        default: break
        }
    }
}

/// An open file on a `SimulatedDisk`.
final class SimulatedFile: StorageFile {
    private weak var disk: SimulatedDisk?
    private let inode: Int
    private let appending: Bool
    private var offset = 0
    private var closed = false

    init(disk: SimulatedDisk, inode: Int, appending: Bool) {
        self.disk = disk
        self.inode = inode
        self.appending = appending
    }

    var size: Int { disk?.size(inode) ?? 0 }

    func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws {
        guard !closed, let disk else { throw StorageError("writing a closed file") }
        offset = disk.write(inode, at: appending ? nil : offset, Array(bytes))
    }

    func truncate(to length: Int) throws {
        guard !closed, let disk else { throw StorageError("truncating a closed file") }
        disk.truncate(inode, to: length)
    }

    func sync() throws {
        guard !closed, let disk else { throw StorageError("fsync of a closed file") }
        disk.sync(inode)
    }

    func close() { closed = true }
}

/// A lock on a `SimulatedDisk`.
final class SimulatedLock: StorageLock {
    private var release: (() -> Void)?
    init(_ release: @escaping () -> Void) { self.release = release }
    func unlock() { release?(); release = nil }
}
