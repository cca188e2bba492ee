import Explorer
import Foundation
import Lessons
import RESP
import StreamCommands
import StreamNetwork
import TerminalUI
import Testing
import TestSupport

/// The explorer's and the lesson's loops on a scripted terminal: what the executable
/// runs on the real one.
@Suite("Run loops")
struct RunLoopTests {
    @Test("the explorer's loop draws each turn, hands keys and resizes to the app, runs every step through the engine, and quits on q")
    func explorerLoop() {
        let h = Harness()
        let terminal = ScriptedTerminal(keys: [.char("3"), nil, .resize, .char("q")], readLimit: 50)
        var steps = 0
        ExplorerRunLoop(app: h.app, engine: { body in steps += 1; body() }).run(on: terminal)
        #expect(h.app.shouldQuit)
        #expect(terminal.reads == 4, "the loop went on after q")
        #expect(terminal.frames.count == 4)
        #expect(h.app.state.focus == .groups)
        #expect(h.app.width == 80 && h.app.height == 20)
        #expect(terminal.frames.last?.count == 20, "the last frame was not drawn at the new size")
        // Per turn: a frame, a quit check and a tick, and one for each key; plus the first.
        #expect(steps == 1 + 4 * 3 + 3 + 1)
    }

    @Test("a termination signal ends the explorer's loop without q")
    func explorerInterrupted() {
        let h = Harness()
        let terminal = ScriptedTerminal(keys: [nil, nil], readLimit: 2)
        ExplorerRunLoop(app: h.app).run(on: terminal)
        #expect(!h.app.shouldQuit)
        #expect(terminal.reads == 2)
    }

    @Test("with the engine listening, a Redis client's entries appear while the explorer runs, and its append wakes a blocked reader")
    func explorerWhileListening() throws {
        let source = EmbeddedSource()
        let engine = try ListeningEngine(commands: source.server, at: ListenAddress(host: "127.0.0.1", port: 0))
        defer { engine.shutdown() }
        let app = ExplorerApp(source: source)
        let producer = try RedisConnection(port: engine.port)
        defer { producer.close() }
        let reader = try RedisConnection(port: engine.port)
        defer { reader.close() }
        let terminal = ScriptedTerminal(keys: [], readLimit: 2_000)
        var phase = 0
        var typing: [Key] = []
        terminal.beforeRead = { t in
            if !typing.isEmpty { return typing.removeFirst() }
            switch phase {
            case 0:
                _ = try? producer.rawCommand(["XADD", "outside", "1-0", "source", "redis-client"])
                phase = 1
            case 1 where t.showing("redis-client"):
                // Seen on the screen; now a reader waits for the next entry, and the
                // explorer appends it.
                try? reader.sendCommand(["XREAD", "BLOCK", "0", "STREAMS", "outside", "$"].map { Array($0.utf8) })
                phase = 2
            case 2 where (try? producer.rawCommand(["INFO", "clients"]))
                    .map({ String(decoding: $0, as: UTF8.self).contains("blocked_clients:1") }) == true:
                phase = 3
                return .char("a")
            case 3 where t.showing("Append to outside"):
                phase = 4
                typing = "source=explorer".map { Key.char($0) } + [.enter, .char("q")]
                return typing.removeFirst()
            default:
                break
            }
            usleep(5_000)
            return nil
        }
        ExplorerRunLoop(app: app, engine: { body in try? engine.run(body) }).run(on: terminal)
        #expect(phase == 4, "stopped in phase \(phase):\n\(terminal.frames.last?.joined(separator: "\n") ?? "")")
        #expect(app.shouldQuit)
        let woken = try #require(try reader.readRaw(timeoutMs: 5_000), "the explorer's append did not wake the reader")
        #expect(String(decoding: woken, as: UTF8.self).contains("explorer"))
    }

    @Test("the lesson's loop moves the lesson by the time its clock says passed, and quits on q")
    func lessonLoop() throws {
        let app = LessonApp(runner: try LessonRunner(lesson: LessonCatalog.lesson(named: "crash")))
        var now: UInt64 = 5_000
        // Space leaves the chapter's introduction and plays; then three turns without a key.
        let terminal = ScriptedTerminal(keys: [.char(" "), nil, nil, nil, .char("q")], readLimit: 50)
        LessonRunLoop(app: app, clock: { now += 1_000; return now }).run(on: terminal)
        #expect(app.shouldQuit)
        #expect(terminal.reads == 5)
        #expect(terminal.frames.count == 5)
        // Played at 1x for at least four turns of a clock second each.
        #expect(app.runner.elapsedMs >= 4_000, "\(app.runner.elapsedMs)")
    }

    @Test("behind the wall clock the lesson's loop polls keys without waiting and draws about once a frame, not after every slice")
    func lessonLoopCatchingUp() throws {
        let app = LessonApp(runner: try LessonRunner(lesson: busyLesson(consumers: 0)))
        var now: UInt64 = 5_000
        // Space plays; six + make it 100x; then turns without a key, then q. Each turn is
        // 10 ms of the loop's clock: a simulated second of 10,000 entries at 100x, more than
        // a 3 ms slice plays, so the loop falls behind and stays there.
        let keys: [Key?] = [.char(" ")] + Array(repeating: .char("+"), count: 6) + Array(repeating: nil, count: 200) + [.char("q")]
        let terminal = ScriptedTerminal(keys: keys, readLimit: 300)
        LessonRunLoop(app: app, clock: { now += 10; return now }).run(on: terminal)
        #expect(app.shouldQuit)
        #expect(app.speed == 100)
        #expect(terminal.reads == keys.count)
        #expect(terminal.timeouts.prefix(7).allSatisfy { $0 == 33 })
        #expect(terminal.timeouts.suffix(150).allSatisfy { $0 == 0 }, "\(terminal.timeouts.suffix(150))")
        // A frame each 33 ms of the clock: about one turn in four, and one after each key.
        #expect(terminal.frames.count < keys.count / 2, "\(terminal.frames.count) frames in \(keys.count) turns")
        #expect(terminal.frames.count > keys.count / 6)
    }
}
