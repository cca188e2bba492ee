import Foundation
import XCTest
@testable import Lessons

/// `learn --check`: each kind of mistake is named with its path; no bytes make it trap.
final class CheckTests: XCTestCase {
    /// A small good lesson the cases below break one way each.
    static let good = """
    number: 9
    name: tiny
    title: Tiny
    summary: A lesson for the tests.
    streams:
      - key: s
    producers:
      - name: p
        stream: s
        ratePerSecond: 2
        fields: ["n={n}", "kind={a|b}"]
    groups:
      - name: g
        stream: s
    consumers:
      - name: c1
        group: g
        batch: 2
        processing: {fixedMs: 100}
    chapters:
      - title: One
        intro: ["hello"]
        untilMs: 3000
        checkpoints:
          - atMs: 1000
            question: "Q?"
            answers: ["a", "b"]
            correct: 1
            explanation: "Because."
    """

    private func problems(_ text: String) -> [String] {
        LessonCatalog.check(data: Data(text.utf8)).map(\.description)
    }

    private func broken(_ from: String, _ to: String) -> [String] {
        let text = Self.good.replacingOccurrences(of: from, with: to)
        XCTAssertNotEqual(text, Self.good, "the test's replacement of \(from) found nothing")
        return problems(text)
    }

    func testTheGoodFileHasNoProblemAndRuns() throws {
        XCTAssertEqual(problems(Self.good), [])
        let runner = try LessonRunner(lesson: LessonCatalog.load(data: Data(Self.good.utf8), name: "tiny"))
        playToEnd(runner)
        XCTAssertTrue(runner.isFinished)
    }

    func testEachKindOfMistakeIsNamedWithItsPath() {
        XCTAssertEqual(broken("answers: [\"a\", \"b\"]", "answers: [\"a\"]"),
                       ["chapters[0].checkpoints[0].answers: needs 2 to 4 answers (has 1)"])
        XCTAssertEqual(broken("    group: g\n", "    group: x\n"), ["consumers[0].group: unknown group 'x'"])
        XCTAssertEqual(broken("ratePerSecond: 2", "ratePerSecond: -2"), ["producers[0].ratePerSecond: must not be negative (is -2.0)"])
        XCTAssertEqual(broken("    batch: 2\n", ""), ["consumers[0].batch: missing field"])
        XCTAssertEqual(broken("batch: 2", "batch: two"), ["consumers[0].batch: wrong type: expected a whole number"])
        XCTAssertEqual(broken("intro: [\"hello\"]", "intro: hello"), ["chapters[0].intro: wrong type: expected a list"])
        XCTAssertEqual(broken("\"kind={a|b}\"", "\"kind={a|b\""), ["producers[0].fields[1]: '{' without a closing '}'"])
        XCTAssertEqual(broken("processing: {fixedMs: 100}", "processing: {}"), ["consumers[0].processing: needs fixedMs, or minMs and maxMs"])
        XCTAssertEqual(broken("    untilMs: 3000\n", ""), ["chapters[0]: needs exactly one of untilMs and events"])
        XCTAssertEqual(broken("stream: s\n    ratePerSecond", "stream: t\n    ratePerSecond"), ["producers[0].stream: unknown stream 't'"])
        XCTAssertEqual(broken("correct: 1", "correct: 5"), ["chapters[0].checkpoints[0].correct: must number one of the answers, from 1 to 2"])
        XCTAssertEqual(broken("atMs: 1000", "after: nowhere"), ["chapters[0].checkpoints[0].after: no script step is named 'nowhere'"])
        XCTAssertEqual(broken("\"n={n}\"", "\"n={-9223372036854775808..0}\""),
                       ["producers[0].fields[0]: {-9223372036854775808..0} is not a range low..high (each within ±1000000000000000)"])
        XCTAssertEqual(broken("ratePerSecond: 2", "ratePerSecond: 0"), ["producers[0].ratePerSecond: must be between 0.001 and 1000000 (is 0.0)"])
        XCTAssertEqual(broken("untilMs: 3000", "untilMs: 9223372036854775807"),
                       ["chapters[0].untilMs: must be at most 1000000000000 (is 9223372036854775807)"])
        XCTAssertTrue(problems("number: [1, 2").first?.hasPrefix("not valid YAML") == true, "\(problems("number: [1, 2"))")
        XCTAssertFalse(problems("").isEmpty)
    }

    func testLoadThrowsTheProblems() {
        XCTAssertThrowsError(try LessonCatalog.load(data: Data("title: 3".utf8), name: "x")) { error in
            let e = error as? LessonLoadError
            XCTAssertEqual(e?.problems.first?.path, "number")
        }
    }

    func testBuiltInLessonsHaveNoProblems() throws {
        for url in try FileManager.default.contentsOfDirectory(at: goldenDirectory.deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources/lessons"),
            includingPropertiesForKeys: nil) where url.pathExtension == "yaml" {
            XCTAssertEqual(LessonCatalog.check(data: try Data(contentsOf: url)), [], url.lastPathComponent)
        }
    }

    /// Random bytes, random mutations of a good file, and deep nesting: problems, never a trap.
    func testRandomBytesGiveProblemsNotCrashes() {
        var random = LessonRandom(seed: 2024)
        for round in 0..<400 {
            let n = random.integer(0, 600)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            XCTAssertFalse(LessonCatalog.check(data: Data(bytes)).isEmpty, "random bytes, round \(round)")
        }
        let good = Array(Self.good.utf8)
        for _ in 0..<300 {
            var mutated = good
            for _ in 0..<random.integer(1, 6) {
                mutated[random.integer(0, mutated.count - 1)] = UInt8(random.integer(32, 126))
            }
            // Either problems or a lesson that loads; what matters is no trap.
            if LessonCatalog.check(data: Data(mutated)).isEmpty {
                XCTAssertNoThrow(try LessonCatalog.load(data: Data(mutated), name: "mutated"))
            }
        }
        XCTAssertEqual(LessonCatalog.check(data: Data(String(repeating: "[", count: 100_000).utf8)).first?.message,
                       "nested deeper than 64 levels")
    }
}

/// Fields the format does not know, and the README's full example.
final class FieldNameTests: XCTestCase {
    func testMisspeltFieldsAreNamed() {
        let text = CheckTests.good.replacingOccurrences(of: "untilMs: 3000", with: "untilMS: 3000")
            .replacingOccurrences(of: "batch: 2", with: "batch: 2\n    pollms: 10")
        XCTAssertEqual(LessonCatalog.check(data: Data(text.utf8)).map(\.description), [
            "consumers[0].pollms: unknown field; did you mean 'pollMs'?",
            "chapters[0].untilMS: unknown field; did you mean 'untilMs'?",
            "chapters[0]: needs exactly one of untilMs and events",
        ])
    }

