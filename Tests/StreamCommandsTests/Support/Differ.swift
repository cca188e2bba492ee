import class Foundation.ProcessInfo
import RESP
import StreamCommands
import StreamEngine
import TestSupport

/// Runs the same commands through `CommandServer` and a real redis-server and compares
/// the raw RESP bytes. Our engine's clock follows redis-server's: before each command
/// it reads the wall clock, and after an `XADD *` it takes the milliseconds of the ID
/// Redis generated (Redis read its clock a moment before us), so `*` IDs agree exactly.
/// Only what legitimately differs is masked: clock readings (idle, seen and delivery times, TIME), HELLO's server
/// fields, and XINFO's `radix-tree-nodes` (a detail of Redis's rax layout).
final class Differ {
    let ours: CommandServer
    let redis: RedisConnection
    var session = CommandSession()
    /// Our engine's clock, steered to Redis's as described above.
    let clock = ManualClock()
    private let wallClock = SystemClock()
    private(set) var mismatches: [String] = []
    private(set) var commandsRun = 0
    /// Each command with both replies, for the first mismatch's report.
    var transcript: [String] = []
    /// Per stream object: its last ID and entries-added after the previous command.
    var monotonic: [ObjectIdentifier: (Stream, StreamID, UInt64)] = [:]  // holds the stream so its identifier is not reused
    /// The name of the command run last, uppercased.
    private(set) var lastCommand = ""

    init(redis: RedisConnection, dialect: RedisDialect = .redis7_0) {
        self.redis = redis
        self.ours = CommandServer(clock: clock)
        ours.keyspace.dialect = dialect
    }

    /// Brings both sides to an empty state with the given node limits.
    func reset(nodeMaxEntries: Int = 100, nodeMaxBytes: Int = 4096) throws {
        for cmd in [["SELECT", "0"], ["FLUSHALL"], ["HELLO", "2"],
                    ["CONFIG", "SET", "stream-node-max-entries", String(nodeMaxEntries)],
                    ["CONFIG", "SET", "stream-node-max-bytes", String(nodeMaxBytes)]] {
            let args = cmd.map { Array($0.utf8) }
            _ = ours.execute(args, session: &session)
            _ = try redis.rawCommand(args)
        }
        transcript = []
        monotonic = [:]
    }

    /// Runs one command on both sides; records a mismatch. Returns true if they agree.
    @discardableResult
    func run(_ args: [[UInt8]]) throws -> Bool {
        commandsRun += 1
        lastCommand = args.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
        let redisRaw = try redis.rawCommand(args)
        var theirs = RESPReplyParser()
        theirs.append(redisRaw)
        guard let redisValue = try theirs.next() else { throw RedisOracle.Failure(description: "unparsable reply") }

        let name = args.isEmpty ? "" : String(decoding: args[0], as: UTF8.self).uppercased()
        clock.set(wallClock.nowMilliseconds())
        if name == "XADD", Self.xaddIDArgument(args) == Array("*".utf8),
           case .bulkString(let text) = redisValue, let id = StreamIDParser.parseID(text) {
            let ms = id.ms
            // Redis used max(its clock, the stream's last ms); ours does the same.
            clock.set(min(ms, wallClock.nowMilliseconds()))
        }
        let ourValue = ours.execute(args, session: &session)
        let ourRaw = RESPEncoder.encode(ourValue, protocolVersion: session.protocolVersion)
        let agree: Bool
        if Self.needsMask(args) {
            let a = RESPEncoder.encode(mask(ourValue, args), protocolVersion: session.protocolVersion)
            let b = RESPEncoder.encode(mask(redisValue, args), protocolVersion: session.protocolVersion)
            agree = a == b
        } else {
            agree = ourRaw == redisRaw
                || (ours.keyspace.dialect == .redis7_0 && Self.isExhaustedSequenceQuirk(args, redisRaw, ourRaw))
        }
        let line = "\(Self.show(args))\n    redis: \(Self.show(redisRaw))\n    ours:  \(Self.show(ourRaw))"
        transcript.append(line)
        if !agree {
            mismatches.append(transcript.suffix(Self.reportLength).joined(separator: "\n"))
        }
        return agree
    }

    /// How many commands a mismatch report shows (STREAMSCOPE_DIFF_CONTEXT overrides).
    static let reportLength = Int(ProcessInfo.processInfo.environment["STREAMSCOPE_DIFF_CONTEXT"] ?? "") ?? 12

    func run(_ words: [String]) throws { try run(words.map { Array($0.utf8) }) }

    // MARK: Masking

    /// `XADD key ms-*` when `ms` is the last ID's and its sequence is used up: Redis 7.0.15
    /// returns without setting errno and reports whichever error a leftover errno picks.
    static func isExhaustedSequenceQuirk(_ args: [[UInt8]], _ redisRaw: [UInt8], _ ourRaw: [UInt8]) -> Bool {
        guard args.count > 2, String(decoding: args[0], as: UTF8.self).uppercased() == "XADD",
              let id = xaddIDArgument(args), id.count > 2, id.suffix(2) == Array("-*".utf8) else { return false }
        return redisRaw == Array("-ERR Elements are too large to be stored\r\n".utf8)
            && ourRaw == Array("-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n".utf8)
    }

