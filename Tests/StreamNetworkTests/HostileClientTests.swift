import Foundation
import RESP
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile clients against the real `streamscope serve` while honest ones work: random
/// and mutated frames, oversized and negative lengths, nested arrays, frames cut short,
/// drip-fed bytes, and more connections than `maxclients` allows. The server must stay
/// up, the honest producer and consumer must see correct replies throughout, and its
/// memory must come back near where it was once the hostile clients have gone.
///
/// CI sends `STREAMSCOPE_HOSTILE_FRAMES` frames (20,000 by default); the README's long
/// run sends 1,000,000.
@Suite("Serving: hostile clients beside honest ones", .serialized)
struct HostileClientTests {
    static var frameBudget: Int {
        Int(ProcessInfo.processInfo.environment["STREAMSCOPE_HOSTILE_FRAMES"] ?? "") ?? 20_000
    }

    /// Seeded hostile frames, one kind at a time.
    struct FrameMaker {
        var rng: SeededGenerator
        init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }

        /// A well-formed request for a stream command with random arguments.
        mutating func valid() -> [UInt8] {
            let key = "h\(int(0...3))"
            let words: [String]
            switch int(0...6) {
            case 0: words = ["XADD", key, "*", "f", String(int(0...99_999))]
            case 1: words = ["XRANGE", key, "-", "+", "COUNT", String(int(-5...50))]
            case 2: words = ["XREADGROUP", "GROUP", "g", "c", "COUNT", "3", "STREAMS", key, ">"]
            case 3: words = ["XGROUP", "CREATE", key, "g", "$", "MKSTREAM"]
            case 4: words = ["XTRIM", key, "MAXLEN", "~", String(int(0...100))]
            case 5: words = ["NOSUCH\(int(0...9))", key]
            default: words = ["XADD", key, "\(int(0...5))-\(int(0...5))", "f", "v"]
            }
            var out = Array("*\(words.count)\r\n".utf8)
            for w in words { out += Array("$\(w.utf8.count)\r\n\(w)\r\n".utf8) }
            return out
        }

        mutating func next() -> [UInt8] {
            switch int(0...9) {
            case 0: return Array("*2\r\n$4\r\nPING\r\n$\(int(1 << 29...Int(Int32.max)))\r\n".utf8)  // oversized bulk
            case 1: return Array("*\(int(-1_000...(-2)))\r\n".utf8)  // negative count
            case 2: return Array("*1\r\n$\(int(-1_000...(-2)))\r\n".utf8)  // negative bulk length
            case 3:  // arrays inside a request
                let depth = int(2...2_000)
                return Array(String(repeating: "*1\r\n", count: depth).utf8) + Array("$4\r\nPING\r\n".utf8)
            case 4: return bytes(int(1...512))
            case 5:  // a valid frame, mutated
                var f = valid()
                for _ in 0..<int(1...4) {
                    let at = int(0...(f.count - 1))
                    switch int(0...2) {
                    case 0: f[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: f.insert(UInt8.random(in: 0...255, using: &rng), at: at)
                    default: if f.count > 1 { f.remove(at: at) }
                    }
                }
                return f
            case 6: return Array("*\(int(1...1_000_000))\r\n".utf8)  // a count with nothing after it
            case 7: return Array("XADD \"unclosed \(int(0...9)) f v\r\n".utf8)  // inline, bad quotes
            case 8: return [UInt8](repeating: UInt8(ascii: "a"), count: int(1...70_000))  // inline line with no end
            default: return valid()
            }
        }
    }

    /// An honest producer and consumer on `orders`, checking every reply as they go.
    final class HonestClients: @unchecked Sendable {
        let port: Int
        private let lock = NSLock()
        private var stopped = false
        private(set) var produced: [String] = []
        private(set) var consumed: [String] = []
        private(set) var problems: [String] = []
        private let done = DispatchGroup()

        init(port: Int) { self.port = port }

        var isStopped: Bool { lock.withLock { stopped } }
        func note(_ p: String) { lock.withLock { if problems.count < 20 { problems.append(p) } } }

