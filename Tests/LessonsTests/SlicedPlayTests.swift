import XCTest
@testable import Lessons

/// `LessonRunner.play(byMs:budgetNanoseconds:)`: playback in bounded slices, as the
/// lesson screen does at high speed, must be the same run as one long advance.
final class SlicedPlayTests: XCTestCase {
    /// A spent budget stops after every 32 events: many slices, each ending mid-way.
    func testSlicesOfAnySizeGiveTheSameRunAsOneAdvance() throws {
        for name in ["groups", "crash", "retention"] {
            let lesson = try LessonCatalog.lesson(named: name)
            let whole = try LessonRunner(lesson: lesson)
            let sliced = try LessonRunner(lesson: lesson)
            var slices = 0
            while !whole.isFinished || !sliced.isFinished {
                if let cp = whole.pendingCheckpoint { _ = whole.answer(cp.correct) }
                if let cp = sliced.pendingCheckpoint { _ = sliced.answer(cp.correct) }
                let target = whole.elapsedMs + 5_000
                _ = whole.advance(byMs: 5_000)
                // The sliced runner reaches the same instant in as many slices as it takes.
                var guardCount = 0
                while sliced.elapsedMs < target && sliced.pendingCheckpoint == nil && !sliced.isFinished && guardCount < 100_000 {
                    let moved = sliced.play(byMs: target - sliced.elapsedMs, budgetNanoseconds: 0)
                    slices += 1
                    guardCount += 1
                    if moved == 0 && sliced.events.count == whole.events.count { break }
                }
                XCTAssertEqual(sliced.events.count, whole.events.count, "\(name) at \(target) ms")
                XCTAssertEqual(sliced.elapsedMs, whole.elapsedMs, "\(name) at \(target) ms")
                if sliced.events.count != whole.events.count { return }
            }
            XCTAssertGreaterThan(slices, whole.events.count / 40, "\(name): the budget did cut the work into slices")
            XCTAssertEqual(sliced.transcript(), whole.transcript(), name)
            XCTAssertTrue(image(sliced) == image(whole), "\(name): keyspace images differ")
        }
    }
}
