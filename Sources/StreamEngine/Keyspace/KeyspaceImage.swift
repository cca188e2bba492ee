/// A byte image of a whole keyspace, for snapshots: every database, every key, and for
/// streams their packed nodes byte for byte (so node boundaries, tombstones and sizes
/// survive exactly), counters, groups, consumers and pending entries with their
/// delivery times and counts. Varint-framed; the file layer adds header and checksum.
public enum KeyspaceImage {
    public struct Malformed: Error, CustomStringConvertible, Equatable {
        public let description: String
        public init(_ d: String) { description = d }
    }

    static let tagStream: UInt8 = 1, tagString: UInt8 = 2, tagList: UInt8 = 3, tagSet: UInt8 = 4

    /// The image layout `write` produces. Format 2 adds each consumer's active time;
    /// format 3 adds each stream's idempotent-add memory (Redis 8.6's IDMP) and pending
    /// entries released to no consumer (8.8's XNACK). `load` reads formats 1 and 2 too.
    public static let currentFormat = 3

    /// Writes the image of a keyspace. - Complexity: O(bytes of data held)
    public static func write(_ ks: Keyspace, into out: inout [UInt8]) {
        capture(ks).write(into: &out)
    }

    /// What an image needs, taken in O(nodes + pending entries) without copying entry
    /// data: node buffers are copy-on-write arrays, so a later append or delete copies
    /// only the node it touches. `write` can then run on another thread while the
    /// keyspace carries on.
    public struct Capture: @unchecked Sendable {
        let nodeMaxEntries: Int
        let nodeMaxBytes: Int
        /// Per database, keys in order with their values; streams pre-encoded except
        /// for their node buffers.
        let databases: [[(key: [UInt8], value: CapturedValue)]]

        /// - Complexity: O(bytes of data held)
        public func write(into out: inout [UInt8]) {
            var w = ImageWriter(out)
            w.varint(UInt64(nodeMaxEntries))
            w.varint(UInt64(nodeMaxBytes))
            w.varint(UInt64(databases.count))
            for db in databases {
                w.varint(UInt64(db.count))
                for (key, value) in db {
                    w.bytes(key)
                    switch value {
                    case .stream(let head, let nodes, let tail):
                        w.byte(tagStream)
                        w.out += head
                        w.varint(UInt64(nodes.count))
                        for n in nodes {
                            w.id(n.masterID); w.id(n.lastID)
                            w.varint(UInt64(n.live)); w.varint(UInt64(n.deleted))
                            w.varint(UInt64(n.redisBytesWithoutCounters)); w.varint(UInt64(n.entriesStart)); w.varint(UInt64(n.masterFieldCount))
                            w.bytes(n.data)
                        }
                        w.out += tail
                    case .string(let b): w.byte(tagString); w.bytes(b)
                    case .list(let items): w.byte(tagList); w.varint(UInt64(items.count)); for i in items { w.bytes(i) }
                    case .set(let members): w.byte(tagSet); w.varint(UInt64(members.count)); for m in members { w.bytes(m) }
                    }
                }
            }
            out = w.out
        }
    }

    /// A node's fields and its buffer (shared, copy-on-write).
    struct NodeCapture {
        let masterID: StreamID, lastID: StreamID
        let live: Int32, deleted: Int32, redisBytesWithoutCounters: Int32, entriesStart: Int32, masterFieldCount: Int32
        let data: [UInt8]
    }

    enum CapturedValue {
        /// Counters before the nodes, each node's header and buffer, groups after.
        case stream(head: [UInt8], nodes: [NodeCapture], tail: [UInt8])
        case string([UInt8])
        case list([[UInt8]])
        case set([[UInt8]])
    }

