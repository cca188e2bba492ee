import RESP
import StreamEngine
#if canImport(Glibc)
import Glibc
#endif

/// Something that sends Redis commands and returns their replies, one round trip per
/// batch. `StreamNetwork.RedisClient` is one; tests may use others. The explorer itself
/// opens no sockets.
public protocol CommandChannel: AnyObject {
    func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue]
    /// The last round trip in milliseconds, if any.
    var lastRoundTripMs: Double? { get }
    /// Why the channel is down, if it is.
    var lastError: String? { get }
    /// Counts the connections made so far: facts learned from a server are asked again
    /// when it moves (a reconnect may reach another server, or an upgraded one).
    var connectionGeneration: Int { get }
    /// Ends a round trip that another thread is waiting on, at once (it throws). Called
    /// from the UI thread while the explorer's worker waits on a slow server.
    func cancel()
}

extension CommandChannel {
    public var connectionGeneration: Int { 0 }
    public func cancel() {}
}

/// The explorer's data source over a real Redis 7 server. Gentle with production
/// servers: keys are discovered with `SCAN ... TYPE stream` (never KEYS) every few
/// seconds, only the window on screen is read, the histogram samples a few IDs at each
/// bucket edge (and is cached), and every pane's reads go out as one pipelined batch.
public final class RedisSource: StreamDataSource {
    public let channel: any CommandChannel
    public let label: String
    private var writes: UInt64 = 0
    private var keys: [[UInt8]] = []
    private var keysFetchedMs: UInt64 = 0
    private var histogramCache: (key: [UInt8], from: UInt64, to: UInt64, buckets: Int, at: UInt64, counts: [Int])?
    /// Most keys listed; discovery stops there.
    public var maxKeys = 5000
    /// How often the key list and the histogram are rebuilt.
    public var rescanMs: UInt64 = 5000
    /// IDs read per histogram bucket; a bucket with fewer is counted exactly.
    public var samplesPerBucket = 16
    /// Entries read at most to count a marked range exactly; beyond it, estimated.
    public var countLimit = 20_000

    /// The server's read-only commands, and the connection they were learned on.
    private var readOnlyIndex: (generation: Int, commands: ReadOnlyCommands)?

    /// The `:` prompt's own connection (see `prompt`); nil: the prompt shares `channel`.
    public let promptChannel: (any CommandChannel)?
    /// The server's `redis_version`, asked once (INFO server); nil inside when it did not say.
    private var versionAnswer: String??

    /// The server's `redis_version` (INFO server, asked once). nil if it cannot be read.
    public var redisVersion: String? {
        if let known = versionAnswer { return known }
        var found: String? = nil
        if let reply = try? call([Args.of("INFO", "server")])[0], case .bulkString(let b) = reply {
            for line in Self.text(b).split(whereSeparator: \.isNewline) where line.hasPrefix("redis_version:") {
                found = String(line.dropFirst("redis_version:".count))
            }
            versionAnswer = .some(found)
        }
        return found
    }

    /// What the server's version says it has: the explorer offers only those commands.
    public var features: RedisFeatures { redisVersion.map(RedisFeatures.init(redisVersion:)) ?? [] }

    public init(channel: any CommandChannel, label: String, promptChannel: (any CommandChannel)? = nil) {
        self.channel = channel
        self.label = label
        self.promptChannel = promptChannel
    }

