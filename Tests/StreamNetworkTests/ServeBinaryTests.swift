import Foundation
import RESP
import StreamNetwork
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `streamscope serve` executable with the tools people point at Redis:
/// redis-cli (commands and `--pipe`), redis-benchmark (every stream command) and
/// redis-py (a producer/consumer-group script). Missing tools fail, never skip.
@Suite("Serving: the streamscope serve binary with Redis's tools", .serialized)
struct ServeBinaryTests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func tool(_ name: String) throws -> String {
        guard let path = findTool(name) else {
            throw RedisOracle.Failure(description: "\(name) not found on PATH: install redis-tools (scripts/test.sh does)")
        }
        return path
    }

    @Test("redis-cli runs commands from its input and with --pipe")
    func redisCli() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let redis = try RedisOracle()
        defer { redis.stop() }
        let cli = try tool("redis-cli")
        let typed = Data("XADD s 1-0 name ada\nXLEN s\nXRANGE s - +\nFOO\nXREAD STREAMS s 0\nMULTI\nXLEN s\nEXEC\n".utf8)
        let (status, out) = try runTool(cli, ["-p", String(server.port)], stdin: typed)
        let (_, theirs) = try runTool(cli, ["-p", String(redis.port)], stdin: typed)
        #expect(status == 0)
        #expect(out == theirs && out.hasPrefix("1-0\n1\n"), "\(out)")

        var payload: [UInt8] = []
        for i in 1...10_000 {
            payload += RESPEncoder.encode(.array(["XADD", "piped", "\(i)-0", "n", "\(i)"].map { .bulk($0) }))
        }
        let (pipeStatus, pipeOut) = try runTool(cli, ["-p", String(server.port), "--pipe"], stdin: Data(payload))
        #expect(pipeStatus == 0)
        #expect(pipeOut.contains("errors: 0, replies: 10000"), "\(pipeOut)")
        let (_, len) = try runTool(cli, ["-p", String(server.port), "XLEN", "piped"])
        #expect(len == "10000\n")
    }

    @Test("redis-cli works interactively on a terminal, with its command hints")
    func redisCliInteractive() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let tmux = try tool("tmux")
        let cli = try tool("redis-cli")
        // A private tmux server, so nothing else using tmux is disturbed.
        let socket = ["-L", "streamscope-serve-\(getpid())"]
        defer { runQuietly(tmux, socket + ["kill-server"]) }
        runQuietly(tmux, socket + ["new-session", "-d", "-s", "cli", "-x", "160", "-y", "12", "\(cli) -p \(server.port)"])
        /// The screen once it shows every one of `expected` (or after 10 s, for the
        /// expectation to fail on).
        func screen(after keys: [String], showing expected: [String]) throws -> String {
            runQuietly(tmux, socket + ["send-keys", "-t", "cli"] + keys)
            var text = ""
            for _ in 0..<200 {
                text = try runTool(tmux, socket + ["capture-pane", "-t", "cli", "-p"]).1
                if expected.allSatisfy(text.contains) { break }
                usleep(50_000)
            }
            return text
        }
        // Wait for redis-cli's prompt before typing.
        var ready = false
        for _ in 0..<50 where !ready {
            ready = try runTool(tmux, socket + ["capture-pane", "-t", "cli", "-p"]).1.contains("127.0.0.1:\(server.port)>")
            if !ready { usleep(100_000) }
        }
        #expect(ready, "redis-cli showed no prompt")
        let hinted = try screen(after: ["XADD "], showing: ["XADD key [NOMKSTREAM]"])
        #expect(hinted.contains("XADD key [NOMKSTREAM]"), "\(hinted)")
        let added = try screen(after: ["s 1-1 f v", "Enter"], showing: ["\"1-1\""])
        #expect(added.contains("\"1-1\""), "\(added)")
        let answered = try screen(after: ["XLEN s", "Enter"], showing: ["(integer) 1"])
        #expect(answered.contains("\"1-1\"") && answered.contains("(integer) 1"), "\(answered)")
    }

    @Test("redis-benchmark runs every stream command without an error")
    func redisBenchmark() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let bench = try tool("redis-benchmark")
        let cli = try tool("redis-cli")
        let p = String(server.port)
        _ = try runTool(cli, ["-p", p, "XGROUP", "CREATE", "bs", "g", "0", "MKSTREAM"])
        let commands: [[String]] = [
            ["XADD", "bs", "*", "f", "v"], ["XLEN", "bs"], ["XRANGE", "bs", "-", "+", "COUNT", "10"],
            ["XREVRANGE", "bs", "+", "-", "COUNT", "10"], ["XREAD", "COUNT", "10", "STREAMS", "bs", "0"],
            ["XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "bs", ">"], ["XPENDING", "bs", "g"],
            ["XACK", "bs", "g", "0-1"], ["XCLAIM", "bs", "g", "c2", "0", "0-1"],
            ["XAUTOCLAIM", "bs", "g", "c3", "0", "0", "COUNT", "10"], ["XINFO", "STREAM", "bs"],
            ["XINFO", "GROUPS", "bs"], ["XDEL", "bs", "0-1"], ["XTRIM", "bs", "MAXLEN", "~", "1000"],
            ["XGROUP", "CREATECONSUMER", "bs", "g", "c9"], ["XSETID", "bs", "99999999999999-0"],
        ]
        for cmd in commands {
            let (status, out) = try runTool(bench, ["-p", p, "-n", "2000", "-c", "4", "-q", "-e"] + cmd)
            #expect(status == 0)
            #expect(out.contains("requests per second") && !out.contains("ERR"), "\(cmd): \(out)")
        }
    }

    @Test("redis-py runs a producer and consumer-group script unchanged, in RESP2 and RESP3")
    func redisPy() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let script = Self.packageRoot.appendingPathComponent("scripts/redis-py-check.py").path
        // scripts/test.sh names the interpreter it made sure has redis-py.
        let named = ProcessInfo.processInfo.environment["STREAMSCOPE_PYTHON"].map { [$0] } ?? []
        let pythons = named + [findTool("python3"), "/usr/bin/python3"].compactMap { $0 }
        guard let python = try pythons.first(where: { try runTool($0, ["-c", "import redis"]).0 == 0 }) else {
            Issue.record("no python3 with redis-py among \(pythons): install it with `pip install redis` or apt's python3-redis (scripts/test.sh does)")
            return
        }
        // RESP3 needs redis-py 5 or later (Debian 12's python3-redis is 4.3).
        let resp3 = try runTool(python, ["-c", "import redis,sys; sys.exit(int(redis.__version__.split('.')[0]) < 5)"]).0 == 0
        for proto in resp3 ? ["2", "3"] : ["2"] {
            let (status, out) = try runTool(python, [script, String(server.port), proto])
            #expect(status == 0 && out.contains("all checks passed"), "RESP\(proto):\n\(out)")
        }
    }

    @Test("--redis-version picks the Redis the server answers as: INFO's version and the commands it has",
          arguments: [("8", "8.10.0", true), ("8.0", "8.0.2", false), ("7.0", "7.0.15", false)])
    func redisVersion(_ argument: String, _ version: String, _ hasXDelEx: Bool) throws {
        let server = try ServeProcess(extraArguments: ["--redis-version", argument])
        defer { _ = server.stop() }
        let c = try RedisConnection(port: server.port)
        defer { c.close() }
        guard case .bulkString(let info) = try c.command(["INFO", "server"]) else { Issue.record("INFO"); return }
        #expect(String(decoding: info, as: UTF8.self).contains("redis_version:\(version)\r\n"))
        let reply = try c.rawCommand(["XDELEX", "s", "IDS", "1", "1-0"])
        #expect(reply == (hasXDelEx ? Array("*1\r\n:-1\r\n".utf8) : Array("-ERR unknown command 'XDELEX', with args beginning with: 's' 'IDS' '1' '1-0' \r\n".utf8)),
                "\(ServerPair.show(reply))")
    }

    @Test("SIGTERM and SIGINT shut the server down cleanly")
    func cleanShutdown() throws {
        for sig in [SIGTERM, SIGINT] {
            let server = try ServeProcess()
            let conn = try RedisConnection(port: server.port)
            _ = try conn.rawCommand(["XADD", "s", "1-0", "a", "b"])
            #expect(server.stop(signal: sig) == 0)
            let log = server.errors()
            #expect(log.contains("shutting down") && log.contains("stopped"), "\(log)")
            conn.close()
        }
    }

    @Test("a non-loopback bind without a password, and an unusable --data, are refused with the reason")
    func refusals() throws {
        let (status, err) = try ServeProcess.runToExit(["--bind", "0.0.0.0", "--port", "0"])
        #expect(status == 64)  // EX_USAGE, as for every command-line error
        #expect(err.contains("without a password") && err.contains("--requirepass"), "\(err)")
        // A data directory that cannot be created is refused with the reason, exit 1.
        let blocker = NSTemporaryDirectory() + "streamscope-not-a-dir-\(getpid())"
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let (dataStatus, dataErr) = try ServeProcess.runToExit(["--data", blocker + "/store"])
        #expect(dataStatus == 1)
        #expect(dataErr.contains("cannot create \(blocker)/store"), "\(dataErr)")
    }
}

/// What `streamscope serve` refuses before it opens a socket (the binary's own parsing
/// is checked in EndToEndTests/CommandLineTests).
@Suite("Serving: options")
struct ServeOptionsTests {
    @Test("defaults are Redis's port on loopback with no password, and may start")
    func defaults() {
        let o = ServeOptions()
        #expect(o.port == 6379 && o.bind == "127.0.0.1" && o.requirePass == nil && o.logLevel == .info)
        #expect(o.refusal == nil)
    }

    @Test("a non-loopback address needs a password")
    func protectedMode() {
        var o = ServeOptions()
        o.bind = "0.0.0.0"
        #expect(o.refusal?.contains("without a password") == true)
        o.requirePass = "pw"
        #expect(o.refusal == nil)
        for loopback in ["::1", "localhost", "127.0.0.2"] {
            o = ServeOptions()
            o.bind = loopback
            #expect(o.refusal == nil, "\(loopback)")
        }
    }

    @Test("a port outside 0...65535 is refused", arguments: [-1, 65536, 70000])
    func badPort(_ port: Int) {
        var o = ServeOptions()
        o.port = port
        #expect(o.refusal?.contains("--port") == true)
    }
}