    /// The README documents every field in one example: it must be a valid lesson.
    func testTheReadmeExampleIsAValidLesson() throws {
        let readme = try String(contentsOf: goldenDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "### The file format"),
              let start = readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex),
              let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex) else {
            return XCTFail("README has no yaml example under 'The file format'")
        }
        let example = String(readme[start.upperBound..<end.lowerBound])
        XCTAssertEqual(LessonCatalog.check(data: Data(example.utf8)).map(\.description), [])
        let runner = try LessonRunner(lesson: LessonCatalog.load(data: Data(example.utf8), name: "readme"))
        _ = runner.advance(byMs: 60_000)
        XCTAssertFalse(runner.events.isEmpty)
    }
}

/// Mutated built-in lessons (odd bytes, extreme numbers): each is refused with problems,
/// or it loads and then plays, steps back, draws and transcribes without trapping.
final class MutatedLessonTests: XCTestCase {
    func testMutatedLessonsAreRefusedOrPlaySafely() throws {
        let folder = goldenDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/lessons")
        let texts = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
            .map { Array(try String(contentsOf: $0, encoding: .utf8).utf8) }
        let numbers = ["0", "1", "-1", "999999999999", "1000000000001", "9223372036854775807", "18446744073709551615", "0.0001"]
        var random = LessonRandom(seed: 77)
        var played = 0
        for round in 0..<150 {
            var text = texts[random.integer(0, texts.count - 1)]
            for _ in 0..<random.integer(1, 3) {
                let at = random.integer(0, text.count - 1)
                if random.integer(0, 1) == 0 {
                    text[at] = UInt8(random.integer(32, 126))
                } else if let digit = text[at...].firstIndex(where: { (48...57).contains($0) }) {
                    var end = digit
                    while end < text.count, (48...57).contains(text[end]) { end += 1 }
                    text.replaceSubrange(digit..<end, with: Array(numbers[random.integer(0, numbers.count - 1)].utf8))
                }
            }
            let data = Data(text)
            guard LessonCatalog.check(data: data).isEmpty else { continue }
            let runner = try LessonRunner(lesson: LessonCatalog.load(data: data, name: "mutated-\(round)"))
            played += 1
            for _ in 0..<1_500 where !runner.isFinished {
                if let cp = runner.pendingCheckpoint { _ = runner.answer(cp.correct) }
                if runner.stepForward() == nil && runner.pendingCheckpoint == nil { break }
            }
            runner.burst(count: 3)
            runner.crashConsumer()
            runner.addConsumer()
            for _ in 0..<5 { runner.stepBack() }
            _ = runner.advance(byMs: 1_000)
            _ = runner.tape(width: 80)
            _ = runner.transcript()
        }
        XCTAssertGreaterThan(played, 20, "enough mutants load to exercise the simulation")
    }
}

