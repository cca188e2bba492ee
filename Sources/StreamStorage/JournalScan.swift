import Foundation

/// What reading a journal found: its generation, the records that check out, and where
/// (if anywhere) the valid part ends early.
struct JournalScan {
    enum Problem: Equatable {
        /// The last record is cut short (a crash mid-write): the file ends at `offset`.
        case truncatedTail(offset: Int)
        /// A bad record with more data after it.
        case corrupt(offset: Int, reason: String)
    }

    var generation: UInt64
    var records: [(db: Int, args: [[UInt8]], nowMs: UInt64)] = []
    /// The offset just past the last good record.
    var validEnd: Int
    var fileSize: Int
    var problem: Problem?

    /// Reads and checks a whole journal file. - Complexity: O(file size)
    static func read(path: String, fileSystem: any StorageFileSystem = PosixFileSystem.shared) throws -> JournalScan {
        let bytes = try fileSystem.readFile(path)
        if bytes.isEmpty {
            // Created but never written (a crash right after creating it).
            return JournalScan(generation: 0, validEnd: 0, fileSize: 0, problem: nil)
        }
        let h = StorageFormat.journalHeaderSize
        guard bytes.count >= h, Array(bytes[0..<6]) == StorageFormat.journalMagic else {
            if bytes.count < h && StorageFormat.journalMagic.starts(with: bytes.prefix(6)) {
                return JournalScan(generation: 0, validEnd: 0, fileSize: bytes.count, problem: .truncatedTail(offset: 0))
            }
            throw StorageError("\(path) is not a StreamScope journal (no SSJRNL header)")
        }
        let version = UInt16(bytes[6]) | UInt16(bytes[7]) << 8
        guard version >= StorageFormat.version && version <= StorageFormat.journalVersion else {
            throw StorageError("\(path) uses journal \(StorageFormat.versionText(version, newest: StorageFormat.journalVersion))")
        }
        var scan = JournalScan(generation: bytes.readLE64(at: 8), validEnd: h, fileSize: bytes.count)
        var at = h
        while at < bytes.count {
            guard at + StorageFormat.recordHeaderSize <= bytes.count else {
                scan.problem = .truncatedTail(offset: at)
                break
            }
            let length = Int(bytes.readLE32(at: at))
            guard CRC32.checksum(bytes[at..<(at + 4)]) == bytes.readLE32(at: at + 4), length <= StorageFormat.maxRecordSize else {
                scan.problem = .corrupt(offset: at, reason: "a damaged record length")
                break
            }
            let crc = bytes.readLE32(at: at + 8)
            let start = at + StorageFormat.recordHeaderSize
            // The length is trustworthy: a record running past the end was cut short.
            guard start + length <= bytes.count else {
                scan.problem = .truncatedTail(offset: at)
                break
            }
            let payload = bytes[start..<(start + length)]
            guard CRC32.checksum(payload) == crc else {
                // A bad checksum on the very last record is a torn write; earlier, corruption.
                scan.problem = start + length == bytes.count ? .truncatedTail(offset: at)
                                                             : .corrupt(offset: at, reason: "checksum mismatch")
                break
            }
            guard let records = StorageFormat.decodeRecords(payload) else {
                scan.problem = .corrupt(offset: at, reason: "a record whose checksum holds but whose command does not parse")
                break
            }
            scan.records += records
            at = start + length
            scan.validEnd = at
        }
        return scan
    }
}
