import RESP
import StreamCommands
import StreamEngine

/// An engine in one dialect with a hand-moved clock, driven by command lines split on
/// spaces, with small readers for the replies the Redis 8.2+ tests look at.
final class DialectEngine {
    let clock = ManualClock(milliseconds: 1_000_000)
    let server: CommandServer
    var session = CommandSession()

    init(_ dialect: RedisDialect = .redis8) {
        server = CommandServer(clock: clock)
        server.keyspace.dialect = dialect
    }

    @discardableResult
    func run(_ line: String) -> RESPValue {
        server.execute(line.split(separator: " ").map { Array($0.utf8) }, session: &session)
    }

    @discardableResult
    func run(_ words: [[UInt8]]) -> RESPValue { server.execute(words, session: &session) }

    /// Moves the clock on by `ms`.
    func wait(_ ms: UInt64) { clock.set(clock.nowMilliseconds() + ms) }

    func error(_ line: String) -> String? {
        if case .error(let e) = run(line) { return e }
        return nil
    }
    func integer(_ line: String) -> Int64? {
        if case .integer(let v) = run(line) { return v }
        return nil
    }
    /// A bulk or simple string reply as text (an ID, OK).
    func text(_ line: String) -> String? {
        switch run(line) {
        case .bulkString(let b): return String(decoding: b, as: UTF8.self)
        case .simpleString(let s): return s
        default: return nil
        }
    }
    /// The IDs an XRANGE returns.
    func ids(_ key: String) -> [String] {
        guard case .array(let rows) = run("XRANGE \(key) - +") else { return [] }
        return rows.compactMap { row in
            guard case .array(let f) = row, case .bulkString(let id)? = f.first else { return nil }
            return String(decoding: id, as: UTF8.self)
        }
    }
    func pendingCount(_ key: String, _ group: String) -> Int64? {
        guard case .array(let a) = run("XPENDING \(key) \(group)"), case .integer(let n)? = a.first else { return nil }
        return n
    }
    /// A field of a flat field/value reply (XINFO STREAM), by name.
    func field(_ name: String, of line: String) -> RESPValue? {
        let reply = run(line)
        if case .map(let pairs) = reply {
            return pairs.first { $0.0 == .bulkString(Array(name.utf8)) || $0.0 == .simpleString(name) }?.1
        }
        guard case .array(let f) = reply else { return nil }
        var i = 0
        while i + 1 < f.count {
            if f[i] == .bulkString(Array(name.utf8)) || f[i] == .simpleString(name) { return f[i + 1] }
            i += 2
        }
        return nil
    }
    func intField(_ name: String, of line: String) -> Int64? {
        if case .integer(let v)? = field(name, of: line) { return v }
        return nil
    }
    /// The stream's broken invariants (empty when sound; one line when it is missing).
    func invariants(_ key: String) -> [String] {
        guard let s = try? server.keyspace.stream(0, Array(key.utf8)) else { return ["no stream \(key)"] }
        return s.invariantViolations()
    }
}
