import Foundation
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real binary with `--appendfsync always`, killed with SIGKILL at random moments:
/// every change whose reply came back must be there after a restart.
@Suite("Crash safety of the real binary", .serialized)
struct CrashTests {
    static var binary: String { streamscopeBinary }

    /// CI runs a few cycles; STREAMSCOPE_CRASH_CYCLES asks for more.
    static var cycles: Int { Int(ProcessInfo.processInfo.environment["STREAMSCOPE_CRASH_CYCLES"] ?? "") ?? 6 }

    /// `streamscope prompt` over pipes: one command in, one reply line out.
    final class Prompt {
        let process: ChildProcess
        var buffer: [UInt8] = []

        init(directory: String) throws {
            guard FileManager.default.isExecutableFile(atPath: CrashTests.binary) else {
                throw StorageError("\(CrashTests.binary) is missing: build first (scripts/test.sh does)")
            }
            process = ChildProcess(executable: CrashTests.binary,
                                   arguments: ["prompt", "--empty", "--no-raw", "--data", directory, "--appendfsync", "always"],
                                   input: .pipe, output: .pipe, errors: .null)
            try process.run()
        }

        func send(_ line: String) { process.standardInput!.write(Data((line + "\n").utf8)) }

        /// The next reply's first line (replies to the commands used here are one line).
        func readLine() -> String? {
            while true {
                if let nl = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<nl], as: UTF8.self)
                    buffer.removeSubrange(...nl)
                    return line
                }
                let chunk = process.standardOutput!.availableData
                if chunk.isEmpty { return nil }
                buffer += chunk
            }
        }

        /// Sends a command followed by an ECHO marker and returns the reply's lines (nil if
        /// the process died first).
        func call(_ line: String) -> [String]? {
            send(line)
            send("ECHO __reply_end__")
            var lines: [String] = []
            while let l = readLine() {
                if l == "\"__reply_end__\"" { return lines }
                lines.append(l)
            }
            return nil
        }

        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The first `"ms-seq"` in a reply's lines.
    static func firstID(_ lines: [String]) -> String? {
        for l in lines {
            for part in l.split(separator: "\"") where part.contains("-") && part.allSatisfy({ $0.isNumber || $0 == "-" }) {
                return String(part)
            }
        }
        return nil
    }

    @Test("acknowledged XADD, XREADGROUP, XACK and XCLAIM survive SIGKILL, cycle after cycle")
    func killNine() throws {
        let dir = TempDirectory()
        var rng = SeededGenerator(seed: UInt64(ProcessInfo.processInfo.environment["STREAMSCOPE_CRASH_SEED"] ?? "") ?? 7)
        var added: [String] = []              // acknowledged entry IDs
        var acked: Set<String> = []           // acknowledged XACKs
        var owner: [String: String] = [:]     // acknowledged deliveries and claims: id → consumer
        for cycle in 0..<Self.cycles {
            let p = try Prompt(directory: dir.path)
            if cycle == 0 {
                #expect(p.call("XGROUP CREATE jobs workers $ MKSTREAM") == ["OK"])
            }
            let writes = Int.random(in: 20...120, using: &rng)
            for i in 0..<writes {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6:
                    guard let r = p.call("XADD jobs * cycle \(cycle) n \(i)"), let id = Self.firstID(r) else { break }
                    added.append(id)
                case 6, 7:
                    let who = ["alice", "bob"][Int.random(in: 0...1, using: &rng)]
                    if let r = p.call("XREADGROUP GROUP workers \(who) COUNT 1 STREAMS jobs >"), let id = Self.firstID(r) {
                        owner[id] = who
                    }
                case 8:
                    guard let id = owner.keys.sorted().first(where: { !acked.contains($0) }) else { continue }
                    if p.call("XACK jobs workers \(id)") == ["(integer) 1"] { acked.insert(id) }
                default:
                    guard let id = owner.keys.sorted().last(where: { !acked.contains($0) }) else { continue }
                    if let r = p.call("XCLAIM jobs workers rescuer 0 \(id) JUSTID"), Self.firstID(r) == id { owner[id] = "rescuer" }
                }
            }
            // More in flight, then the kill: these may or may not have landed.
            for i in 0..<Int.random(in: 0...30, using: &rng) { p.send("XADD jobs * cycle \(cycle) inflight \(i)") }
            usleep(UInt32.random(in: 0...3000, using: &rng))
            p.kill()
        }
        // The store, opened in-process after the last kill.
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer())
        defer { store.close() }
        let stream = try #require(try store.server.keyspace.stream(0, Array("jobs".utf8)))
        let present = Set(stream.range(from: .zero, to: .max).map(\.id.description))
        let missing = added.filter { !present.contains($0) }
        #expect(missing.isEmpty, "acknowledged entries lost: \(missing.prefix(5))")
        let group = try #require(stream.group(named: Array("workers".utf8)))
        for (id, who) in owner {
            let pid = try #require(StreamIDParser.parseID(Array(id.utf8), strict: true))
            let rec = group.pendingRecord(pid)
            if acked.contains(id) {
                #expect(rec == nil, "\(id) was acknowledged but is pending again")
            } else if let rec {
                #expect(String(decoding: group.owner(of: rec)?.name ?? [], as: UTF8.self) == who, "\(id) should belong to \(who)")
            } else {
                Issue.record("\(id) was delivered to \(who) but is not pending")
            }
        }
        #expect(added.count > Self.cycles * 5)
    }
}

