import Foundation
import StreamEngine
@testable import Lessons

/// Plays a lesson to its end, answering each checkpoint with `choose` (the right
/// answer by default). Fails loudly rather than looping if the lesson never ends.
func playToEnd(_ runner: LessonRunner, choose: (Checkpoint) -> Int = { $0.correct }) {
    var steps = 0
    while !runner.isFinished && steps < 2_000_000 {
        steps += 1
        if let cp = runner.pendingCheckpoint { _ = runner.answer(choose(cp)); continue }
        if runner.stepForward() == nil && runner.pendingCheckpoint == nil { break }
    }
}

/// Every built-in lesson, each played to its end with the right answers.
func playedBuiltInLessons() throws -> [(lesson: Lesson, runner: LessonRunner)] {
    try LessonCatalog.builtIn().map { lesson in
        let runner = try LessonRunner(lesson: lesson)
        playToEnd(runner)
        return (lesson, runner)
    }
}

/// Steps forward until `count` events have happened, answering checkpoints rightly.
func play(_ runner: LessonRunner, toEvents count: Int) {
    while runner.events.count < count {
        if let cp = runner.pendingCheckpoint { _ = runner.answer(cp.correct); continue }
        if runner.stepForward() == nil && runner.pendingCheckpoint == nil { return }
    }
}

/// The whole keyspace as bytes (streams, groups, consumers, PELs with delivery times).
func image(_ runner: LessonRunner) -> [UInt8] {
    var out: [UInt8] = []
    KeyspaceImage.write(runner.server.keyspace, into: &out)
    return out
}

/// `Tests/LessonsTests/Golden`.
let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