    /// - Complexity: O(keys log keys + nodes + pending entries)
    public static func capture(_ ks: Keyspace) -> Capture {
        let dbs = ks.databases.map { db in
            db.values.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }).map { key, value -> (key: [UInt8], value: CapturedValue) in
                switch value {
                case .stream(let s): return (key, captureStream(s))
                case .string(let b): return (key, .string(b))
                case .list(let items): return (key, .list(items))
                case .set(let set): return (key, .set(set.members))
                }
            }
        }
        return Capture(nodeMaxEntries: ks.config.nodeMaxEntries, nodeMaxBytes: ks.config.nodeMaxBytes, databases: dbs)
    }

    static func captureStream(_ s: Stream) -> CapturedValue {
        var head = ImageWriter([])
        head.varint(s.length); head.id(s.lastID); head.id(s.firstID); head.id(s.maxDeletedID); head.varint(s.entriesAdded)
        let nodes = s.nodes.map {
            NodeCapture(masterID: $0.masterID, lastID: $0.lastID, live: $0.live, deleted: $0.deleted,
                        redisBytesWithoutCounters: $0.redisBytesWithoutCounters, entriesStart: $0.entriesStart,
                        masterFieldCount: $0.masterFieldCount, data: $0.data)
        }
        var w = ImageWriter([])
        let groups = s.groups
        w.varint(UInt64(groups.count))
        for g in groups {
            w.bytes(g.name); w.id(g.lastID)
            if let e = g.entriesRead { w.byte(1); w.varint(UInt64(bitPattern: e)) } else { w.byte(0) }
            w.varint(UInt64(g.nextNumber))
            let consumers = g.consumersByNumber.values.sorted { $0.number < $1.number }
            w.varint(UInt64(consumers.count))
            for c in consumers {
                w.bytes(c.name); w.varint(UInt64(c.number)); w.varint(c.seenTime)
                w.varint(c.activeTime.map { $0 &+ 1 } ?? 0)
            }
            w.varint(UInt64(g.pending.count))
            g.forEachPending { id, rec in
                w.id(id); w.varint(rec.deliveryTime); w.varint(rec.deliveryCount); w.varint(UInt64(rec.consumerNumber))
                return true
            }
        }
        writeIdempotency(s.idempotencyStorage, into: &w)
        return .stream(head: head.out, nodes: nodes, tail: w.out)
    }

    /// Replaces the keyspace's databases and node limits with the image's.
    /// - Complexity: O(image size + pending entries × log pending)
    public static func load(_ bytes: [UInt8], into ks: Keyspace, format: Int = currentFormat) throws(Malformed) {
        var r = ImageReader(bytes)
        var config = StreamConfig()
        config.nodeMaxEntries = try r.int()
        config.nodeMaxBytes = try r.int()
        let dbCount = try r.int()
        guard dbCount == ks.databases.count else { throw Malformed("image holds \(dbCount) databases, the server has \(ks.databases.count)") }
        var databases: [Database] = []
        for _ in 0..<dbCount {
            let db = Database()
            let keys = try r.varint()
            for _ in 0..<keys {
                let key = try r.bytes()
                switch try r.byte() {
                case tagStream: db.values[key] = .stream(try readStream(&r, format: format))
                case tagString: db.values[key] = .string(try r.bytes())
                case tagList:
                    var items: [[UInt8]] = []
                    for _ in 0..<(try r.varint()) { items.append(try r.bytes()) }
                    db.values[key] = .list(items)
                case tagSet:
                    var set = OrderedByteSet()
                    for _ in 0..<(try r.varint()) { _ = set.insert(try r.bytes()) }
                    db.values[key] = .set(set)
                case let t: throw Malformed("unknown value type \(t) at byte \(r.pos)")
                }
            }
            databases.append(db)
        }
        guard r.pos == bytes.count else { throw Malformed("\(bytes.count - r.pos) bytes after the last database") }
        ks.config = config
        ks.replaceDatabases(databases)
    }

    static func readStream(_ r: inout ImageReader, format: Int) throws(Malformed) -> Stream {
        let s = Stream()
        s.length = try r.varint(); s.lastID = try r.id(); s.firstID = try r.id(); s.maxDeletedID = try r.id(); s.entriesAdded = try r.varint()
        let nodeCount = try r.varint()
        var live: UInt64 = 0
        for _ in 0..<nodeCount {
            let master = try r.id(), last = try r.id()
            let l = Int32(truncatingIfNeeded: try r.varint()), d = Int32(truncatingIfNeeded: try r.varint())
            let rb = Int32(truncatingIfNeeded: try r.varint()), start = Int32(truncatingIfNeeded: try r.varint())
            let mfc = Int32(truncatingIfNeeded: try r.varint())
            let data = try r.bytes()
            guard start >= 0, Int(start) <= data.count, l >= 0, d >= 0, mfc >= 0 else { throw Malformed("bad node at byte \(r.pos)") }
            let node = StreamNode(restoring: master, lastID: last, live: l, deleted: d, redisBytesWithoutCounters: rb,
                                  entriesStart: start, masterFieldCount: mfc, data: data)
            // The engine reads nodes without bounds checks: a node's buffer is checked here.
            if let problem = node.validationProblem() { throw Malformed("bad node before byte \(r.pos): \(problem)") }
            s.nodes.append(node)
            live += UInt64(l)
        }
        guard live == s.length else { throw Malformed("stream length \(s.length) but its nodes hold \(live) entries") }
        for _ in 0..<(try r.varint()) {
            let name = try r.bytes(), lastID = try r.id()
            let entriesRead: Int64? = try r.byte() == 1 ? Int64(bitPattern: try r.varint()) : nil
            guard let g = s.createGroup(named: name, lastID: lastID, entriesRead: entriesRead) else { throw Malformed("duplicate group") }
            g.nextNumber = UInt32(truncatingIfNeeded: try r.varint())
            for _ in 0..<(try r.varint()) {
                let c = Consumer(name: try r.bytes(), number: UInt32(truncatingIfNeeded: try r.varint()), seenTime: try r.varint())
                // Format 2 keeps the active time: 0 for never, else the time plus one.
                if format >= 2 {
                    let active = try r.varint()
                    c.activeTime = active == 0 ? nil : active - 1
                }
                // Numbers are unique and below the next one handed out, names unique.
                guard g.consumersByName[c.name] == nil, g.consumersByNumber[c.number] == nil, c.number < g.nextNumber else {
                    throw Malformed("consumer \(String(decoding: c.name, as: UTF8.self)) duplicated or numbered \(c.number) of \(g.nextNumber)")
                }
                g.consumersByName[c.name] = c
                g.consumersByNumber[c.number] = c
            }
            for _ in 0..<(try r.varint()) {
                let id = try r.id()
                let rec = PendingRecord(deliveryTime: try r.varint(), deliveryCount: try r.varint(),
                                        consumerNumber: UInt32(truncatingIfNeeded: try r.varint()))
                // Format 3 may hold entries XNACK released to no consumer.
                if format >= 3 && rec.consumerNumber == ConsumerGroup.released {
                    _ = g.pending.updateValue(rec, for: id)
                    continue
                }
                guard let owner = g.consumersByNumber[rec.consumerNumber] else { throw Malformed("pending entry \(id) has no consumer") }
                _ = g.pending.updateValue(rec, for: id)
                _ = owner.pending.updateValue((), for: id)
            }
        }
        if format >= 3 { try readIdempotency(&r, into: s) }
        // Entries above the last ID, out of order, or pending lists that disagree would
        // let later commands corrupt the stream further: such an image is refused.
        let problems = s.invariantViolations()
        guard problems.isEmpty else { throw Malformed("stream breaks its invariants: \(problems.prefix(3).joined(separator: "; "))") }
        return s
    }
}

