import Explorer
import Foundation
import StreamNetwork
import Testing
import TerminalUI
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The explorer on a real redis-server that is killed and started again while random
/// keys, clicks and resizes arrive, with I/O on the worker thread as `--redis` runs it:
/// nothing crashes, every frame fits, and once the server is back the explorer shows its
/// streams again. CI presses 2,000 keys; `STREAMSCOPE_RESTART_KEYS=100000` is the long run.
@Suite("Random keys while redis-server restarts", .serialized)
struct RedisRestartWalkTests {
    static var presses: Int { Int(ProcessInfo.processInfo.environment["STREAMSCOPE_RESTART_KEYS"] ?? "") ?? 2_000 }

    /// A redis-server on a fixed port that can be killed and started again with its data
    /// (append-only file in its own directory).
    final class RestartableRedis {
        let port: Int
        let directory: String
        private var process: ChildProcess?

        init() throws {
            guard let port = freeLoopbackPort() else { throw RedisOracle.Failure(description: "no free port") }
            self.port = port
            directory = NSTemporaryDirectory() + "/redis-restart-\(getpid())-\(port)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try start()
        }

        func start() throws {
            guard let binary = RedisOracle.findBinary() else { throw RedisOracle.Failure(description: "redis-server not found") }
            let p = ChildProcess(executable: binary, arguments: [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--dir", directory, "--logfile", "",
            ])
            try p.run()
            process = p
            for _ in 0..<200 {
                if let c = try? RedisConnection(port: port), (try? c.rawCommand(["PING"])) == Array("+PONG\r\n".utf8) {
                    c.close()
                    return
                }
                usleep(20_000)
            }
            throw RedisOracle.Failure(description: "redis-server did not come back on port \(port)")
        }

        func kill() {
            guard let p = process, p.isRunning else { return }
            Glibc.kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            process = nil
        }

        deinit {
            kill()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Found by the long walk: the scrubber over IDs near time 0 asked for more buckets
    /// than milliseconds, and the first bucket's end underflowed.
    @Test("a histogram over IDs at time 0, with more buckets than milliseconds, does not trap")
    func histogramAtTimeZero() throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        for i in 1...5 { _ = try redis.main.rawCommand(["XADD", "s", "\(i)-0", "f", "v"]) }
        let source = RedisSource(channel: RedisClient(url: RedisURL(port: redis.port)), label: "redis")
        let counts = try source.histogram(Array("s".utf8), fromMs: 0, toMs: 6, buckets: 40)
        #expect(counts.count == 40)
        #expect(counts.reduce(0, +) >= 5)
    }

    @Test("a server killed and restarted under random keys: no crash, frames fit, the streams come back")
    func restartsUnderRandomKeys() throws {
        let redis = try RestartableRedis()
        let seed = try RedisConnection(port: redis.port)
        for i in 1...30 { _ = try seed.rawCommand(["XADD", "orders", "\(i)-0", "item", "i\(i)"]) }
        _ = try seed.rawCommand(["XGROUP", "CREATE", "orders", "billing", "0"])
        _ = try seed.rawCommand(["XREADGROUP", "GROUP", "billing", "w1", "COUNT", "5", "STREAMS", "orders", ">"])
        seed.close()

        let effects = BackgroundEffects()
        defer { effects.stop() }
        let client = RedisClient(url: RedisURL(port: redis.port), timeoutMs: 300)
        let app = ExplorerApp(source: RedisSource(channel: client, label: "redis"), effects: effects)
        var size = (120, 40)
        app.resize(width: size.0, height: size.1)
        var rng = SeededGenerator(seed: 7)
        var down = false
        var restarts = 0
        for step in 0..<Self.presses {
            // Killed every 500 presses, back 150 presses later.
            if step % 500 == 250 && !down { redis.kill(); down = true }
            if step % 500 == 400 && down { try redis.start(); down = false; restarts += 1 }
            var key = RandomKeysTests.keys[Int.random(in: 0..<RandomKeysTests.keys.count, using: &rng)]
            if key == .char("q") || key == .char("Q") { key = .char("j") }
            if key == .resize {
                size = (Int.random(in: 20...200, using: &rng), Int.random(in: 5...70, using: &rng))
                app.resize(width: size.0, height: size.1)
            } else if Int.random(in: 0..<20, using: &rng) == 0 {
                app.handle(.mouse(MouseEvent(kind: .press, x: Int.random(in: 0..<size.0, using: &rng),
                                             y: Int.random(in: 0..<size.1, using: &rng))))
            } else {
                app.handle(key)
            }
            // Modal forms and prompts would swallow the rest of the walk's keys in text.
            if step % 40 == 0 { app.handle(.escape); app.handle(.escape) }
            app.tick()
            let frame = app.render()
            #expect(frame.width == size.0 && frame.height == size.1)
        }
        #expect(restarts >= 1 || Self.presses < 400)
        if down { try redis.start() }
        // Back up: within a few seconds a refresh shows the stream again.
        for _ in 0..<3 { app.handle(.escape) }
        var seen = false
        for _ in 0..<100 where !seen {
            app.refresh()
            usleep(50_000)
            app.tick()
            seen = app.state.streams.contains { $0.name.description == "orders" }
        }
        #expect(seen, "after the restarts the explorer never showed 'orders' again (status: \(app.state.status))")
    }
}
