@testable import Explorer
import Lessons
import RESP
import TerminalUI
import Testing

/// The lesson screen driven by keys and simulated wall time, read back as text.
@Suite("The lesson screen")
struct LessonScreenTests {
    func app(width: Int = 80, height: Int = 24) throws -> LessonApp {
        let app = LessonApp(runner: try LessonRunner(lesson: LessonCatalog.lesson(named: "crash")))
        app.resize(width: width, height: height)
        return app
    }

    /// Plays until a question is asked (at most `limit` ticks of 100 ms at the current speed).
    func playToQuestion(_ app: LessonApp, limit: Int = 2_000) {
        for _ in 0..<limit where app.runner.pendingCheckpoint == nil && !app.runner.isFinished {
            if app.introChapter != nil { app.handle(.char(" ")) }
            if !app.playing { app.handle(.char(" ")) }
            app.tick(elapsedMs: 100)
        }
    }

    func screen(_ app: LessonApp) -> [String] { app.render().lines() }

    @Test("a chapter opens with its introduction; Space plays; time moves at the chosen speed")
    func playsAtSpeed() throws {
        let app = try app()
        #expect(app.introChapter == 0)
        #expect(screen(app).contains { $0.contains("Chapter 1") })
        app.handle(.char(" "))
        #expect(app.playing)
        app.tick(elapsedMs: 1_000)
        let atOne = app.runner.elapsedMs
        #expect(atOne >= 900 && atOne <= 1_000, "1 s of wall time at 1x moved \(atOne) ms")
        app.handle(.char("+"))
        app.handle(.char("+"))
        #expect(app.speed == 5)
        app.tick(elapsedMs: 200)
        #expect(app.runner.elapsedMs - atOne >= 900, "200 ms at 5x")
        app.handle(.char(" "))
        #expect(!app.playing)
        let paused = app.runner.elapsedMs
        app.tick(elapsedMs: 5_000)
        #expect(app.runner.elapsedMs == paused)
    }

    @Test("with a work budget a tick stops early and the next ticks catch up to the same instant")
    func budgetedTicksCatchUp() throws {
        let app = try app()
        app.handle(.char(" "))
        #expect(app.playing)
        for _ in 0..<3 { app.handle(.char("+")) }
        #expect(app.speed == 10)
        // No budget at all: each tick does one slice of 32 events and carries the rest.
        // 0.9 s at 10x is the lesson's first 9 s (some 80 events; the question comes at 9.5 s).
        app.tick(elapsedMs: 900, budgetNanoseconds: 0)
        let first = app.runner.elapsedMs
        #expect(first < 9_000)
        #expect(app.isCatchingUp)
        var ticks = 1
        while app.isCatchingUp && ticks < 1_000 {
            app.tick(elapsedMs: 0, budgetNanoseconds: 0)
            ticks += 1
        }
        #expect(ticks > 1)
        #expect(app.runner.elapsedMs == 9_000)
        #expect(!app.isCatchingUp)
    }

    @Test("a question stops playback; a wrong answer is told why and counted")
    func checkpoint() throws {
        let app = try app()
        playToQuestion(app)
        let cp = try #require(app.runner.pendingCheckpoint)
        #expect(!app.playing)
        #expect(screen(app).contains { $0.contains("Question") })
        let before = app.runner.elapsedMs
        app.tick(elapsedMs: 10_000)
        #expect(app.runner.elapsedMs == before, "time does not move while a question waits")
        let wrong = (cp.correct + 1) % cp.answers.count
        app.handle(.char(Character(String(wrong + 1))))
        #expect(screen(app).contains { $0.contains("Not quite") })
        #expect(app.runner.score.right == 0 && app.runner.score.asked == 1)
        app.handle(.char("x"))
        #expect(app.verdict == nil && app.playing)
    }

    @Test("a click on an answer answers it; the wheel steps back and forward")
    func mouse() throws {
        let app = try app()
        playToQuestion(app)
        let cp = try #require(app.runner.pendingCheckpoint)
        let lines = screen(app)
        let wanted = "\(cp.correct + 1)  " + cp.answers[cp.correct].prefix(20)
        let row = try #require(lines.firstIndex { $0.contains(wanted) }, "the answer is on screen")
        app.handle(.mouse(MouseEvent(kind: .press, x: 40, y: row)))
        #expect(app.verdict?.correct == true)
        #expect(app.runner.score.right == 1)
        app.handle(.mouse(MouseEvent(kind: .press, x: 40, y: 2)))
        #expect(app.verdict == nil)
        let events = app.runner.events.count
        app.handle(.mouse(MouseEvent(kind: .wheelUp, x: 40, y: 2)))
        #expect(app.runner.events.count == events - 1)
        app.handle(.mouse(MouseEvent(kind: .wheelDown, x: 40, y: 2)))
        #expect(app.runner.events.count == events)
    }

    @Test("e opens the explorer on the lesson's engine at this instant; esc returns to the lesson where it was")
    func explorerRoundTrip() throws {
        let app = try app()
        app.handle(.char(" "))
        app.tick(elapsedMs: 3_000)
        app.handle(.char(" "))
        let at = app.runner.elapsedMs
        app.handle(.char("e"))
        #expect(app.explorer != nil)
        #expect(screen(app)[0].contains("lesson 3 at"))
        #expect(screen(app).contains { $0.contains("orders") })
        app.handle(.char("4"))
        #expect(screen(app).contains { $0.contains("Pending of billing") })
        app.handle(.escape)
        #expect(app.explorer == nil)
        #expect(app.runner.elapsedMs == at)
        #expect(screen(app)[0].contains("StreamScope learn"))
    }