extension KeyspaceImage {
    /// A stream's IDMP memory: a 0 byte when it never used IDMP, else 1, the limits, the
    /// lifetime counters and each producer's remembered IDs oldest first.
    /// - Complexity: O(remembered IDs)
    static func writeIdempotency(_ log: IdempotencyLog?, into w: inout ImageWriter) {
        guard let log, !log.isPristine else { w.byte(0); return }
        w.byte(1)
        w.varint(UInt64(log.durationSeconds)); w.varint(UInt64(log.maxSize))
        w.varint(log.added); w.varint(log.duplicates)
        let producers = log.producers.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        w.varint(UInt64(producers.count))
        for (pid, p) in producers {
            w.bytes(pid)
            w.varint(UInt64(p.count))
            for r in p.records[p.head...] { w.bytes(r.iid); w.id(r.id); w.varint(r.addedMs) }
        }
    }

    /// Reads what `writeIdempotency` wrote, refusing limits out of Redis's ranges.
    /// - Complexity: O(remembered IDs)
    static func readIdempotency(_ r: inout ImageReader, into s: Stream) throws(Malformed) {
        guard try r.byte() == 1 else { return }
        let log = s.idempotency
        let duration = try r.int(), maxSize = try r.int()
        guard IdempotencyLog.durationRange.contains(duration), IdempotencyLog.maxSizeRange.contains(maxSize) else {
            throw Malformed("IDMP limits \(duration) s and \(maxSize) out of range before byte \(r.pos)")
        }
        log.durationSeconds = duration
        log.maxSize = maxSize
        log.added = try r.varint()
        log.duplicates = try r.varint()
        for _ in 0..<(try r.varint()) {
            let pid = try r.bytes()
            var p = IdempotencyLog.Producer()
            for _ in 0..<(try r.varint()) {
                let iid = try r.bytes(), id = try r.id(), at = try r.varint()
                p.records.append(.init(iid: iid, id: id, addedMs: at))
                p.byIID[iid] = id
            }
            guard p.count > 0, p.count <= maxSize, p.byIID.count == p.count, log.producers[pid] == nil else {
                throw Malformed("IDMP producer with \(p.count) IDs (limit \(maxSize)) or repeated, before byte \(r.pos)")
            }
            log.producers[pid] = p
        }
    }
}

