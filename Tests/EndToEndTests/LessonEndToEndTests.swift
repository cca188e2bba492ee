import Foundation
import Lessons
import Testing

/// `streamscope learn` as a student uses it, in a real 80×24 terminal (tmux).
@Suite("Lessons end to end in tmux", .serialized)
struct LessonEndToEndTests {
    @Test("lesson 3: play, answer one question wrong and one right, claim by hand in the explorer, return, quit")
    func crashLesson() throws {
        let lesson = try LessonCatalog.lesson(named: "crash")
        let questions = lesson.chapters.flatMap(\.checkpoints)
        try #require(questions.count >= 2, "lesson 3 asks at least two questions")
        let t = try TmuxSession(arguments: ["learn", "crash"], width: 80, height: 24)
        t.waitFor("Chapter 1")
        try t.press("+", "+", "+", "+", "+")
        // The first question: answered wrong.
        let first = try playUntilQuestion(t, questions)
        try t.press(String((first.correct + 1) % first.answers.count + 1))
        t.waitFor("Not quite")
        // Watch it happen, then open the explorer at the crash and claim by hand.
        try t.press("x")
        try t.press("Space")
        try t.press("e")
        t.waitFor("esc returns")
        try t.press("4")
        t.waitFor("Pending of billing")
        try t.press("c")
        try t.type("worker-1")
        try t.press("Enter")
        t.waitFor("claimed")
        try t.press("Escape")
        t.waitFor("StreamScope learn")
        // Play on to the second question: answered right.
        let second = try playUntilQuestion(t, questions)
        try t.press(String(second.correct + 1))
        t.waitFor("Right")
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }

    @Test("lesson 8 at 200×60 with the Kafka lens beside Redis: the crash, the rebalance and its figures")
    func rebalancingSideBySide() throws {
        let lesson = try LessonCatalog.lesson(named: "rebalancing")
        let questions = lesson.chapters.flatMap(\.checkpoints)
        let t = try TmuxSession(arguments: ["learn", "rebalancing"], width: 200, height: 60)
        t.waitFor("Chapter 1")
        try t.press("K")
        t.waitFor("Kafka lens beside Redis")
        t.waitFor("a model of the protocol, not a broker · Kafka 4.4 · range (eager)")
        try t.press("+", "+", "+", "+", "+", "+")
        // The crash question, then the rebalance question, both answered right.
        let first = try playUntilQuestion(t, questions)
        try t.press(String(first.correct + 1))
        t.waitFor("Right")
        try t.press("x")
        var second = try playUntilQuestion(t, questions)
        while second.question == first.question { usleep(200_000); second = try playUntilQuestion(t, questions) }
        t.waitFor("rebalance 2 ")
        t.waitFor("(worker-2's session expired)")
        t.waitFor("┐┌ Kafka · orders · 6 partitions · billing: Stable")
        try t.press(String(second.correct + 1))
        t.waitFor("Right")
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }

    /// Plays on, through chapter introductions and pauses, until a question shows;
    /// returns which of the lesson's questions it is.
    func playUntilQuestion(_ t: TmuxSession, _ questions: [Checkpoint],
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> Checkpoint {
        for _ in 0..<240 {
            let raw = t.screen
            let screen = raw.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: " ") }
                .joined(separator: " ").split(separator: " ").joined(separator: " ")
            // The question's box, not the narration's line about it.
            if raw.contains("┌ Question") {
                if let q = questions.first(where: { screen.contains($0.question.split(separator: " ").prefix(6).joined(separator: " ")) }) {
                    return q
                }
            } else if screen.contains("space plays it") || screen.contains("paused") {
                try t.press("Space")
            }
            usleep(250_000)
        }
        Issue.record("no known question within a minute:\n\(t.screen)", sourceLocation: sourceLocation)
        throw TmuxSession.Failure(description: "no question")
    }
}