/// The same promise over the network: `streamscope serve --data DIR --appendfsync always`,
/// written to by a client, killed with SIGKILL, restarted.
@Suite("Crash safety of streamscope serve", .serialized)
struct ServeCrashTests {
    func start(_ dir: String, port: Int) throws -> ChildProcess {
        let p = ChildProcess(executable: CrashTests.binary,
                             arguments: ["serve", "--port", String(port), "--data", dir, "--appendfsync", "always", "--log-level", "error"],
                             errors: .null)
        try p.run()
        return p
    }

    func connect(_ port: Int) throws -> RedisConnection {
        for _ in 0..<200 {
            if let c = try? RedisConnection(port: port), (try? c.rawCommand(["PING"])) == Array("+PONG\r\n".utf8) { return c }
            usleep(20_000)
        }
        throw StorageError("streamscope serve did not answer on port \(port)")
    }

    @Test("acknowledged XADDs and deliveries survive SIGKILL of the server")
    func killNine() throws {
        let dir = TempDirectory()
        var rng = SeededGenerator(seed: 21)
        var added: [String] = []
        var delivered: [String: String] = [:]
        for cycle in 0..<4 {
            let port = try #require(freeLoopbackPort())
            let server = try start(dir.path, port: port)
            defer { if server.isRunning { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() } }
            let c = try connect(port)
            if cycle == 0 { _ = try c.command(["XGROUP", "CREATE", "jobs", "w", "$", "MKSTREAM"]) }
            for i in 0..<Int.random(in: 30...90, using: &rng) {
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    let who = "c\(Int.random(in: 0..<3, using: &rng))"
                    if case .array(let streams) = try c.command(["XREADGROUP", "GROUP", "w", who, "COUNT", "1", "STREAMS", "jobs", ">"]),
                       case .array(let pair)? = streams.first, case .array(let entries) = pair[1],
                       case .array(let e)? = entries.first, case .bulkString(let id)? = e.first {
                        delivered[String(decoding: id, as: UTF8.self)] = who
                    }
                } else if case .bulkString(let id) = try c.command(["XADD", "jobs", "*", "n", "\(cycle)-\(i)"]) {
                    added.append(String(decoding: id, as: UTF8.self))
                }
            }
            // Some in flight, unread, then the kill.
            for i in 0..<Int.random(in: 0...20, using: &rng) { try c.sendCommand(["XADD", "jobs", "*", "inflight", "\(i)"].map { Array($0.utf8) }) }
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let store = try DataStore(directory: dir.path, policy: .no, server: CommandServer())
        defer { store.close() }
        let stream = try #require(try store.server.keyspace.stream(0, Array("jobs".utf8)))
        let present = Set(stream.range(from: .zero, to: .max).map(\.id.description))
        #expect(added.allSatisfy(present.contains), "lost: \(added.filter { !present.contains($0) }.prefix(5))")
        let group = try #require(stream.group(named: Array("w".utf8)))
        for (id, who) in delivered {
            let sid = try #require(StreamIDParser.parseID(Array(id.utf8), strict: true))
            let rec = try #require(group.pendingRecord(sid))
            #expect(String(decoding: group.owner(of: rec)?.name ?? [], as: UTF8.self) == who)
        }
        #expect(added.count > 40)
    }
}