    @Test("a claim made by hand in the explorer becomes a lesson event, and stepping back and forth replays it")
    func handClaimIsReplayed() throws {
        let app = try app(width: 120, height: 40)
        playToQuestion(app)
        app.handle(.char("e"))
        app.handle(.char("4"))
        let explorer = try #require(app.explorer)
        let row = try #require(explorer.state.pending.first { $0.consumer != "rescuer-by-hand" })
        app.handle(.char("c"))
        for ch in "rescuer-by-hand" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(explorer.state.status?.hasPrefix("claimed 1") == true, "\(explorer.state.status ?? "")")
        app.handle(.escape)
        let event = try #require(app.runner.events.last)
        #expect(event.sentence == "you run XCLAIM by hand")
        #expect(screen(app).contains { $0.contains("you run XCLAIM by hand") })
        func owner() throws -> RESPValue? {
            guard case .array(let rows) = try EmbeddedSource(server: app.runner.server).execute(
                ["XPENDING", "orders", "billing", row.id.description, row.id.description, "1"]) else { return nil }
            guard case .array(let fields)? = rows.first else { return nil }
            return fields[1]
        }
        #expect(try owner() == .bulk("rescuer-by-hand"))
        app.handle(.char(","))
        #expect(try owner() == .bulk(row.consumer.description))
        app.handle(.char("."))
        #expect(try owner() == .bulk("rescuer-by-hand"))
    }

    @Test("one step back and one forward give the same picture as before")
    func stepBackAndForth() throws {
        let app = try app()
        app.handle(.char("x"))  // read the introduction first
        for _ in 0..<12 { app.handle(.char(".")) }
        let there = screen(app).dropLast()
        app.handle(.char(","))
        #expect(Array(screen(app).dropLast()) != Array(there))
        app.handle(.char("."))
        #expect(Array(screen(app).dropLast()) == Array(there))
    }

    @Test("every frame fits the terminal, from 80×24 to 200×60, in every state")
    func framesFit() throws {
        for (w, h) in [(80, 24), (120, 32), (200, 60), (40, 12)] {
            let app = try app(width: w, height: h)
            var frames = [app.render()]
            app.handle(.char("?"))
            frames.append(app.render())
            #expect(frames.last!.lines().contains { $0.contains("Keys") }, "? shows the keys at \(w)×\(h)")
            app.handle(.char("x"))
            playToQuestion(app)
            frames.append(app.render())
            app.handle(.char("1"))
            frames.append(app.render())
            for f in frames {
                #expect(f.lines().count == h)
                for line in f.lines() { #expect(DisplayWidth.of(line) <= w, "\(w)×\(h): \(line)") }
            }
        }
    }

    @Test("each state of a tape cell has a glyph of its own, so the tape reads without colour")
    func glyphsWithoutColour() {
        let states: [Tape.CellState] = [.undelivered, .acknowledged, .deleted, .pending(owner: "worker-1", deliveries: 1)]
        let marks = LessonView.marks(["worker-1", "worker-2"])
        let glyphs = states.map { LessonView.glyph($0, marks: marks, crashed: { _ in false }).0 }
        #expect(Set(glyphs).count == states.count)
        #expect(marks["worker-1"] != marks["worker-2"])
        let again = LessonView.glyph(.pending(owner: "worker-1", deliveries: 2), marks: marks, crashed: { _ in false }).1
        #expect(again.underline, "delivered again is underlined, not only coloured")
    }

    @Test("a lesson too busy for its speed says in the title how fast it really plays; one that keeps up says nothing")
    func busyLessonSaysItsRealSpeed() throws {
        let busy = LessonApp(runner: try LessonRunner(lesson: busyLesson(consumers: 4)))
        busy.resize(width: 80, height: 24)
        busy.handle(.char(" "))
        #expect(busy.playing)
        for _ in 0..<6 { busy.handle(.char("+")) }
        #expect(busy.speed == 100)
        // A budget of nothing: each tick plays one slice of 32 events, far less than the
        // 10 simulated seconds 100 ms of wall time asks for at 100x.
        for _ in 0..<9 { busy.tick(elapsedMs: 100, budgetNanoseconds: 0) }
        #expect(busy.reachedSpeed == nil, "not a full second measured yet")
        busy.tick(elapsedMs: 100, budgetNanoseconds: 0)
        let reached = try #require(busy.reachedSpeed)
        #expect(reached < 90)
        #expect(screen(busy)[0].contains("▶ 100x (reaching "), "\(screen(busy)[0])")
        busy.handle(.char(" "))
        busy.tick(elapsedMs: 100, budgetNanoseconds: 0)
        #expect(busy.reachedSpeed == nil)
        #expect(!screen(busy)[0].contains("reaching"))

        let light = try app()
        light.handle(.char(" "))
        for _ in 0..<2 { light.handle(.char("+")) }
        for _ in 0..<12 { light.tick(elapsedMs: 100, budgetNanoseconds: LessonRunner.frameBudgetNanoseconds) }
        #expect(light.playing)
        #expect(light.reachedSpeed == nil)
        #expect(screen(light)[0].contains("▶ 5x"))
        #expect(!screen(light)[0].contains("reaching"))
    }
}
