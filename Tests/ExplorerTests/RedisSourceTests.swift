import Explorer
import Foundation
import RESP
import StreamEngine
import StreamNetwork
import Testing
import TestSupport

extension RedisClient: CommandChannel {}

/// The same workload through the embedded engine and through a real redis-server:
/// both data sources must show the same streams, entries, groups, consumers and
/// pending entries (clock readings aside), so every pane works on both.
@Suite("The Redis data source against redis-server", .serialized)
struct RedisSourceTests {
    /// Explicit IDs, so both sides hold identical streams.
    static let workload: [[String]] = (0..<250).map { i in
        ["XADD", "orders", "\(1_700_000_000_000 + UInt64(i) * 400)-0", "item", "item\(i % 7)", "qty", "\(i % 3)"]
    } + (0..<40).map { i in
        ["XADD", "payments", "\(1_700_000_000_000 + UInt64(i) * 5000)-\(i % 2)", "amount", "\(i).50"]
    } + [
        ["XGROUP", "CREATE", "orders", "billing", "0"],
        ["XGROUP", "CREATE", "orders", "shipping", "1700000050000-0"],
        ["XGROUP", "CREATE", "payments", "ledger", "$"],
        ["XREADGROUP", "GROUP", "billing", "w1", "COUNT", "30", "STREAMS", "orders", ">"],
        ["XREADGROUP", "GROUP", "billing", "w2", "COUNT", "12", "STREAMS", "orders", ">"],
        ["XREADGROUP", "GROUP", "shipping", "packer", "COUNT", "5", "STREAMS", "orders", ">"],
        ["XACK", "orders", "billing", "1700000000400-0", "1700000002000-0"],
        ["XDEL", "orders", "1700000004000-0"],
        ["SET", "not-a-stream", "x"],
    ]

    final class Pair {
        let redis: RedisOracle
        let client: RedisClient
        let remote: RedisSource
        let local: EmbeddedSource
        var sent: [[String]] = []

        init() throws {
            redis = try RedisOracle()
            client = RedisClient(url: RedisURL(port: redis.port))
            remote = RedisSource(channel: client, label: "redis")
            local = EmbeddedSource(clock: ManualClock(milliseconds: 1_700_000_200_000))
            for cmd in RedisSourceTests.workload {
                _ = try redis.main.rawCommand(cmd)
                _ = try local.execute(cmd)
            }
            client.onSend = { [unowned self] args in self.sent.append(args.map { String(decoding: $0, as: UTF8.self) }) }
        }

        deinit { redis.stop() }
    }

