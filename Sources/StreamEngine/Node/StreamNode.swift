/// A packed run of consecutive stream entries, in the spirit of Redis's listpack nodes.
///
/// `data` opens with the master fields (the first entry's field names) and then holds one
/// record per entry:
///
///     flags(1) ms-delta(varint) seq-delta(zigzag varint)
///       same fields:  value-len value ... (one per master field)
///       other fields: field-count (field-len field value-len value) ...
///
/// Deltas are taken from `masterID`. Deletion sets a flag in place. Alongside its own
/// encoding the node tracks `redisBytes`, the size Redis's listpack would have, so that
/// node boundaries (and therefore `~` trimming and XINFO) match Redis exactly.
final class StreamNode {
    static let flagDeleted: UInt8 = 1
    static let flagSameFields: UInt8 = 2

    let masterID: StreamID
    /// The ID of the last record, deleted or not.
    var lastID: StreamID
    /// Live entries.
    var live: Int32
    /// Records flagged as deleted.
    var deleted: Int32
    /// Redis's listpack size, less the two counter elements (they change size as they grow).
    var redisBytesWithoutCounters: Int32
    /// Offset of the first record in `data`.
    let entriesStart: Int32
    let masterFieldCount: Int32
    var data: [UInt8]

    /// Records, live or deleted.
    var records: Int { Int(live) + Int(deleted) }

    /// The listpack size Redis would report for this node.
    var redisBytes: Int {
        Int(redisBytesWithoutCounters) + ListpackSize.integer(Int64(live)) + ListpackSize.integer(Int64(deleted))
    }

    /// A node rebuilt from a snapshot, its buffer exactly as it was written.
    init(restoring masterID: StreamID, lastID: StreamID, live: Int32, deleted: Int32, redisBytesWithoutCounters: Int32,
         entriesStart: Int32, masterFieldCount: Int32, data: [UInt8]) {
        self.masterID = masterID
        self.lastID = lastID
        self.live = live
        self.deleted = deleted
        self.redisBytesWithoutCounters = redisBytesWithoutCounters
        self.entriesStart = entriesStart
        self.masterFieldCount = masterFieldCount
        self.data = data
    }

    /// Creates a node holding one entry; its fields become the master fields.
    init(id: StreamID, pairs: ArraySlice<[UInt8]>, reserve: Int) {
        masterID = id
        lastID = id
        live = 1
        deleted = 0
        let fieldCount = pairs.count / 2
        masterFieldCount = Int32(fieldCount)
        var d = [UInt8]()
        d.reserveCapacity(reserve)
        var rb = ListpackSize.empty + ListpackSize.integer(Int64(fieldCount)) + ListpackSize.integer(0)
        Varint.append(UInt64(fieldCount), to: &d)
        var i = pairs.startIndex
        while i < pairs.endIndex {
            Varint.append(UInt64(pairs[i].count), to: &d)
            d.append(contentsOf: pairs[i])
            rb += ListpackSize.element(pairs[i])
            i += 2
        }
        entriesStart = Int32(d.count)
        data = d
        redisBytesWithoutCounters = Int32(rb)
        appendRecord(id: id, pairs: pairs, sameFields: true)
    }

    /// Whether `pairs` carries exactly the master field names, in order.
    func hasMasterFields(_ pairs: ArraySlice<[UInt8]>) -> Bool {
        guard pairs.count / 2 == Int(masterFieldCount) else { return false }
        return data.withUnsafeBufferPointer { buf in
            var p = 0
            _ = Varint.read(buf, &p)
            var i = pairs.startIndex
            while i < pairs.endIndex {
                let len = Int(Varint.read(buf, &p))
                let field = pairs[i]
                if len != field.count { return false }
                if !field.withUnsafeBufferPointer({ f in
                    len == 0 || memcmpBytes(buf.baseAddress! + p, f.baseAddress!, len)
                }) { return false }
                p += len
                i += 2
            }
            return true
        }
    }

    /// Appends a live entry. The caller has checked the node limits and ID order.
    func append(id: StreamID, pairs: ArraySlice<[UInt8]>) {
        let same = hasMasterFields(pairs)
        live += 1
        appendRecord(id: id, pairs: pairs, sameFields: same)
    }

    private func appendRecord(id: StreamID, pairs: ArraySlice<[UInt8]>, sameFields: Bool) {
        let msDelta = id.ms &- masterID.ms
        let seqDelta = Int64(bitPattern: id.seq &- masterID.seq)
        let fieldCount = pairs.count / 2
        data.append(sameFields ? StreamNode.flagSameFields : 0)
        Varint.append(msDelta, to: &data)
        Varint.append(Varint.zigzag(seqDelta), to: &data)
        // Redis: flags, ms-diff, seq-diff, [num-fields], [field] value ..., lp-count.
        var rb = 2 + ListpackSize.integer(Int64(bitPattern: msDelta)) + ListpackSize.integer(seqDelta)
        if sameFields {
            var i = pairs.startIndex + 1
            while i < pairs.endIndex {
                Varint.append(UInt64(pairs[i].count), to: &data)
                data.append(contentsOf: pairs[i])
                rb += ListpackSize.element(pairs[i])
                i += 2
            }
            rb += ListpackSize.integer(Int64(fieldCount + 3))
        } else {
            Varint.append(UInt64(fieldCount), to: &data)
            rb += ListpackSize.integer(Int64(fieldCount))
            for item in pairs {
                Varint.append(UInt64(item.count), to: &data)
                data.append(contentsOf: item)
                rb += ListpackSize.element(item)
            }
            rb += ListpackSize.integer(Int64(2 * fieldCount + 4))
        }
        redisBytesWithoutCounters += Int32(truncatingIfNeeded: rb)
        lastID = id
    }

