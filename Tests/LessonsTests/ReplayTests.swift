import Foundation
import XCTest
@testable import Lessons

/// Stepping back replays from a snapshot; it must reach exactly the state a straight
/// run reaches, free play included.
final class ReplayTests: XCTestCase {
    /// For every lesson and several points: run straight to N, and run to N+k then
    /// step back k times; same keyspace image, time, chapter and events.
    func testStepBackReachesTheStateOfAStraightRun() throws {
        for (lesson, full) in try playedBuiltInLessons() {
            let total = full.events.count
            for target in [1, total / 3, total / 2, total - 100, total - 2] where target > 0 && target < total {
                let straight = try LessonRunner(lesson: lesson)
                play(straight, toEvents: target)
                let back = try LessonRunner(lesson: lesson)
                play(back, toEvents: min(total, target + 80))
                while back.events.count > target { back.stepBack() }
                assertSame(straight, back, "\(lesson.name) at event \(target)")
                // And forward again to where the full run was.
                play(back, toEvents: min(total, target + 80))
                play(straight, toEvents: min(total, target + 80))
                assertSame(straight, back, "\(lesson.name) forward again from \(target)")
            }
        }
    }

    /// Free play (crash, add, burst) is recorded: stepping back over it and forward
    /// again reproduces it exactly.
    func testFreePlayIsReplayed() throws {
        let lesson = try LessonCatalog.lesson(named: "groups")
        func script(_ r: LessonRunner, upTo limit: Int) {
            play(r, toEvents: 40)
            r.burst(count: 5)
            _ = r.advance(byMs: 750)
            r.addConsumer()
            play(r, toEvents: 120)
            r.crashConsumer()
            play(r, toEvents: limit)
        }
        let straight = try LessonRunner(lesson: lesson)
        script(straight, upTo: 400)
        let back = try LessonRunner(lesson: lesson)
        script(back, upTo: 400)
        let end = back.events.count
        XCTAssertGreaterThan(end, 200)
        while back.events.count > 30 { back.stepBack() }
        XCTAssertFalse(back.events.contains { $0.sentence.hasPrefix("worker-3 joins") })
        play(back, toEvents: end)
        assertSame(straight, back, "free play after stepping back over it")
        XCTAssertTrue(back.events.contains { $0.sentence.hasPrefix("worker-3 joins") })
        XCTAssertTrue(back.events.contains { $0.sentence.contains("crashes holding") })
    }

    func testRestartAndChapters() throws {
        let runner = try LessonRunner(lesson: LessonCatalog.lesson(named: "crash"))
        let fresh = image(runner)
        runner.nextChapter()
        XCTAssertEqual(runner.chapterIndex, 1)
        runner.nextChapter()
        XCTAssertNotNil(runner.pendingCheckpoint, "chapter 2 asks a question after the crash")
        XCTAssertNil(runner.stepForward(), "halted at the checkpoint")
        XCTAssertEqual(runner.answer(0)?.correct, false)
        XCTAssertEqual(runner.score.right, 0)
        XCTAssertEqual(runner.score.asked, 1)
        runner.previousChapter()
        XCTAssertEqual(runner.chapterIndex, 1)
        XCTAssertEqual(runner.events.last?.kind, .chapter)
        runner.restart()
        XCTAssertEqual(runner.events.count, 0)
        XCTAssertEqual(runner.score.asked, 0)
        XCTAssertEqual(image(runner), fresh)
    }

    /// A busy lesson's stream grows long, and its snapshots spread out with it (a capture
    /// costs O(nodes)): far fewer than one per 256 events, yet stepping back anywhere
    /// still reaches the state of a straight run.
    func testSnapshotsSpreadOutAsTheStreamGrowsAndStepBackStaysExact() throws {
        let yaml = """
        number: 96
        name: busy
        title: Busy
        summary: A long stream fast.
        streams: [{key: orders}]
        producers:
          - {name: shop, stream: orders, ratePerSecond: 20000, fields: ["order=o-{n}"], key: order}
        groups: [{name: billing, stream: orders}]
        consumers:
          - {name: worker-1, group: billing, batch: 100, pollMs: 50, processing: {minMs: 0, maxMs: 1}}
        chapters:
          - {title: All, intro: ["x"], untilMs: 600000}

        """
        let lesson = try LessonCatalog.load(data: Data(yaml.utf8), name: "busy")
        let long = try LessonRunner(lesson: lesson)
        _ = long.advance(byMs: 10_000)
        let total = long.events.count
        // 200,000 entries in some 2,000 nodes: by the end a snapshot every 500 events or so
        // (a quarter of the nodes and pending entries).
        XCTAssertGreaterThan(total, 10_000)
        let at = long.snapshotEvents
        XCTAssertEqual(at[1] - at[0], 256, "while the stream is short, every 256 events")
        XCTAssertGreaterThan(at[at.count - 1] - at[at.count - 2], 400, "\(at.suffix(4))")
        for target in [total - 1, total - 3] {
            let straight = try LessonRunner(lesson: lesson)
            play(straight, toEvents: target)
            let back = try LessonRunner(lesson: lesson)
            play(back, toEvents: total)
            while back.events.count > target { back.stepBack() }
            assertSame(straight, back, "busy at event \(target)")
        }
    }

    private func assertSame(_ a: LessonRunner, _ b: LessonRunner, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.events.count, b.events.count, what, file: file, line: line)
        XCTAssertEqual(a.events.map(\.sentence), b.events.map(\.sentence), what, file: file, line: line)
        XCTAssertEqual(a.elapsedMs, b.elapsedMs, what, file: file, line: line)
        XCTAssertEqual(a.chapterIndex, b.chapterIndex, what, file: file, line: line)
        XCTAssertTrue(image(a) == image(b), "keyspace images differ: \(what)", file: file, line: line)
    }
}
