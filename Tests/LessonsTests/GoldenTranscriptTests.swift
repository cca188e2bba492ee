import Foundation
import XCTest
@testable import Lessons

/// Every built-in lesson, run to the end with every checkpoint answered rightly, must
/// tell exactly the story in its golden transcript. Record or update them with
/// `STREAMSCOPE_UPDATE_GOLDEN=1 swift test --filter GoldenTranscriptTests`.
final class GoldenTranscriptTests: XCTestCase {
    func testEveryBuiltInLessonMatchesItsGolden() throws {
        let update = ProcessInfo.processInfo.environment["STREAMSCOPE_UPDATE_GOLDEN"] == "1"
        let played = try playedBuiltInLessons()
        XCTAssertEqual(played.map(\.lesson.number), Array(1...12), "the twelve lessons, in order")
        for (lesson, runner) in played {
            XCTAssertTrue(runner.isFinished, "\(lesson.name) did not reach its end")
            XCTAssertEqual(runner.score.right, runner.score.asked)
            XCTAssertGreaterThan(runner.score.asked, 0, "\(lesson.name) asks no question")
            let text = runner.transcript()
            let file = goldenDirectory.appendingPathComponent("\(lesson.number)-\(lesson.name).txt")
            if update {
                try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            guard let golden = try? String(contentsOf: file, encoding: .utf8) else {
                // Recorded now, but not passed: nobody has read this story yet.
                try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
                XCTFail("no golden transcript \(file.lastPathComponent): recorded it from this run in \(file.path); read it, commit it, and run the test again")
                continue
            }
            if golden != text {
                let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
                let b = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
                XCTFail("\(lesson.name) differs from \(file.lastPathComponent) at line \(line + 1):\n golden: \(line < a.count ? a[line] : "(end)")\n now:    \(line < b.count ? b[line] : "(end)")\n(if the change is intended: STREAMSCOPE_UPDATE_GOLDEN=1)")
            }
        }
    }

    func testSameSeedSameRunOtherSeedOtherRun() throws {
        let lesson = try LessonCatalog.lesson(named: "crash")
        let a = try LessonRunner(lesson: lesson, seed: 11), b = try LessonRunner(lesson: lesson, seed: 11)
        let c = try LessonRunner(lesson: lesson, seed: 12)
        playToEnd(a); playToEnd(b); playToEnd(c)
        XCTAssertEqual(a.transcript(), b.transcript())
        XCTAssertEqual(image(a), image(b))
        XCTAssertNotEqual(a.transcript(), c.transcript())
    }
}
