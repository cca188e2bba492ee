import Foundation
import StreamEngine
import XCTest
@testable import Lessons

/// The tape the screen draws, read from the engine at chosen moments.
final class TapeTests: XCTestCase {
    func testCrashLessonTapeShowsPendingOwnersAndTheCrashedConsumer() throws {
        let runner = try LessonRunner(lesson: LessonCatalog.lesson(named: "crash"))
        while runner.elapsedMs < 9_300 {
            if let cp = runner.pendingCheckpoint { _ = runner.answer(cp.correct) }
            _ = runner.advance(byMs: 100)
        }
        let tape = runner.tape(width: 30)
        XCTAssertEqual(tape.stream, "orders")
        XCTAssertEqual(tape.groups.count, 1)
        let line = tape.groups[0]
        XCTAssertEqual(line.cells.count, 30)
        XCTAssertEqual(line.cells.map(\.id), line.cells.map(\.id).sorted(), "oldest on the left")
        let heldByTwo = line.cells.filter { if case .pending(owner: "worker-2", deliveries: 1) = $0.state { return true } else { return false } }
        XCTAssertEqual(heldByTwo.count, 5, "worker-2 crashed holding 5")
        XCTAssertTrue(line.cells.contains { $0.state == .acknowledged })
        XCTAssertTrue(line.cells.contains { $0.state == .undelivered })
        XCTAssertEqual(line.pending, tape.consumers.map(\.holding).reduce(0, +))
        let two = try XCTUnwrap(tape.consumers.first { $0.name == "worker-2" })
        XCTAssertTrue(two.crashed)
        XCTAssertEqual(two.holding, 5)
        XCTAssertNotNil(two.oldestIdleMs)
        XCTAssertFalse(tape.consumers.first { $0.name == "worker-1" }!.crashed)
        // The cursor is the group's last-delivered ID: cells after it are undelivered.
        for cell in line.cells where cell.id > line.cursor { XCTAssertEqual(cell.state, .undelivered) }
    }

    func testRetentionMarksTrimmedAndFanOutShowsReaders() throws {
        let retention = try LessonRunner(lesson: LessonCatalog.lesson(named: "retention"))
        _ = retention.advance(byMs: 11_000)
        let tape = retention.tape(width: 100)
        let live = tape.groups[0].cells.filter { $0.state != .deleted }
        XCTAssertEqual(tape.length, live.count)
        XCTAssertEqual(tape.trimmedBefore, live.first?.id, "the live entries start where trimming stopped")
        // The counter's pending entries that were trimmed away show as deleted, before them.
        for cell in tape.groups[0].cells where cell.state == .deleted { XCTAssertLessThan(cell.id, live[0].id) }
        let fanOut = try LessonRunner(lesson: LessonCatalog.lesson(named: "fan-out"))
        while fanOut.elapsedMs < 9_000 {
            if let cp = fanOut.pendingCheckpoint { _ = fanOut.answer(cp.correct) }
            _ = fanOut.advance(byMs: 500)
        }
        let readers = fanOut.tape(width: 10).plainReaders
        XCTAssertEqual(readers.map(\.name), ["dashboard", "archive"])
        XCTAssertGreaterThan(readers[0].lastID, StreamID.zero)
        XCTAssertTrue(fanOut.tape(width: 10).groups.isEmpty)
    }

    func testDurabilityTapeShowsTheJournal() throws {
        let runner = try LessonRunner(lesson: LessonCatalog.lesson(named: "durability"))
        _ = runner.advance(byMs: 2_500)
        let journal = try XCTUnwrap(runner.tape(width: 10).journal)
        XCTAssertEqual(journal.policy, "everysec")
        XCTAssertEqual(journal.lastSyncMs, 2_000)
        XCTAssertGreaterThan(journal.written, journal.synced)
    }
}

/// Small lessons written for one behaviour each.
final class SmallLessonTests: XCTestCase {
    private func lesson(_ yaml: String) throws -> LessonRunner {
        try LessonRunner(lesson: LessonCatalog.load(data: Data(yaml.utf8), name: "small"))
    }

    private let header = """
    number: 50
    name: small
    title: Small
    summary: One behaviour.
    streams: [{key: s}]
    producers: [{name: p, stream: s, ratePerSecond: 10, fields: ["n={n}"]}]
    groups: [{name: g, stream: s, start: "0"}]

    """

    func testPendingEntriesTrimmedAwayShowAsDeletedCells() throws {
        let runner = try lesson(header + """
        consumers: [{name: slow, group: g, batch: 5, pollMs: 450, processing: {fixedMs: 10000}}]
        trims: [{stream: s, maxlen: 3, atMs: 2000}]
        chapters: [{title: One, intro: [], untilMs: 5000}]
        """)
        _ = runner.advance(byMs: 2_050)
        let tape = runner.tape(width: 10)
        XCTAssertEqual(tape.length, 3)
        let states = tape.groups[0].cells.map(\.state)
        XCTAssertEqual(states.filter { $0 == .deleted }.count, 5, "\(states)")
        XCTAssertEqual(states.suffix(3).filter { $0 == .deleted }.count, 0, "the live entries are the newest")
        XCTAssertNotNil(tape.trimmedBefore)
        XCTAssertEqual(runner.tape(width: 4).groups[0].cells.count, 4, "never wider than asked")
    }

    func testAChapterCanEndAfterACountOfEvents() throws {
        let runner = try lesson(header + """
        chapters:
          - {title: One, intro: [], events: 4}
          - {title: Two, intro: [], events: 3}
        """)
        while runner.stepForward() != nil {}
        XCTAssertTrue(runner.isFinished)
        XCTAssertEqual(runner.events.map(\.kind), [.chapter, .command, .command, .command,
                                                   .chapter, .command, .command, .chapter])
        XCTAssertEqual(runner.events.map(\.chapter), [0, 0, 0, 0, 1, 1, 1, 1])
    }
}