struct ImageWriter {
    var out: [UInt8]
    init(_ out: [UInt8]) { self.out = out }
    mutating func byte(_ b: UInt8) { out.append(b) }
    mutating func varint(_ v: UInt64) { Varint.append(v, to: &out) }
    mutating func id(_ id: StreamID) { varint(id.ms); varint(id.seq) }
    mutating func bytes(_ b: [UInt8]) { varint(UInt64(b.count)); out.append(contentsOf: b) }
}

struct ImageReader {
    let buf: [UInt8]
    var pos = 0
    init(_ buf: [UInt8]) { self.buf = buf }

    mutating func byte() throws(KeyspaceImage.Malformed) -> UInt8 {
        guard pos < buf.count else { throw KeyspaceImage.Malformed("image ends early at byte \(pos)") }
        defer { pos += 1 }
        return buf[pos]
    }

    mutating func varint() throws(KeyspaceImage.Malformed) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw KeyspaceImage.Malformed("varint too long at byte \(pos)") }
            v |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
    }

    /// A varint that must fit an `Int` (a count or a size).
    mutating func int() throws(KeyspaceImage.Malformed) -> Int {
        let v = try varint()
        guard let n = Int(exactly: v) else { throw KeyspaceImage.Malformed("\(v) at byte \(pos) is out of range") }
        return n
    }

    mutating func id() throws(KeyspaceImage.Malformed) -> StreamID { StreamID(ms: try varint(), seq: try varint()) }

    mutating func bytes() throws(KeyspaceImage.Malformed) -> [UInt8] {
        let n = try varint()
        guard n <= UInt64(buf.count - pos) else { throw KeyspaceImage.Malformed("a length of \(n) runs past the end at byte \(pos)") }
        defer { pos += Int(n) }
        return Array(buf[pos..<(pos + Int(n))])
    }
}