    public var nowMs: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
    }

    /// Moves twice a second (the refresh bound) and on every write.
    public var changeStamp: UInt64 { nowMs / 500 &+ writes }

    public var health: String? {
        if let e = channel.lastError { return "disconnected: \(e)" }
        return channel.lastRoundTripMs.map { $0 < 10 ? "rtt \(Int(($0 * 1000).rounded())) µs" : "rtt \(Format.oneDecimal($0)) ms" }
    }

    public var commandNames: [String] {
        ["XADD", "XACK", "XAUTOCLAIM", "XCLAIM", "XDEL", "XGROUP", "XINFO", "XLEN", "XPENDING", "XRANGE", "XREAD",
         "XREADGROUP", "XREVRANGE", "XSETID", "XTRIM", "TYPE", "EXISTS", "SCAN", "PING", "INFO", "TIME"]
    }

    private func call(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        try channel.pipeline(commands)
    }

    private static func text(_ key: [UInt8]) -> String { String(decoding: key, as: UTF8.self) }

    /// Cancels the round trip in flight (from any thread).
    public func cancel() {
        channel.cancel()
        promptChannel?.cancel()
    }

    /// Asks the server (COMMAND INFO, once per connection) which commands are read-only.
    public func readOnlyCommands() throws -> ReadOnlyCommands {
        if let cached = readOnlyIndex, cached.generation == channel.connectionGeneration { return cached.commands }
        let reply = try call([Args.of("COMMAND", "INFO")])[0]
        if case .error(let e) = reply { throw DataSourceError("cannot tell which commands are read-only: \(e)") }
        let commands = ReadOnlyCommands(commandInfo: reply)
        guard commands.count > 0 else { throw DataSourceError("cannot tell which commands are read-only: COMMAND INFO listed none") }
        readOnlyIndex = (channel.connectionGeneration, commands)
        return commands
    }

    // MARK: Reads

    /// - Complexity: SCAN over the keyspace every `rescanMs`, then one pipelined batch of
    ///   two XINFO calls per stream listed.
    public func streams() throws -> [StreamSummary] {
        let now = nowMs
        if keysFetchedMs == 0 || now >= keysFetchedMs + rescanMs || now < keysFetchedMs {
            keys = try scanStreams()
            keysFetchedMs = now
        }
        guard !keys.isEmpty else { return [] }
        var batch: [[[UInt8]]] = []
        for k in keys {
            batch.append(Args.of("XINFO", "STREAM", BinaryName(k)))
            batch.append(Args.of("XINFO", "GROUPS", BinaryName(k)))
        }
        let replies = try channel.pipeline(batch)
        var out: [StreamSummary] = []
        for (i, k) in keys.enumerated() {
            let info = Fields(replies[2 * i])
            guard let length = info.int("length") else { continue }  // deleted since the scan, or not a stream now
            let groups = Self.list(replies[2 * i + 1]).map(Fields.init)
            var summary = StreamSummary(
                key: k, length: Int(length),
                firstID: Self.entryID(info["first-entry"]), lastID: Self.entryID(info["last-entry"]),
                groups: groups.count, pending: groups.reduce(0) { $0 + Int($1.int("pending") ?? 0) }, memory: nil)
            // Redis 8.6 and later add the idempotency figures.
            if let d = info.int("idmp-duration"), let m = info.int("idmp-maxsize"), let p = info.int("pids-tracked"),
               let t = info.int("iids-tracked"), let a = info.int("iids-added"), let dup = info.int("iids-duplicates") {
                summary.idempotency = IdempotencyFigures(durationSeconds: d, maxSize: m, producers: p, ids: t, added: a, duplicates: dup)
            }
            out.append(summary)
        }
        return out.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    private func scanStreams() throws -> [[UInt8]] {
        var cursor = "0"
        var found: [[UInt8]] = []
        repeat {
            let reply = try call([Args.of("SCAN", cursor, "COUNT", "1000", "TYPE", "stream")])[0]
            if case .error(let e) = reply { throw DataSourceError(e) }
            let parts = Self.list(reply)
            guard parts.count == 2, case .bulkString(let c) = parts[0] else { throw DataSourceError("unexpected SCAN reply") }
            cursor = Self.text(c)
            for k in Self.list(parts[1]) { if case .bulkString(let b) = k { found.append(b) } }
        } while cursor != "0" && found.count < maxKeys
        return Array(Set(found)).sorted { $0.lexicographicallyPrecedes($1) }.prefix(maxKeys).map { $0 }
    }

    /// - Complexity: one XRANGE or XREVRANGE of `count` entries; with a filter, batches
    ///   of 500 up to `scanLimit` (at most 5,000 entries from a server).
    public func entries(_ key: [UInt8], from start: StreamID, to end: StreamID, count: Int, reverse: Bool,
                        filter: String?, scanLimit: Int) throws -> [EntryRow] {
        func range(_ lo: StreamID, _ hi: StreamID, _ n: Int) throws -> [EntryRow] {
            let cmd = reverse ? Args.of("XREVRANGE", BinaryName(key), hi, lo, "COUNT", n)
                              : Args.of("XRANGE", BinaryName(key), lo, hi, "COUNT", n)
            let reply = try call([cmd])[0]
            if case .error(let e) = reply { throw DataSourceError(e) }
            return Self.list(reply).compactMap(Self.entry)
        }
        guard let filter, !filter.isEmpty else { return try range(start, end, count) }
        var out: [EntryRow] = []
        var lo = start, hi = end
        var visited = 0
        while out.count < count && visited < min(scanLimit, 5000) {
            let batch = try range(lo, hi, 500)
            if batch.isEmpty { break }
            visited += batch.count
            out += batch.filter { $0.matches(filter) }.prefix(count - out.count)
            let last = batch.last!.id
            if reverse { guard let d = last.decremented() else { break }; hi = d } else { guard let n = last.incremented() else { break }; lo = n }
        }
        return out
    }

    /// - Complexity: XINFO GROUPS plus one `XPENDING key group - + 100` per group
    ///   (`GroupSummary.deliveryScan`: the oldest entries' idle time and delivery counts), pipelined.
    public func groups(_ key: [UInt8]) throws -> [GroupSummary] {
        let reply = try call([Args.of("XINFO", "GROUPS", BinaryName(key))])[0]
        if case .error(let e) = reply { throw DataSourceError(e) }
        let groups = Self.list(reply).map(Fields.init)
        guard !groups.isEmpty else { return [] }
        var batch = groups.map { Args.of("XPENDING", BinaryName(key), $0.name("name"), "-", "+", GroupSummary.deliveryScan) }
        // Redis 8.8 counts released entries per group only in XINFO STREAM FULL.
        let countsReleased = features.contains(.release)
        if countsReleased { batch.append(Args.of("XINFO", "STREAM", BinaryName(key), "FULL", "COUNT", "1")) }
        var oldest = try call(batch)
        var released: [BinaryName: Int] = [:]
        if countsReleased, let full = oldest.popLast(), let listed = Fields(full)["groups"] {
            for g in Self.list(listed).map(Fields.init) { released[g.name("name")] = g.int("nacked-count").map(Int.init) }
        }
        return zip(groups, oldest).map { g, o in
            let rows = (try? pendingRows(o)) ?? []
            let row = Self.list(o).first.map(Self.list) ?? []
            var idle: UInt64?
            if row.count > 2, case .integer(let i) = row[2] { idle = UInt64(max(0, i)) }
            return GroupSummary(
                name: g.name("name"), consumers: Int(g.int("consumers") ?? 0), pending: Int(g.int("pending") ?? 0),
                lastDeliveredID: g.string("last-delivered-id").flatMap(Self.parseID) ?? .zero,
                entriesRead: g.int("entries-read"), lag: g.int("lag"),
                oldestPending: row.first.flatMap { if case .bulkString(let b) = $0 { return Self.parseID(Self.text(b)) } else { return nil } },
                oldestIdleMs: idle, oldestDeliveries: rows.map(\.deliveries), released: released[g.name("name")])
        }
    }

    public func consumers(_ key: [UInt8], group: BinaryName) throws -> [ConsumerSummary] {
        let reply = try call([Args.of("XINFO", "CONSUMERS", BinaryName(key), group)])[0]
        if case .error(let e) = reply { throw DataSourceError(e) }
        // Redis 7.2 adds `inactive` (shown when present) and `active-time`; `idle` is in every 7.x.
        return Self.list(reply).map(Fields.init).map {
            ConsumerSummary(name: $0.name("name"), pending: Int($0.int("pending") ?? 0), idleMs: UInt64(max(0, $0.int("idle") ?? 0)),
                            inactiveMs: $0.int("inactive").flatMap { $0 < 0 ? nil : UInt64($0) })  // -1: never active
        }
    }

    public func pending(_ key: [UInt8], group: BinaryName, count: Int) throws -> [PendingRow] {
        try pendingRows(call([Args.of("XPENDING", BinaryName(key), group, "-", "+", count)])[0])
    }

    /// XPENDING's extended form's rows: ID, consumer, idle, deliveries.
    private func pendingRows(_ reply: RESPValue) throws -> [PendingRow] {
        if case .error(let e) = reply { throw DataSourceError(e) }
        return Self.list(reply).compactMap { row in
            let r = Self.list(row)
            guard r.count == 4, case .bulkString(let id) = r[0], case .bulkString(let c) = r[1],
                  case .integer(let idle) = r[2], case .integer(let n) = r[3], let sid = Self.parseID(Self.text(id)) else { return nil }
            return PendingRow(id: sid, consumer: BinaryName(c), idleMs: UInt64(max(0, idle)), deliveries: UInt64(max(0, n)))
        }
    }

    /// One `XPENDING key group start end count [consumer]`.
    public func pending(_ key: [UInt8], group: BinaryName, from start: StreamID, to end: StreamID, count: Int,
                        consumer: BinaryName?) throws -> [PendingRow] {
        guard count > 0 else { return [] }
        var cmd = Args.of("XPENDING", BinaryName(key), group, start, end, count)
        if let consumer { cmd += Args.of(consumer) }
        return try pendingRows(call([cmd])[0])
    }

    /// Samples: per bucket, `XRANGE key start end COUNT k`, all in one pipelined batch.
    /// A bucket with fewer than k entries is exact; a full one is estimated from how
    /// much of the bucket its first k entries span. Cached for `rescanMs`.
    /// - Complexity: one round trip of buckets × k IDs (bodies included, so k is small).
    public func histogram(_ key: [UInt8], fromMs: UInt64, toMs: UInt64, buckets: Int) throws -> [Int] {
        guard buckets > 0, toMs > fromMs else { return [] }
        let now = nowMs
        if let c = histogramCache, c.key == key, c.buckets == buckets, c.from == fromMs,
           toMs >= c.to, toMs - c.to < (toMs - fromMs) / UInt64(buckets) / 2 + 1, now < c.at + rescanMs {
            return c.counts
        }
        let width = Double(toMs - fromMs) / Double(buckets)
        let k = samplesPerBucket
        var batch: [[[UInt8]]] = []
        for b in 0..<buckets {
            let lo = fromMs + UInt64(Double(b) * width)
            // A bucket narrower than a millisecond at time 0 ends where it starts.
            let end = fromMs + UInt64(Double(b + 1) * width)
            let hi = max(lo, end == 0 ? 0 : end - 1)
            batch.append(Args.of("XRANGE", BinaryName(key), "\(lo)-0", "\(hi)-\(UInt64.max)", "COUNT", k))
        }
        let replies = try call(batch)
        var counts: [Int] = []
        for (b, r) in replies.enumerated() {
            if case .error(let e) = r { throw DataSourceError(e) }
            let ids = Self.list(r).compactMap(Self.entry).map(\.id.ms)
            if ids.count < k {
                counts.append(ids.count)
            } else {
                let lo = fromMs + UInt64(Double(b) * width)
                let covered = Double(ids.last! - max(lo, ids.first!)) + 1
                counts.append(Int((Double(k) * width / max(1, covered)).rounded()))
            }
        }
        histogramCache = (key, fromMs, toMs, buckets, now, counts)
        return counts
    }

    /// Exact up to `countLimit` entries (read in batches of 1,000 IDs), estimated beyond.
    public func count(_ key: [UInt8], from start: StreamID, to end: StreamID) throws -> Int {
        var n = 0
        var lo = start
        while n < countLimit {
            let reply = try call([Args.of("XRANGE", BinaryName(key), lo, end, "COUNT", "1000")])[0]
            if case .error(let e) = reply { throw DataSourceError(e) }
            let ids = Self.list(reply).compactMap(Self.entry).map(\.id)
            n += ids.count
            guard ids.count == 1000, let next = ids.last!.incremented() else { return n }
            lo = next
        }
        // Estimate the rest from the density so far.
        let doneMs = Double(lo.ms - start.ms) + 1
        return Int(Double(n) * (Double(end.ms - start.ms) + 1) / doneMs)
    }

    // MARK: Writes

    public func execute(_ args: [[UInt8]]) throws -> RESPValue {
        invalidateAfterWrite()
        return try channel.pipeline([args])[0]
    }

    /// A write may change anything: the change stamp moves, the key list and the
    /// histogram are read again.
    private func invalidateAfterWrite() {
        writes &+= 1
        keysFetchedMs = 0
        histogramCache = nil
    }

    /// Commands that turn a connection into a feed of replies without end (or hand it to
    /// replication): the prompt reads one reply per command, so it refuses them.
    static let connectionTakeovers: Set<String> = ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR", "SYNC", "PSYNC"]

    /// Runs a prompt line on the prompt's own connection, so MULTI, WATCH, SELECT or
    /// CLIENT REPLY there never change what the panes read: `:MULTI`, then commands
    /// (QUEUED), then `:EXEC` behave as in redis-cli while the panes go on refreshing.
    public func prompt(_ args: [[UInt8]]) throws -> RESPValue {
        let name = String(decoding: args.first ?? [], as: UTF8.self).uppercased()
        if Self.connectionTakeovers.contains(name) {
            throw DataSourceError("\(name) turns a connection into a live feed; the prompt reads one reply per command: use redis-cli for it")
        }
        guard let promptChannel else { return try execute(args) }
        invalidateAfterWrite()
        return try promptChannel.pipeline([args])[0]
    }

    /// MULTI, the commands, EXEC: one round trip, all or nothing.
    public func executeAtomically(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        invalidateAfterWrite()
        let replies = try channel.pipeline([[Array("MULTI".utf8)]] + commands + [[Array("EXEC".utf8)]])
        switch replies.last {
        case .array(let results)?: return results
        case .error(let e)?: return [.error(e)]
        default: return [.error("ERR the transaction was aborted")]
        }
    }

    // MARK: Reply shapes

    static func list(_ v: RESPValue) -> [RESPValue] {
        switch v {
        case .array(let a), .set(let a), .push(let a): return a
        case .map(let m): return m.flatMap { [$0.0, $0.1] }
        default: return []
        }
    }

    static func parseID(_ s: String) -> StreamID? {
        StreamIDParser.parseID(Array(s.utf8), strict: true)
    }

    static func entry(_ v: RESPValue) -> EntryRow? {
        let parts = list(v)
        guard parts.count == 2, case .bulkString(let idText) = parts[0], let id = parseID(text(idText)) else { return nil }
        var pairs: [([UInt8], [UInt8])] = []
        let flat = list(parts[1])
        var i = 0
        while i + 1 < flat.count {
            if case .bulkString(let f) = flat[i], case .bulkString(let val) = flat[i + 1] { pairs.append((f, val)) }
            i += 2
        }
        return EntryRow(id: id, pairs: pairs)
    }

    static func entryID(_ v: RESPValue?) -> StreamID? {
        v.flatMap(entry)?.id
    }

    /// A RESP2 key/value array (or RESP3 map) read by field name.
    struct Fields {
        var values: [String: RESPValue] = [:]
        init(_ v: RESPValue) {
            let flat = RedisSource.list(v)
            var i = 0
            while i + 1 < flat.count {
                if case .bulkString(let k) = flat[i] { values[RedisSource.text(k)] = flat[i + 1] }
                else if case .simpleString(let k) = flat[i] { values[k] = flat[i + 1] }
                i += 2
            }
        }
        subscript(_ k: String) -> RESPValue? { values[k] }
        func int(_ k: String) -> Int64? { if case .integer(let i)? = values[k] { return i } else { return nil } }
        /// A name field's bytes, as the server sent them (empty if missing).
        func name(_ k: String) -> BinaryName {
            switch values[k] {
            case .bulkString(let b)?: return BinaryName(b)
            case .simpleString(let s)?: return BinaryName(s)
            default: return BinaryName([])
            }
        }
        func string(_ k: String) -> String? {
            switch values[k] {
            case .bulkString(let b)?: return RedisSource.text(b)
            case .simpleString(let s)?: return s
            default: return nil
            }
        }
    }
}