    /// Commands whose replies hold clock readings, or lists in Redis's hash order.
    static let clockCommands: Set<String> = ["XPENDING", "XINFO", "TIME", "HELLO", "KEYS", "SMEMBERS"]

    static func needsMask(_ args: [[UInt8]]) -> Bool {
        guard let first = args.first else { return false }
        return clockCommands.contains(String(decoding: first, as: UTF8.self).uppercased())
    }

    /// The ID argument of an XADD (after the options), or nil if it cannot be found.
    static func xaddIDArgument(_ args: [[UInt8]]) -> [UInt8]? {
        var i = 2
        while i < args.count {
            let w = String(decoding: args[i], as: UTF8.self).lowercased()
            switch w {
            case "nomkstream": i += 1
            case "maxlen", "minid":
                i += 1
                if i < args.count && (args[i] == [UInt8(ascii: "~")] || args[i] == [UInt8(ascii: "=")]) { i += 1 }
                i += 1
            case "limit": i += 2
            default: return args[i]
            }
        }
        return nil
    }

    func mask(_ v: RESPValue, _ args: [[UInt8]]) -> RESPValue {
        let name = String(decoding: args[0], as: UTF8.self).uppercased()
        var out = v
        switch name {
        case "KEYS", "SMEMBERS":
            if case .array(let a) = out {
                out = .array(a.sorted { RESPEncoder.encode($0).lexicographicallyPrecedes(RESPEncoder.encode($1)) })
            }
        case "TIME":
            out = .array([.bulk("<time>"), .bulk("<time>")])
        case "HELLO":
            out = Self.maskKeys(out, ["server", "version", "id"])
        case "XPENDING":
            // Extended form: rows of [id, consumer, idle, count].
            if args.count > 3, case .array(let rows) = out {
                out = .array(rows.map { row in
                    guard case .array(var r) = row, r.count == 4 else { return row }
                    r[2] = .integer(0)
                    return .array(r)
                })
            }
        case "XINFO":
            out = Self.maskKeys(out, ["radix-tree-nodes", "seen-time", "idle", "active-time", "inactive"])
            out = Self.maskPendingTimes(out)
        default:
            break
        }
        return out
    }

    /// Zeroes the values after the named keys in maps and RESP2 key/value arrays, at any depth.
    static func maskKeys(_ v: RESPValue, _ keys: Set<String>) -> RESPValue {
        switch v {
        case .array(var a):
            var i = 0
            while i < a.count {
                if i + 1 < a.count, case .bulkString(let k) = a[i], keys.contains(String(decoding: k, as: UTF8.self)) {
                    // A clock reading becomes 0; "never" (-1, as active-time says) stays.
                    if case .integer(-1) = a[i + 1] {} else { a[i + 1] = .integer(0) }
                    i += 2
                    continue
                }
                a[i] = maskKeys(a[i], keys)
                i += 1
            }
            return .array(a)
        case .map(let m):
            return .map(m.map { k, val in
                if case .bulkString(let kb) = k, keys.contains(String(decoding: kb, as: UTF8.self)) {
                    if case .integer(-1) = val { return (k, val) }
                    return (k, .integer(0))
                }
                return (k, maskKeys(val, keys))
            })
        default:
            return v
        }
    }

    /// XINFO STREAM FULL: delivery times in the group PEL ([id, consumer, time, count])
    /// and in each consumer's PEL ([id, time, count]).
    static func maskPendingTimes(_ v: RESPValue) -> RESPValue {
        func maskRows(_ rows: RESPValue) -> RESPValue {
            guard case .array(let rs) = rows else { return rows }
            return .array(rs.map { row in
                guard case .array(var r) = row else { return row }
                if r.count == 4 { r[2] = .integer(0) } else if r.count == 3 { r[1] = .integer(0) }
                return .array(r)
            })
        }
        switch v {
        case .array(var a):
            var i = 0
            while i < a.count {
                if i + 1 < a.count, case .bulkString(let k) = a[i], k == Array("pending".utf8), case .array = a[i + 1] {
                    a[i + 1] = maskRows(a[i + 1])
                    i += 2
                    continue
                }
                a[i] = maskPendingTimes(a[i])
                i += 1
            }
            return .array(a)
        case .map(let m):
            return .map(m.map { k, val in
                if case .bulkString(let kb) = k, kb == Array("pending".utf8), case .array = val { return (k, maskRows(val)) }
                return (k, maskPendingTimes(val))
            })
        default:
            return v
        }
    }

    // MARK: Display

    static func show(_ args: [[UInt8]]) -> String {
        args.map { a in
            let s = String(decoding: a, as: UTF8.self)
            return s.isEmpty || s.contains(" ") ? "\"\(s)\"" : s
        }.joined(separator: " ")
    }

    static func show(_ raw: [UInt8]) -> String {
        var s = ""
        for b in raw.prefix(600) {
            switch b {
            case 13: s += "\\r"
            case 10: s += "\\n"
            case 32...126: s.append(Character(UnicodeScalar(b)))
            default: s += "\\x" + String(b, radix: 16)
            }
        }
        return raw.count > 600 ? s + "..." : s
    }
}
