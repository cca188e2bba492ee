/// The on-disk formats, versioned from the first release.
///
/// Journal (`journal.ssj`): a 16-byte header, `SSJRNL`, format version (u16 LE),
/// generation (u64 LE), then records: payload length (u32 LE), CRC-32 of those four
/// length bytes (u32 LE, so a damaged length is told from a torn write), CRC-32 of the
/// payload (u32 LE), payload: the instant the command ran (u64 LE, ms), database (varint),
/// argument count (varint), each argument as length (varint) and bytes. Replaying a
/// record runs its command with the clock pinned to that instant, so `*` IDs, delivery
/// and seen times come out as they did.
///
/// Snapshot (`snapshot.ssi`): `SSSNAP`, format version (u16 LE), the journal
/// generation it covers (u64 LE), image length (u64 LE), the keyspace image, CRC-32 of
/// the image (u32 LE). A journal whose generation the snapshot covers is stale.
public enum StorageFormat {
    /// The oldest snapshot and journal format this build reads.
    public static let version: UInt16 = 1
    /// Snapshots are written in format 3: format 2 kept each consumer's active time
    /// (Redis 7.2's `active-time`), format 3 adds each stream's idempotent-add memory
    /// (Redis 8.6's IDMP) and pending entries released to no consumer (8.8's XNACK);
    /// format 1 and 2 snapshots are read as before.
    public static let snapshotVersion: UInt16 = 3
    /// Journals are written in format 2, which adds batch records (a transaction as one
    /// record); format 1 journals are read as before.
    public static let journalVersion: UInt16 = 2
    /// In place of a record's instant, marks a batch record: a count, then records.
    static let batchMarker = UInt64.max
    static let journalMagic = Array("SSJRNL".utf8)
    static let snapshotMagic = Array("SSSNAP".utf8)
    static let journalHeaderSize = 16
    static let recordHeaderSize = 12
    /// A record longer than this is not a record (a corrupt length).
    static let maxRecordSize = 1 << 30

    /// A journal's header. Public, like `record` and the snapshot's framing, so that tools
    /// and the recovery fuzzer can write well-formed files around bytes of their choosing.
    public static func journalHeader(generation: UInt64) -> [UInt8] {
        var h = journalMagic
        h.append(UInt8(journalVersion & 0xFF)); h.append(UInt8(journalVersion >> 8))
        h.appendLE(generation)
        return h
    }

    /// A journal record of one command.
    public static func record(db: Int, args: [[UInt8]], nowMs: UInt64) -> [UInt8] {
        var payload: [UInt8] = []
        appendCommand(db: db, args: args, nowMs: nowMs, &payload)
        return record(payload: payload)
    }

    /// Several commands as one record (a transaction): replayed all, or, if the record
    /// is torn or damaged, not at all. An empty batch replays as nothing.
    static func record(batch: [(db: Int, args: [[UInt8]], nowMs: UInt64)]) -> [UInt8] {
        var payload: [UInt8] = []
        payload.appendLE(batchMarker)
        appendVarint(UInt64(batch.count), &payload)
        for c in batch { appendCommand(db: c.db, args: c.args, nowMs: c.nowMs, &payload) }
        return record(payload: payload)
    }

    static func appendCommand(db: Int, args: [[UInt8]], nowMs: UInt64, _ payload: inout [UInt8]) {
        payload.appendLE(nowMs)
        appendVarint(UInt64(db), &payload)
        appendVarint(UInt64(args.count), &payload)
        for a in args { appendVarint(UInt64(a.count), &payload); payload += a }
    }

    /// A journal record around any payload: its length and both checksums are right.
    public static func record(payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + recordHeaderSize)
        out.appendLE(UInt32(payload.count))
        out.appendLE(CRC32.checksum(out[0..<4]))
        out.appendLE(CRC32.checksum(payload))
        return out + payload
    }

    /// A snapshot's header, for an image of `imageCount` bytes.
    public static func snapshotHeader(generation: UInt64, imageCount: Int) -> [UInt8] {
        var header = snapshotMagic
        header.append(UInt8(snapshotVersion & 0xFF)); header.append(UInt8(snapshotVersion >> 8))
        header.appendLE(generation)
        header.appendLE(UInt64(imageCount))
        return header
    }

    /// What follows a snapshot's image: its checksum.
    public static func snapshotTrailer(image: [UInt8]) -> [UInt8] {
        var trailer: [UInt8] = []
        trailer.appendLE(CRC32.checksum(image))
        return trailer
    }

    static func appendVarint(_ v: UInt64, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    /// A journal record's commands (one, or a batch's), or nil if the payload does not parse.
    static func decodeRecords(_ p: ArraySlice<UInt8>) -> [(db: Int, args: [[UInt8]], nowMs: UInt64)]? {
        guard p.count >= 8 else { return nil }
        let base = p.startIndex
        let first = (0..<8).reduce(UInt64(0)) { $0 | UInt64(p[base + $1]) << (8 * UInt64($1)) }
        guard first == batchMarker else { return decodeRecord(p).map { [$0] } }
        var i = base + 8
        var count: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard i < p.endIndex, shift < 64 else { return nil }
            let b = p[i]; i += 1
            count |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        var out: [(db: Int, args: [[UInt8]], nowMs: UInt64)] = []
        for _ in 0..<min(count, 1 << 24) {
            guard let (command, end) = decodeCommand(p[i...]) else { return nil }
            out.append(command)
            i = end
        }
        guard out.count == count, i == p.endIndex else { return nil }
        return out
    }

    /// A journal record's single command, or nil if the payload does not parse.
    static func decodeRecord(_ p: ArraySlice<UInt8>) -> (db: Int, args: [[UInt8]], nowMs: UInt64)? {
        guard let (command, end) = decodeCommand(p), end == p.endIndex else { return nil }
        return command
    }

    /// One command from the start of `p`, and where it ends.
    static func decodeCommand(_ p: ArraySlice<UInt8>) -> (command: (db: Int, args: [[UInt8]], nowMs: UInt64), end: Int)? {
        guard p.count >= 8 else { return nil }
        let base = p.startIndex
        let nowMs = (0..<8).reduce(UInt64(0)) { $0 | UInt64(p[base + $1]) << (8 * UInt64($1)) }
        var i = base + 8
        func varint() -> UInt64? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while i < p.endIndex, shift < 64 {
                let b = p[i]; i += 1
                v |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return v }
                shift += 7
            }
            return nil
        }
        guard let db = varint().flatMap({ Int(exactly: $0) }), let argc = varint(), argc > 0, argc < 1 << 24 else { return nil }
        var args: [[UInt8]] = []
        for _ in 0..<argc {
            guard let n = varint(), n <= UInt64(p.endIndex - i) else { return nil }
            args.append(Array(p[i..<(i + Int(n))]))
            i += Int(n)
        }
        return ((db, args, nowMs), i)
    }

    static func versionText(_ v: UInt16, newest: UInt16 = version) -> String {
        let reads = newest == version ? "format \(version)" : "formats \(version) to \(newest)"
        return v > newest ? "format \(v), written by a newer StreamScope (this one reads \(reads))"
                          : "format \(v), which this StreamScope does not read (it reads \(reads))"
    }
}

/// How often the journal reaches the disk.
public enum FsyncPolicy: String, CaseIterable, Sendable {
    /// After every write, before its reply: an acknowledged write survives a crash.
    case always
    /// Once a second in the background: a crash loses at most about a second of writes.
    case everysec
    /// When the operating system decides: a crash can lose whatever it had not written.
    case no
}

/// A storage failure, with what to do about it.
public struct StorageError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ d: String) { description = d }
}
