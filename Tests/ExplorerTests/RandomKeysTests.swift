import Explorer
import Lessons
import Foundation
import StreamEngine
import Testing
import TerminalUI
import TestSupport

/// Whatever a user presses, in whatever order, at whatever size: the explorer never
/// crashes, every frame fits the screen, and the engine stays consistent.
@Suite("Random key sequences")
struct RandomKeysTests {
    static let keys: [Key] = {
        var k: [Key] = [.enter, .escape, .backspace, .delete, .tab, .backTab, .up, .down, .left, .right,
                        .pageUp, .pageDown, .home, .end, .ctrl("a"), .ctrl("e"), .ctrl("u"), .ctrl("w"), .resize]
        for c in "yYyqQ?:/gGfFtTdDaAcCxXLlnNsSuUvVmM[]{}jk1234 -=*0123456789~()\"'\\é日" { k.append(.char(c)) }
        return k
    }()

    /// Eight seeds in the suite; STREAMSCOPE_KEY_SEEDS=N runs N (from 1).
    static var seeds: [UInt64] {
        let n = Int(ProcessInfo.processInfo.environment["STREAMSCOPE_KEY_SEEDS"] ?? "") ?? 8
        return (1...UInt64(max(1, n))).map { $0 }
    }

    @Test("no key sequence crashes the explorer or breaks the engine, and the walks do write")
    func randomKeys() throws {
        var commands = 0
        for seed in Self.seeds { commands += try walk(seed: seed) }
        // Between them the walks changed data through the explorer, not only browsed.
        #expect(commands >= Self.seeds.count, "only \(commands) commands in \(Self.seeds.count) walks")
    }

    /// One seeded walk of 1,500 presses; returns how many commands it ran.
    func walk(seed: UInt64) throws -> Int {
        var rng = SeededGenerator(seed: seed)
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let source = EmbeddedSource(clock: LiveClock(wall: clock))
        let demo = try #require(try LiveLesson.demo(on: source))
        let app = ExplorerApp(source: source, readOnly: seed % 4 == 0, demo: demo)
        var size = (120, 40)
        app.resize(width: size.0, height: size.1)
        for step in 0..<1500 {
            var key = Self.keys[Int.random(in: 0..<Self.keys.count, using: &rng)]
            // Quitting would end the session early; Ctrl-C and q still get tried now and then.
            if key == .char("q") && step % 300 != 0 { key = .char("j") }
            if key == .resize {
                size = (Int.random(in: 20...200, using: &rng), Int.random(in: 5...70, using: &rng))
                app.resize(width: size.0, height: size.1)
            } else if Int.random(in: 0..<20, using: &rng) == 0 {
                let x = Int.random(in: 0..<size.0, using: &rng), y = Int.random(in: 0..<size.1, using: &rng)
                let kinds: [MouseEvent.Kind] = [.press, .wheelUp, .wheelDown]
                app.handle(.mouse(MouseEvent(kind: kinds[Int.random(in: 0..<3, using: &rng)], x: x, y: y)))
            } else {
                app.handle(key)
            }
            if app.shouldQuit { break }
            clock.advance(by: UInt64(Int.random(in: 0...400, using: &rng)))
            app.tick()
            let frame = app.render()
            // Every line fits, and wide glyphs are whole: a two-column cell is followed by
            // its continuation, and no continuation stands alone.
            var broken: (Int, Int)?
            for y in 0..<frame.height where broken == nil {
                for x in 0..<frame.width {
                    let cell = frame[x, y]
                    let whole = cell.width == 2 ? x + 1 < frame.width && frame[x + 1, y].isContinuation
                        : !cell.isContinuation || (x > 0 && frame[x - 1, y].width == 2)
                    if !whole { broken = (x, y); break }
                }
            }
            #expect(broken == nil, "a wide glyph cut, or a lone continuation cell, at \(broken.map { "\($0)" } ?? "")")
            if step % 100 == 0 {
                for db in source.keyspace.databases {
                    for (key, value) in db.values {
                        guard case .stream(let s) = value else { continue }
                        let problems = s.invariantViolations(config: source.keyspace.config)
                        #expect(problems.isEmpty, "\(String(decoding: key, as: UTF8.self)): \(problems)")
                    }
                }
            }
        }
        return app.state.commandLog.count
    }
}