    @Test("streams, entries, groups, consumers and pending agree")
    func sameViews() throws {
        let p = try Pair()
        let a = try p.remote.streams(), b = try p.local.streams()
        #expect(a.map(\.name) == ["orders", "payments"])
        #expect(a.map(\.length) == b.map(\.length))
        #expect(a.map(\.firstID) == b.map(\.firstID))
        #expect(a.map(\.lastID) == b.map(\.lastID))
        #expect(a.map(\.groups) == b.map(\.groups))
        #expect(a.map(\.pending) == b.map(\.pending))
        let orders = Array("orders".utf8)
        for (from, reverse, filter) in [(StreamID.zero, false, nil as String?), (StreamID(ms: 1_700_000_030_000, seq: 0), false, nil),
                                        (StreamID.zero, true, nil), (StreamID.zero, false, "item3")] {
            let x = try p.remote.entries(orders, from: from, to: .max, count: 25, reverse: reverse, filter: filter, scanLimit: 10_000)
            let y = try p.local.entries(orders, from: from, to: .max, count: 25, reverse: reverse, filter: filter, scanLimit: 10_000)
            #expect(x == y)
            #expect(x.count == 25)
        }
        let ga = try p.remote.groups(orders), gb = try p.local.groups(orders)
        #expect(ga.map(\.name) == gb.map(\.name))
        #expect(ga.map(\.pending) == gb.map(\.pending))
        #expect(ga.map(\.consumers) == gb.map(\.consumers))
        #expect(ga.map(\.lastDeliveredID) == gb.map(\.lastDeliveredID))
        #expect(ga.map(\.entriesRead) == gb.map(\.entriesRead))
        #expect(ga.map(\.lag) == gb.map(\.lag))
        #expect(ga.map(\.oldestPending) == gb.map(\.oldestPending))
        let ca = try p.remote.consumers(orders, group: "billing"), cb = try p.local.consumers(orders, group: "billing")
        #expect(ca.map(\.name) == cb.map(\.name))
        #expect(ca.map(\.pending) == cb.map(\.pending))
        let pa = try p.remote.pending(orders, group: "billing", count: 100), pb = try p.local.pending(orders, group: "billing", count: 100)
        #expect(pa.map(\.id) == pb.map(\.id))
        #expect(pa.map(\.consumer) == pb.map(\.consumer))
        #expect(pa.map(\.deliveries) == pb.map(\.deliveries))
        let range = (StreamID(ms: 1_700_000_010_000, seq: 0), StreamID(ms: 1_700_000_060_000, seq: 0))
        #expect(try p.remote.count(orders, from: range.0, to: range.1) == p.local.count(orders, from: range.0, to: range.1))
        // Histograms: sparse buckets (fewer samples than the cap) are exact.
        let ha = try p.remote.histogram(orders, fromMs: 1_700_000_000_000, toMs: 1_700_000_100_000, buckets: 20)
        let hb = try p.local.histogram(orders, fromMs: 1_700_000_000_000, toMs: 1_700_000_100_000, buckets: 20)
        #expect(ha == hb)
        #expect(p.sent.allSatisfy { $0.first != "KEYS" })  // discovery is SCAN
    }

    @Test("the explorer over Redis: claim and acknowledge through the keys, checked on the server")
    func explorerOverRedis() throws {
        let p = try Pair()
        let app = ExplorerApp(source: p.remote)
        app.resize(width: 120, height: 40)
        app.handle(.char("4"))
        let first = app.state.selectedPending!
        app.handle(.char("c"))
        for ch in "rescuer" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(app.state.status == "claimed 1 to rescuer")
        let owner = try p.redis.main.command(["XPENDING", "orders", "billing", first.description, first.description, "1"])
        #expect(RESPEncoder.encode(owner).contains(Array("rescuer".utf8)))
        app.handle(.char("x"))
        app.handle(.char("y"))
        #expect(app.state.status == "acknowledged 1")
        #expect(try p.redis.main.command(["XPENDING", "orders", "billing"]) != .array([]))
        // Dead-lettering is one MULTI/EXEC.
        app.handle(.char("L"))
        app.handle(.char("y"))
        #expect(p.sent.contains { $0 == ["MULTI"] } && p.sent.contains { $0 == ["EXEC"] })
        #expect(try p.redis.main.command(["XLEN", "orders:dead"]) == .integer(1))
    }

    @Test("read-only sends no write command, whatever keys are pressed")
    func readOnlyNeverWrites() throws {
        let p = try Pair()
        let app = ExplorerApp(source: p.remote, readOnly: true)
        app.resize(width: 120, height: 40)
        let keys: [Character] = ["4", " ", "c", "x", "L", "A", "a", "T", "3", "n", "D", "S", "X", "2", "g", "]", "[", "m", "j", "k"]
        for k in keys {
            app.handle(.char(k))
            app.handle(.char("y"))
            app.handle(.escape)
        }
        app.handle(.char(":"))
        for ch in "XACK orders billing 1700000000000-0" { app.handle(.char(ch)) }
        app.handle(.enter)
        let writes: Set<String> = ["XADD", "XACK", "XCLAIM", "XAUTOCLAIM", "XDEL", "XTRIM", "XGROUP", "XSETID", "XREADGROUP", "MULTI", "EXEC", "DEL", "SET"]
        let offending = p.sent.filter { writes.contains($0.first?.uppercased() ?? "") }
        #expect(offending.isEmpty, "sent: \(offending)")
        #expect(!p.sent.isEmpty)
    }