        func start() throws {
            let setup = try RedisConnection(port: port)
            _ = try setup.rawCommand(["XGROUP", "CREATE", "orders", "g", "$", "MKSTREAM"])
            setup.close()
            done.enter()
            Thread.detachNewThread { [self] in
                defer { done.leave() }
                do {
                    let c = try RedisConnection(port: port)
                    var i = 0
                    while !isStopped {
                        i += 1
                        guard case .bulkString(let id) = try c.command(["XADD", "orders", "*", "n", String(i)]) else {
                            note("XADD \(i) was not answered with an ID"); return
                        }
                        lock.withLock { produced.append(String(decoding: id, as: UTF8.self)) }
                        usleep(500)
                    }
                    c.close()
                } catch { note("producer: \(error)") }
            }
            done.enter()
            Thread.detachNewThread { [self] in
                defer { done.leave() }
                do {
                    let c = try RedisConnection(port: port)
                    var quietRounds = 0
                    while quietRounds < 3 {
                        if isStopped { quietRounds += 1 }
                        let reply = try c.command(["XREADGROUP", "GROUP", "g", "c", "COUNT", "50", "BLOCK", "50", "STREAMS", "orders", ">"])
                        guard case .array(let streams) = reply, case .array(let pair)? = streams.first,
                              case .array(let entries) = pair[1] else {
                            if reply != .nullArray { note("XREADGROUP answered \(reply)") }
                            continue
                        }
                        var ids: [[UInt8]] = []
                        for e in entries {
                            guard case .array(let f) = e, case .bulkString(let id) = f[0] else { note("bad entry \(e)"); continue }
                            ids.append(id)
                        }
                        let acked = try c.command(["XACK", "orders", "g"] + ids.map { String(decoding: $0, as: UTF8.self) })
                        if acked != .integer(Int64(ids.count)) { note("XACK of \(ids.count) answered \(acked)") }
                        lock.withLock { consumed += ids.map { String(decoding: $0, as: UTF8.self) } }
                    }
                    c.close()
                } catch { note("consumer: \(error)") }
            }
        }

        func stop() {
            lock.withLock { stopped = true }
            done.wait()
        }
    }

    /// Sends `frame` on a fresh socket, reads what comes back for a moment, and leaves.
    static func hit(port: Int, frames: [[UInt8]], drip: Bool) {
        guard let c = try? RedisConnection(port: port) else { return }
        defer { c.close() }
        for f in frames {
            if drip {
                for b in f.prefix(64) {
                    if (try? c.send([b])) == nil { return }
                    usleep(200)
                }
            } else if (try? c.send(f)) == nil {
                return
            }
        }
        _ = try? c.readRaw(timeoutMs: 5)
    }

    @Test("hostile frames never stop the server, honest clients stay correct, memory comes back")
    func hostileBesideHonest() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let pid = server.process.processIdentifier
        let honest = HonestClients(port: server.port)
        try honest.start()

        // Warm the allocator up with one hostile round before the baseline.
        var maker = FrameMaker(seed: 42)
        for _ in 0..<50 { Self.hit(port: server.port, frames: (0..<20).map { _ in maker.next() }, drip: false) }
        usleep(200_000)
        let before = try #require(HostileNameTests.residentKiB(pid))

        // The hostile phase: bursts on short-lived connections, four at a time, with a
        // drip-fed connection now and then.
        let budget = Self.frameBudget
        var sent = 0
        var batch = 0
        while sent < budget {
            var work: [[[UInt8]]] = []
            for _ in 0..<4 {
                let n = min(maker.int(1...60), budget - sent)
                if n <= 0 { break }
                work.append((0..<n).map { _ in maker.next() })
                sent += n
            }
            let drip = batch % 50 == 49
            let port = server.port, round = work
            DispatchQueue.concurrentPerform(iterations: round.count) { i in
                Self.hit(port: port, frames: round[i], drip: drip && i == 0)
            }
            batch += 1
        }

        // More connections than maxclients: the extra ones are refused, the rest served.
        let admin = try RedisConnection(port: server.port)
        _ = try admin.rawCommand(["CONFIG", "SET", "maxclients", "40"])
        var crowd: [RedisConnection] = []
        var refused = 0
        for _ in 0..<60 {
            guard let c = try? RedisConnection(port: server.port) else { refused += 1; continue }
            if let r = try? c.rawCommand(["PING"]), r == Array("-ERR max number of clients reached\r\n".utf8) {
                refused += 1
                c.close()
            } else {
                crowd.append(c)
            }
        }
        #expect(refused > 0 && !crowd.isEmpty, "maxclients 40: \(crowd.count) served, \(refused) refused")
        for c in crowd { c.close() }
        _ = try admin.rawCommand(["CONFIG", "SET", "maxclients", "10000"])

        honest.stop()
        #expect(honest.problems.isEmpty, "\(honest.problems)")
        // Every acknowledged XADD is there, in order, and the consumer got each once.
        guard case .integer(let length) = try admin.command(["XLEN", "orders"]) else { Issue.record("XLEN"); return }
        #expect(Int(length) == honest.produced.count)
        #expect(honest.consumed == honest.produced, "consumed \(honest.consumed.count) of \(honest.produced.count)")
        #expect(try admin.rawCommand(["XPENDING", "orders", "g"]).starts(with: Array("*4\r\n:0\r\n".utf8)))
        #expect(try admin.rawCommand(["PING"]) == Array("+PONG\r\n".utf8))
        admin.close()

        usleep(300_000)
        let after = try #require(HostileNameTests.residentKiB(pid))
        #expect(sent == budget)
        // The honest stream keeps its entries (tens of bytes each); the rest must go.
        #expect(after - before < 32 * 1024, "RSS \(before) KiB before the hostile phase, \(after) KiB after \(sent) frames")
        print("hostile clients: \(sent) frames on \(batch * 4) connections; RSS \(before) -> \(after) KiB; honest: \(honest.produced.count) added, \(honest.consumed.count) read and acknowledged")
    }
}