    /// Releases spare capacity once the node will take no more appends.
    func shrinkToFit() {
        guard data.capacity > data.count + 16 else { return }
        data = [UInt8](unsafeUninitializedCapacity: data.count) { buf, n in
            _ = data.withUnsafeBufferPointer { src in buf.initialize(from: src) }
            n = data.count
        }
    }

    // MARK: Reading

    /// One record as a scan sees it.
    struct Record {
        var id: StreamID
        /// Offset of the flags byte.
        var offset: Int
        var flags: UInt8
        /// Offset just past the ID deltas.
        var bodyOffset: Int
        var isDeleted: Bool { flags & StreamNode.flagDeleted != 0 }
    }

    /// Visits records in order until `body` returns false; returns false if stopped.
    /// - Complexity: O(records in the node)
    @discardableResult
    func scan(_ body: (Record) throws -> Bool) rethrows -> Bool {
        try data.withUnsafeBufferPointer { buf in
            var p = Int(entriesStart)
            let end = buf.count
            let mfc = Int(masterFieldCount)
            while p < end {
                let offset = p
                let flags = buf[p]; p += 1
                let msDelta = Varint.read(buf, &p)
                let seqDelta = Varint.unzigzag(Varint.read(buf, &p))
                let id = StreamID(ms: masterID.ms &+ msDelta, seq: masterID.seq &+ UInt64(bitPattern: seqDelta))
                let rec = Record(id: id, offset: offset, flags: flags, bodyOffset: p)
                if flags & StreamNode.flagSameFields != 0 {
                    for _ in 0..<mfc { let l = Int(Varint.read(buf, &p)); p += l }
                } else {
                    let n = Int(Varint.read(buf, &p)) * 2
                    for _ in 0..<n { let l = Int(Varint.read(buf, &p)); p += l }
                }
                if try !body(rec) { return false }
            }
            return true
        }
    }

    /// The records' offsets, for walking a node backwards. - Complexity: O(records)
    func allRecords() -> [Record] {
        var out: [Record] = []
        out.reserveCapacity(records)
        scan { out.append($0); return true }
        return out
    }

    /// The field/value pairs of a record, flattened. - Complexity: O(size of the entry)
    func pairs(of record: Record) -> [[UInt8]] {
        data.withUnsafeBufferPointer { buf in
            var p = record.bodyOffset
            var out: [[UInt8]] = []
            if record.flags & StreamNode.flagSameFields != 0 {
                var m = 0
                _ = Varint.read(buf, &m)
                let n = Int(masterFieldCount)
                out.reserveCapacity(2 * n)
                for _ in 0..<n {
                    let fl = Int(Varint.read(buf, &m))
                    out.append(Array(buf[m..<(m + fl)])); m += fl
                    let vl = Int(Varint.read(buf, &p))
                    out.append(Array(buf[p..<(p + vl)])); p += vl
                }
            } else {
                let n = Int(Varint.read(buf, &p)) * 2
                out.reserveCapacity(n)
                for _ in 0..<n {
                    let l = Int(Varint.read(buf, &p))
                    out.append(Array(buf[p..<(p + l)])); p += l
                }
            }
            return out
        }
    }

    /// Flags a live record as deleted. The caller updates the stream's counters.
    func markDeleted(_ record: Record) {
        data[record.offset] |= StreamNode.flagDeleted
        live -= 1
        deleted += 1
    }

    /// The newest live record's ID, if any. - Complexity: O(1) when the node has no
    /// deleted records, else O(records)
    func lastLiveID() -> StreamID? {
        if live == 0 { return nil }
        if deleted == 0 { return lastID }
        var found: StreamID? = nil
        scan { r in
            if !r.isDeleted { found = r.id }
            return true
        }
        return found
    }

    /// The oldest live record's ID, if any. - Complexity: O(records)
    func firstLiveID() -> StreamID? {
        var found: StreamID? = nil
        scan { r in
            if r.isDeleted { return true }
            found = r.id
            return false
        }
        return found
    }

    /// Bytes this node holds in memory: the object, its counters and its buffer.
    var memoryFootprint: Int { 96 + data.count }
}

@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// Unsigned LEB128 integers and zigzag signed mapping.
enum Varint {
    @inline(__always)
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    static func read(_ buf: UnsafeBufferPointer<UInt8>, _ p: inout Int) -> UInt64 {
        var b = buf[p]; p += 1
        if b < 0x80 { return UInt64(b) }
        var result = UInt64(b & 0x7f)
        var shift: UInt64 = 7
        repeat {
            b = buf[p]; p += 1
            result |= UInt64(b & 0x7f) << shift
            shift += 7
        } while b >= 0x80
        return result
    }

    @inline(__always)
    static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    @inline(__always)
    static func unzigzag(_ v: UInt64) -> Int64 { Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1) }
}