/// `LessonKeys` lists what `LessonSpec` decodes: a spec with every field set, encoded,
/// has exactly the known fields at every path.
final class KnownFieldsTests: XCTestCase {
    func testKnownFieldsMatchTheSpec() throws {
        let step = ScriptStep(atMs: 1, name: "n", say: "s", command: ["PING"], sentence: "s", crash: "c", restart: "c",
                              burst: 1, addConsumer: "d", xclaim: XClaimStep(consumer: "c", from: "c", count: 1, minIdleMs: 0),
                              fsync: "always", report: "g", serverCrash: "process", kafkaPartitions: 1)
        var kafka = KafkaSpec()
        kafka.partitions = 1; kafka.keyField = "a"; kafka.group = "consumer"; kafka.protocol = "classic"; kafka.assignor = "range"
        kafka.commit = "auto"; kafka.autoOffsetReset = "earliest"; kafka.sessionTimeoutMs = 1; kafka.heartbeatIntervalMs = 1
        kafka.maxPollIntervalMs = 1; kafka.maxPollRecords = 1; kafka.autoCommitIntervalMs = 1; kafka.initialRebalanceDelayMs = 1
        kafka.consumerHeartbeatIntervalMs = 1; kafka.consumerSessionTimeoutMs = 1; kafka.recordLockDurationMs = 1
        kafka.deliveryCountLimit = 1; kafka.deadLetterTopic = "d"; kafka.retentionMs = 1; kafka.retentionBytes = 1
        kafka.segmentBytes = 1; kafka.segmentMs = 1; kafka.retentionCheckIntervalMs = 1
        let spec = LessonSpec(
            number: 1, name: "n", title: "t", summary: "s", seed: 1, startTime: 1, liveFromMs: 1, mainStream: "s",
            streams: [StreamSpec(key: "s")],
            producers: [ProducerSpec(name: "p", stream: "s", ratePerSecond: 1, fields: ["a=b"], key: "a", startMs: 0,
                                     stopMs: 1, maxlen: 1, poisonEvery: 1)],
            groups: [GroupSpec(name: "g", stream: "s", start: "0")],
            consumers: [ConsumerSpec(name: "c", group: "g", batch: 1, processing: ProcessingSpec(fixedMs: 1, minMs: 1, maxMs: 1),
                                     ack: "each", startMs: 0, crashMs: 1, restartMs: 2, failEvery: 1, recoverOnRestart: true,
                                     pollMs: 1)],
            readers: [ReaderSpec(name: "r", stream: "s", from: "0", everyMs: 1, count: 1, startMs: 0)],
            claims: [ClaimSpec(consumer: "c", minIdleMs: 1, everyMs: 1, count: 1, startMs: 0)],
            deadLetters: [DeadLetterSpec(group: "g", maxDeliveries: 1, startMs: 0)],
            trims: [TrimSpec(stream: "s", maxlen: 1, minIdAgeMs: 1, atMs: 1, everyMs: 1, approximate: true)],
            journal: JournalSpec(fsync: "no", osFlushMs: 1),
            kafka: kafka,
            chapters: [ChapterSpec(title: "t", intro: ["i"], untilMs: 1, events: 1, script: [step],
                                   checkpoints: [CheckpointSpec(atMs: 1, after: "n", question: "q", answers: ["a", "b"],
                                                                correct: 1, explanation: "e")])])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(spec))
        var found: [String: Set<String>] = [:]
        func walk(_ value: Any, _ schema: String) {
            if let list = value as? [Any] { list.forEach { walk($0, schema) }; return }
            guard let map = value as? [String: Any] else { return }
            for (key, child) in map {
                found[schema, default: []].insert(key)
                walk(child, schema.isEmpty ? key : "\(schema).\(key)")
            }
        }
        walk(json, "")
        XCTAssertEqual(found, LessonKeys.known)
    }
}