    @Test("read-only sends only commands the server marks readonly: every name in COMMAND LIST tried at the prompt")
    func readOnlyIsAnAllowList() throws {
        let p = try Pair()
        let app = ExplorerApp(source: p.remote, readOnly: true)
        app.resize(width: 120, height: 40)
        /// Types a line at the prompt; returns the status line it left.
        @discardableResult
        func prompt(_ line: String) -> String {
            app.handle(.char(":"))
            for ch in line { app.handle(.char(ch)) }
            app.handle(.enter)
            let status = app.state.status ?? ""
            if app.state.modal != nil { app.handle(.escape) }
            return status
        }
        // Every command and subcommand the server knows, with its flags.
        var readOnly: Set<String> = []
        var lines: [String] = []
        func visit(_ entry: RESPValue, parent: String?) {
            guard case .array(let f) = entry, f.count >= 10, case .bulkString(let n) = f[0], case .array(let flags) = f[2],
                  case .array(let subs) = f[9] else { return }
            let name = String(decoding: n, as: UTF8.self)
            if flags.contains(.simpleString("readonly")) { readOnly.insert(name) }
            if subs.isEmpty {
                lines.append(name.split(separator: "|").joined(separator: " "))
            }
            for sub in subs { visit(sub, parent: name) }
        }
        guard case .array(let all) = try p.redis.main.command(["COMMAND", "INFO"]) else {
            Issue.record("COMMAND INFO is not an array")
            return
        }
        for entry in all { visit(entry, parent: nil) }
        #expect(lines.count > 300 && readOnly.contains("xrange") && !readOnly.contains("eval"))

        prompt("PING")  // learns the server's commands before the count starts
        _ = try p.redis.main.command(["CONFIG", "RESETSTAT"])
        var refused = 0
        for line in lines + ["EVAL \"return 1\" 0", "NOSUCHCOMMAND x", "xinfo nosuch s", "HSET h f v", "UNLINK orders"] {
            if prompt(line).hasPrefix("read-only:") { refused += 1 }
        }
        guard case .bulkString(let stats) = try p.redis.main.command(["INFO", "commandstats"]) else {
            Issue.record("INFO commandstats is not a bulk string")
            return
        }
        let arrived = String(decoding: stats, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line -> String? in
            guard line.hasPrefix("cmdstat_") else { return nil }
            return String(line.dropFirst("cmdstat_".count).prefix { $0 != ":" })
        }
        // What this test's own connection sends is not the prompt's.
        let offending = arrived.filter { !readOnly.contains($0) && !["config|resetstat", "info"].contains($0) }
        #expect(offending.isEmpty, "non-readonly commands reached the server: \(offending)")
        #expect(arrived.contains("xrange") && arrived.contains("get"), "read-only commands must still be sent: \(arrived)")
        #expect(refused == lines.count + 5 - lines.filter { readOnly.contains($0.split(separator: " ").joined(separator: "|").lowercased()) }.count)
        #expect(try p.redis.main.command(["EXISTS", "h"]) == .integer(0))
        #expect(try p.redis.main.command(["EXISTS", "orders"]) == .integer(1))
    }

