import Foundation
import KafkaModel
@testable import Lessons
import Testing

/// The lessons' Kafka side: fed from the same events, replayed when stepping back,
/// told in the transcript of a lesson that has a `kafka:` section.
@Suite struct KafkaLensTests {
    /// Lesson 8: the crash costs Kafka a 45 s session timeout, an eager rebalance that
    /// stops every partition, and the records worker-2 processed after its last commit.
    @Test func rebalancingLessonShowsTheEagerRebalanceAndItsCost() throws {
        let runner = try LessonRunner(lesson: LessonCatalog.lesson(named: "rebalancing"))
        playToEnd(runner)
        let lens = runner.kafkaLens()
        let m = lens.model
        #expect(m.rebalances.count == 2)
        let r = m.rebalances[1]
        #expect(r.reason == "worker-2's session expired")
        // worker-2 crashed at 24.3 s; its session (45 s from its last heartbeat) ran out.
        #expect(r.startedMs > 24_300 + 45_000 - 3_000 && r.startedMs <= 24_300 + 45_000)
        #expect(Set(r.paused.keys) == Set(0..<6), "eager: every partition stopped")
        #expect(m.members.filter(\.alive).map(\.owned) == [[0, 1, 2], [3, 4, 5]])
        #expect(m.figures.duplicates == 3)
        #expect(m.figures.longestPauseMs == r.endedMs! - 24_300)
        #expect(lens.redis.duplicates == 2)
        #expect(lens.redis.longestStuckMs == 35_000 - 24_300)
        #expect(runner.transcript().contains("kafka: the coordinator has had no heartbeat from worker-2 for 45 s"))
    }

    /// A lesson without a `kafka:` section gets its lens when first asked: the run so
    /// far is replayed with it, and ends where it was, with the same transcript.
    @Test func aLessonWithoutAKafkaSectionGetsItsLensWhenAskedAndKeepsItsTranscript() throws {
        let lesson = try LessonCatalog.lesson(named: "crash")
        let runner = try LessonRunner(lesson: lesson)
        play(runner, toEvents: 150)
        runner.crashConsumer()  // free play, replayed too
        _ = runner.advance(byMs: 1_234)
        let (time, count, before) = (runner.elapsedMs, runner.events.count, runner.transcript())
        #expect(!runner.hasKafkaSide)
        let lens = runner.kafkaLens()
        #expect(runner.elapsedMs == time && runner.events.count == count)
        #expect(runner.transcript() == before, "no kafka: lines without a kafka: section")
        #expect(lens.model.config == KafkaConfig(), "Kafka's defaults")
        #expect(lens.model.now == time)
        let produced = runner.events.reduce(0) { n, e in
            if case .produced = e.action { return n + 1 }
            if case .producedMany(_, _, let ids) = e.action { return n + ids.count }
            return n
        }
        #expect(lens.model.partitions.reduce(0) { $0 + Int($1.logEndOffset) } == produced, "the same producers feed it")
        #expect(lens.model.events.contains { $0.sentence.hasPrefix("worker-") && $0.sentence.contains("crashes") })
        // Asked from the start, the lens is the same.
        let fresh = try LessonRunner(lesson: lesson)
        _ = fresh.kafkaLens()
        play(fresh, toEvents: 150)
        fresh.crashConsumer()
        _ = fresh.advance(byMs: 1_234)
        #expect(fresh.kafkaLens().model.events == lens.model.events)
    }

    /// Stepping back restores the lens with the simulation: forward again, the Kafka
    /// events are the same as in a straight run.
    @Test func steppingBackReplaysTheKafkaSide() throws {
        let lesson = try LessonCatalog.lesson(named: "rebalancing")
        let straight = try LessonRunner(lesson: lesson)
        play(straight, toEvents: 1400)
        let stepped = try LessonRunner(lesson: lesson)
        play(stepped, toEvents: 1400)
        for _ in 0..<300 { stepped.stepBack() }
        play(stepped, toEvents: 1400)
        #expect(stepped.kafkaLens().model.events == straight.kafkaLens().model.events)
        #expect(stepped.kafkaLens().after == straight.kafkaLens().after)
    }

    @Test func slicedPlayGivesTheSameKafkaSide() throws {
        let lesson = try LessonCatalog.lesson(named: "rebalancing")
        let whole = try LessonRunner(lesson: lesson)
        let sliced = try LessonRunner(lesson: lesson)
        while !whole.isFinished {
            if let cp = whole.pendingCheckpoint { _ = whole.answer(cp.correct) }
            if let cp = sliced.pendingCheckpoint { _ = sliced.answer(cp.correct) }
            _ = whole.advance(byMs: 7_000)
            while sliced.elapsedMs < whole.elapsedMs && sliced.pendingCheckpoint == nil && !sliced.isFinished {
                _ = sliced.play(byMs: 333, budgetNanoseconds: 0)
                _ = sliced.kafkaLens()  // looking in between changes nothing
            }
        }
        #expect(sliced.transcript() == whole.transcript())
    }

    @Test func kafkaSectionMistakesAreNamed() {
        let yaml = """
        number: 9
        name: k
        title: t
        summary: s
        streams: [{key: s}]
        producers: [{name: p, stream: s, ratePerSecond: 1, fields: ["a=1"]}]
        kafka: {partitions: 0, assignor: sticky-ish, protocol: kip848, keyField: b, heartbeatIntervalMs: 50000, partitons: 3}
        chapters: [{title: t, intro: [], untilMs: 10, script: [{atMs: 1, kafkaPartitions: 0}]}]
        """
        let problems = LessonCatalog.check(data: Data(yaml.utf8)).map(\.description)
        #expect(problems.contains("kafka.partitons: unknown field"))
        let valid = yaml.replacingOccurrences(of: ", partitons: 3", with: "")
        let more = LessonCatalog.check(data: Data(valid.utf8)).map(\.description)
        #expect(more.contains("kafka.partitions: must be at least 1 (is 0)"))
        #expect(more.contains("kafka.assignor: must be one of range, roundrobin, sticky, cooperative-sticky (is 'sticky-ish')"))
        #expect(more.contains("kafka.protocol: must be one of classic, consumer (is 'kip848')"))
        #expect(more.contains("kafka.keyField: no producer has a field named 'b' (or write none)"))
        #expect(more.contains("kafka.heartbeatIntervalMs: must be below sessionTimeoutMs (45000)"))
        #expect(more.contains("chapters[0].script[0].kafkaPartitions: must be at least 1 (is 0)"))
    }
}
