import XCTest
@testable import Lessons

final class CatalogTests: XCTestCase {
    func testBuiltInLessonsLoad() throws {
        XCTAssertFalse(try LessonCatalog.builtIn().isEmpty)
    }

    func testCrashRunsToTheEnd() throws {
        let runner = try LessonRunner(lesson: LessonCatalog.lesson(named: "crash"))
        var guardCount = 0
        while !runner.isFinished && guardCount < 100_000 {
            guardCount += 1
            if let cp = runner.pendingCheckpoint { _ = runner.answer(cp.correct); continue }
            if runner.stepForward() == nil && runner.pendingCheckpoint == nil { break }
        }
        print(runner.transcript())
        XCTAssertTrue(runner.isFinished)
    }
}