    @Test("a server that goes away is reported on screen, and the explorer reconnects when it is back")
    func reconnects() throws {
        let p = try Pair()
        let app = ExplorerApp(source: p.remote)
        app.resize(width: 120, height: 40)
        let port = p.redis.port
        p.client.disconnect()
        p.redis.stop()
        app.refresh()
        #expect(app.state.statusIsError)
        #expect(app.render().lines()[0].contains("disconnected"))
        // The server comes back on the same port (empty): after the backoff the
        // explorer is connected again and shows what is there now.
        let again = ChildProcess(executable: RedisOracle.findBinary()!,
                                 arguments: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        try again.run()
        defer { kill(again.processIdentifier, SIGKILL); again.waitUntilExit() }
        var back = false
        for _ in 0..<100 where !back {
            usleep(100_000)
            app.refresh()
            back = !app.render().lines()[0].contains("disconnected") && !app.state.statusIsError
        }
        #expect(back)
        #expect(app.state.streams.isEmpty)
    }

    /// A CA and a server certificate for localhost/127.0.0.1, made with openssl.
    static func makeCertificates(in dir: String) throws {
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=StreamScope test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
             "-days", "1", "-extfile", "san.ext"],
        ]
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: dir + "/san.ext", atomically: true, encoding: .utf8)
        for args in steps {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
                throw RedisOracle.Failure(description: "openssl is needed for the TLS test (apt-get install -y openssl)")
            }
            // In the certificates' directory: the arguments name their files relative to it.
            let quoted = (["/usr/bin/openssl"] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let (status, output) = try runToEnd(["/bin/sh", "-c", "cd '\(dir)' && " + quoted.joined(separator: " ")], searchPath: false)
            guard status == 0 else { throw RedisOracle.Failure(description: "openssl \(args[0]) failed: \(output)") }
        }
    }

    @Test("rediss://: verified against the test CA, refused without it, allowed with --tls-insecure")
    func tls() throws {
        let dir = NSTemporaryDirectory() + "streamscope-tls-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.makeCertificates(in: dir)
        let tlsPort = freeLoopbackPort()!
        let redis = try RedisOracle(extraArguments: ["--tls-port", String(tlsPort), "--tls-cert-file", dir + "/server.crt",
                                                     "--tls-key-file", dir + "/server.key", "--tls-ca-cert-file", dir + "/ca.crt",
                                                     "--tls-auth-clients", "no"])
        defer { redis.stop() }
        _ = try redis.main.command(["XADD", "secure", "1-0", "f", "v"])
        let url = try RedisURL.parse("rediss://127.0.0.1:\(tlsPort)")
        let trusted = RedisSource(channel: RedisClient(url: url, tls: TLSOptions(caFile: dir + "/ca.crt")), label: url.description)
        #expect(try trusted.streams().map(\.name) == ["secure"])
        let byName = RedisSource(channel: RedisClient(url: try RedisURL.parse("rediss://localhost:\(tlsPort)"), tls: TLSOptions(caFile: dir + "/ca.crt")), label: "")
        #expect(try byName.streams().map(\.name) == ["secure"])
        let untrusted = RedisClient(url: url)
        #expect(throws: (any Error).self) { try untrusted.connect() }
        #expect(untrusted.lastError?.contains("TLS") == true || untrusted.lastError?.contains("certificate") == true,
                "\(untrusted.lastError ?? "no error")")
        let insecure = RedisSource(channel: RedisClient(url: url, tls: TLSOptions(insecure: true)), label: "")
        #expect(try insecure.streams().map(\.name) == ["secure"])
    }

    @Test("URLs: user, password, host, port, database, TLS; passwords never shown")
    func urls() throws {
        let u = try RedisURL.parse("redis://alice:s%40cret@example.com:6380/2")
        #expect(u == RedisURL(host: "example.com", port: 6380, username: "alice", password: "s@cret", db: 2))
        #expect(u.description == "redis://alice@example.com:6380/2")
        #expect(try RedisURL.parse("redis://:pw@localhost").password == "pw")
        #expect(try RedisURL.parse("rediss://[::1]:7000").tls)
        #expect(throws: RedisURL.ParseError.self) { try RedisURL.parse("http://x") }
        #expect(throws: RedisURL.ParseError.self) { try RedisURL.parse("redis://h:99999") }
    }
}
