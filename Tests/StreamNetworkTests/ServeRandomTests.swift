import Foundation
import Testing
import TestSupport

/// Seeded random sessions: several clients interleave stream commands, transactions,
/// protocol switches and blocking reads on redis-server and on our server; every reply,
/// and whether each blocked client is still waiting, must agree.
/// `STREAMSCOPE_SERVE_SEQUENCES` and `STREAMSCOPE_SERVE_SEED` change how many sessions
/// run and from which seed.
@Suite("Serving: seeded random sessions against redis-server", .serialized)
struct ServeRandomTests {
    static let clients = 3
    static let keys = ["s1", "s2", "s3"]
    /// Commands that can end a blocked read.
    static let wakers: Set<String> = ["XADD", "DEL", "SET", "RENAME", "EXEC", "XGROUP"]

    @Test("random multi-client sessions match redis-server")
    func randomSessions() throws {
        let env = ProcessInfo.processInfo.environment
        let sessions = Int(env["STREAMSCOPE_SERVE_SEQUENCES"] ?? "") ?? 20
        let seed = UInt64(env["STREAMSCOPE_SERVE_SEED"] ?? "") ?? 20261125
        let pair = try ServerPair(clients: Self.clients + 1)
        defer { pair.stop() }
        for n in 0..<sessions {
            var rng = SeededGenerator(seed: seed &+ UInt64(n))
            try pair.reconnectAll()
            try runSession(pair, &rng)
            if !pair.mismatches.isEmpty {
                Issue.record("session \(n) (seed \(seed &+ UInt64(n))) differs:\n\(pair.report)")
                return
            }
        }
    }

    /// One session on fresh connections: FLUSHALL, then 40 to 80 steps; blocked clients
    /// are woken or left waiting and compared each step. At the end a control connection
    /// (never blocked) releases every waiter: DEL wakes group readers, XADD plain
    /// readers, in both databases the clients use.
    func runSession(_ pair: ServerPair, _ rng: inout SeededGenerator) throws {
        var gen = StepGenerator()
        var blocked = Set<Int>()
        let control = Self.clients
        try pair.send(control, ["FLUSHALL"])
        for c in 0..<Self.clients {
            try pair.send(c, ["HELLO", Bool.random(using: &rng) ? "3" : "2"])
        }
        for _ in 0..<Int.random(in: 40...80, using: &rng) {
            let free = (0..<Self.clients).filter { !blocked.contains($0) }
            guard let c = free.randomElement(using: &rng) else { break }
            let cmd = gen.next(&rng)
            let reply = try pair.send(c, cmd, waitMs: cmd.contains("BLOCK") ? 100 : 2000)
            if reply == ServerPair.blocked { blocked.insert(c); continue }
            // After anything that could wake a waiter, compare whether each one woke. A
            // woken reply is written before the waker's own reply, so a short wait suffices.
            guard Self.wakers.contains(cmd[0]) else { continue }
            try collectWoken(pair, &blocked, waitMs: 40)
        }
        for db in ["1", "0"] where !blocked.isEmpty {
            try pair.send(control, ["SELECT", db])
            for key in Self.keys {
                try pair.send(control, ["DEL", key])
                try pair.send(control, ["XADD", key, "\(gen.nextID + 1000)-0", "end", "1"])
            }
            try collectWoken(pair, &blocked, waitMs: 100)
        }
    }

    func collectWoken(_ pair: ServerPair, _ blocked: inout Set<Int>, waitMs: Int32) throws {
        for b in blocked.sorted() {
            if try pair.collect(b, waitMs: waitMs) != ServerPair.blocked { blocked.remove(b) }
        }
    }
}

/// Commands for the random sessions: explicit IDs (so both servers agree without
/// clock masking), errors included, groups, transactions and blocking reads.
struct StepGenerator {
    var nextID = 1
    var inMulti = false

    mutating func next(_ rng: inout SeededGenerator) -> [String] {
        let key = ServeRandomTests.keys.randomElement(using: &rng)!
        let count = String(Int.random(in: 1...5, using: &rng))
        func id(_ rng: inout SeededGenerator) -> String { "\(Int.random(in: 0...nextID, using: &rng))-\(Int.random(in: 0...2, using: &rng))" }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<22:
            // Mostly increasing IDs, sometimes a stale one (an error).
            if Int.random(in: 0..<8, using: &rng) > 0 { nextID += Int.random(in: 1...3, using: &rng) }
            var cmd = ["XADD", key]
            if Int.random(in: 0..<6, using: &rng) == 0 { cmd += ["MAXLEN", count] }
            return cmd + ["\(nextID)-0", "f", String(nextID), "g", "x"]
        case 22..<30: return ["XRANGE", key, "-", "+", "COUNT", count]
        case 30..<35: return ["XREVRANGE", key, "+", "-", "COUNT", count]
        case 35..<39: return ["XLEN", key]
        case 39..<42: return ["XDEL", key, id(&rng)]
        case 42..<44: return ["XTRIM", key, "MAXLEN", count]
        case 44..<49: return ["XGROUP", "CREATE", key, "g", "0", "MKSTREAM"]
        case 49..<56: return ["XREADGROUP", "GROUP", "g", "c\(Int.random(in: 1...2, using: &rng))", "COUNT", count, "STREAMS", key, ">"]
        case 56..<59: return ["XACK", key, "g", id(&rng)]
        case 59..<62: return ["XPENDING", key, "g"]
        case 62..<66: return ["XREAD", "COUNT", count, "STREAMS", key, id(&rng)]
        case 66..<72: return ["XREAD", "BLOCK", "0", "STREAMS", key, "$"]
        case 72..<77: return ["XREADGROUP", "GROUP", "g", "c\(Int.random(in: 1...3, using: &rng))", "BLOCK", "0", "STREAMS", key, ">"]
        case 77..<79: return ["DEL", key]
        case 79..<80: return ["XGROUP", "DESTROY", key, "g"]
        case 80..<82: return ["EXISTS", key]
        case 82..<84: return ["TYPE", key]
        case 84..<86: return ["SET", key, "string"]
        case 86..<90:
            inMulti.toggle()
            return [inMulti ? "MULTI" : (Int.random(in: 0..<4, using: &rng) == 0 ? "DISCARD" : "EXEC")]
        case 90..<92: return ["WATCH", key]
        case 92..<93: return ["UNWATCH"]
        case 93..<95: return ["PING"]
        case 95..<97: return ["HELLO", Bool.random(using: &rng) ? "3" : "2"]
        case 97..<98: return ["SELECT", String(Int.random(in: 0...1, using: &rng))]
        default: return ["RENAME", key, ServeRandomTests.keys.randomElement(using: &rng)!]
        }
    }
}
