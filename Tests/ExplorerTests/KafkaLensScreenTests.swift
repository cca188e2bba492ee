@testable import Explorer
import Lessons
import TerminalUI
import Testing

/// The Kafka lens on the lesson screen (`K`).
@Suite("The Kafka lens on the lesson screen")
struct KafkaLensScreenTests {
    func app(_ lesson: String, width: Int, height: Int) throws -> LessonApp {
        let app = LessonApp(runner: try LessonRunner(lesson: LessonCatalog.lesson(named: lesson)))
        app.resize(width: width, height: height)
        app.handle(.char(" "))  // past the first chapter's introduction
        return app
    }

    func text(_ app: LessonApp) -> String { app.render().lines().joined(separator: "\n") }

    @Test("K puts Kafka beside Redis when wide, and K again takes it away")
    func sideBySide() throws {
        let app = try app("rebalancing", width: 200, height: 60)
        _ = app.runner.advance(byMs: 10_000)
        #expect(!text(app).contains("Kafka · orders"))
        app.handle(.char("K"))
        #expect(app.showingKafka)
        let wide = text(app)
        #expect(wide.contains("┌ orders · "), "the Redis tape on the left")
        #expect(wide.contains("Kafka · orders · 6 partitions · billing: Stable (generation 1)"))
        #expect(wide.contains("a model of the protocol, not a broker · Kafka 4.4 · range (eager)"))
        #expect(wide.contains("What happens (each event, and the Redis command behind it)"))
        #expect(wide.contains("On the Kafka side (each event, and the protocol step behind it)"))
        let rows = app.render().lines()
        #expect(rows[1].hasPrefix("┌ orders") && rows[1].contains("┐┌ Kafka"), "two panes on one row")
        app.handle(.char("K"))
        #expect(!text(app).contains("Kafka · orders"))
    }

    @Test("narrow, the lens takes the Redis view's place and says how to get both")
    func narrow() throws {
        let app = try app("rebalancing", width: 80, height: 24)
        _ = app.runner.advance(byMs: 10_000)
        app.handle(.char("K"))
        let screen = text(app)
        #expect(screen.contains("Kafka · orders"))
        #expect(!screen.contains("┌ orders · "))
        #expect(screen.contains("from 160 columns they sit side by side"))
    }

    @Test("after the crash and the session timeout the lens shows the pause and the rebalance")
    func rebalanceShows() throws {
        let app = try app("rebalancing", width: 200, height: 60)
        app.handle(.char("K"))
        var seenPause = false
        for _ in 0..<2_000 where app.runner.elapsedMs < 75_000 && !app.runner.isFinished {
            if let cp = app.runner.pendingCheckpoint { _ = app.runner.answer(cp.correct) }
            _ = app.runner.advance(byMs: 500)
            if text(app).contains("❚❚") { seenPause = true }
        }
        #expect(seenPause, "worker-2's partitions show their pause")
        let screen = text(app)
        #expect(screen.contains("rebalance 2 "))
        #expect(screen.contains("(worker-2's session expired)"))
        #expect(screen.contains("Kafka: 3 processed twice"))
    }

    @Test("frames fit from 40×12 to 200×60 with the lens on, in a lesson without a kafka section too")
    func framesFit() throws {
        for lesson in ["crash", "rebalancing"] {
            for (w, h) in [(40, 12), (60, 16), (80, 24), (159, 40), (160, 40), (200, 60)] {
                let app = try app(lesson, width: w, height: h)
                _ = app.runner.advance(byMs: 15_000)
                app.handle(.char("K"))
                let buf = app.render()
                #expect(buf.width == w && buf.height == h)
                #expect(buf.lines().allSatisfy { DisplayWidth.of($0) <= w })
            }
        }
    }
}
