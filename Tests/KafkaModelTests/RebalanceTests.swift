@testable import KafkaModel
import Testing

/// Three members join at 0, 1 s and 2 s (so their heartbeats, every 3 s from their
/// join, fall at different instants); the group forms at 3 s (the initial rebalance
/// delay); c crashes at 10 s, having last heartbeated at 8 s, so its session expires
/// at 53 s; a hears of the rebalance at 54 s, b at 55 s.
@Suite struct RebalanceTests {
    func crashScenario(_ assignor: KafkaAssignor) -> KafkaModel {
        var config = KafkaConfig()
        config.partitions = 6
        config.assignor = assignor
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 10, at: 0)
        m.join("b", processingMs: 10, at: 1000)
        m.join("c", processingMs: 10, at: 2000)
        m.crash("c", at: 10_000)
        m.advance(to: 120_000)
        return m
    }

    @Test func groupFormsAfterTheInitialRebalanceDelay() {
        var config = KafkaConfig()
        config.partitions = 6
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 10, at: 0)
        m.join("b", processingMs: 10, at: 1000)
        m.advance(to: 2999)
        #expect(m.state == .preparingRebalance)
        m.advance(to: 3000)
        #expect(m.state == .stable)
        #expect(m.generation == 1)
        #expect(m.members.map(\.owned) == [[0, 1, 2], [3, 4, 5]])
    }

    @Test func eagerRebalanceStopsEveryPartitionUntilTheLastMemberRejoins() {
        let m = crashScenario(.range)
        #expect(m.rebalances.count == 2)
        let r = m.rebalances[1]
        #expect(r.startedMs == 53_000)
        #expect(r.endedMs == 55_000)
        #expect(r.generation == 2)
        // a revoked p0, p1 at 54 s and waited for b; b revoked p2, p3 at 55 s, the
        // instant the join completed; c's p4, p5 went unconsumed from the crash.
        #expect(r.paused == [0: 1000, 1: 1000, 2: 0, 3: 0, 4: 45_000, 5: 45_000])
        #expect(m.members[0].owned == [0, 1, 2])
        #expect(m.members[1].owned == [3, 4, 5])
        #expect(m.figures.longestPauseMs == 45_000)
    }

    @Test func cooperativeRebalanceStopsOnlyTheCrashedMembersPartitions() {
        let m = crashScenario(.cooperativeSticky)
        let r = m.rebalances[1]
        #expect(r.startedMs == 53_000)
        #expect(r.endedMs == 55_000)
        #expect(r.paused == [2: 45_000, 5: 45_000])
        #expect(m.members[0].owned == [0, 2, 3])
        #expect(m.members[1].owned == [1, 4, 5])
    }

    /// A busy member rejoins only at its next poll(): under the eager protocol the
    /// members that already revoked wait for it.
    @Test func eagerRebalanceWaitsForABusyMembersBatch() {
        var config = KafkaConfig()
        config.partitions = 2
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 1000, at: 0)
        m.join("b", processingMs: 1000, at: 0)
        m.advance(to: 3000)
        // Ten records on a's partition at 20.5 s: a is busy until 30.5 s.
        let key = (0..<100).map { "k\($0)" }.first { KafkaPartitioner.partition(key: Array($0.utf8), count: 2) == 0 }!
        for n in 0..<10 { m.produce(key: key, label: "r\(n)", at: 20_500) }
        m.join("c", processingMs: 1000, at: 22_000)
        m.advance(to: 60_000)
        let r = m.rebalances[1]
        #expect(r.startedMs == 22_000)
        // b heard at 24 s (heartbeats at 3 s steps) and revoked p1 then; a heard at 24 s
        // too but finished its batch at 30.5 s.
        #expect(r.endedMs == 30_500)
        #expect(r.paused[1] == 6_500)
    }

    @Test func kip848MovesOnlyWhatMustMoveAtHeartbeats() {
        var config = KafkaConfig()
        config.partitions = 6
        config.groupProtocol = .consumer
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 10, at: 0)
        m.join("b", processingMs: 10, at: 1000)
        m.join("c", processingMs: 10, at: 2000)
        m.advance(to: 20_000)
        #expect(m.state == .stable)
        #expect(Set(m.members.flatMap(\.owned)) == Set(0..<6))
        let cOwned = m.members[2].owned
        // c crashes at 20 s, having last heartbeated at 17 s (every 5 s from 2 s): its
        // session expires at 62 s; a heartbeats at 65 s, b at 66 s, and each takes its
        // share of c's partitions then.
        m.crash("c", at: 20_000)
        m.advance(to: 120_000)
        let r = m.rebalances.last!
        #expect(r.startedMs == 62_000)
        #expect(r.endedMs == 66_000)
        #expect(Set(r.paused.keys) == Set(cOwned))
        #expect(r.paused.values.allSatisfy { $0 == 45_000 || $0 == 46_000 })
        #expect(m.state == .stable)
    }

    @Test func consumersBeyondThePartitionCountSitIdle() {
        var config = KafkaConfig()
        config.partitions = 2
        var m = KafkaModel(config: config)
        for (i, n) in ["a", "b", "c"].enumerated() { m.join(n, processingMs: 10, at: UInt64(i) * 100) }
        m.advance(to: 5000)
        #expect(m.members.map(\.owned) == [[0], [1], []])
        #expect(m.events.contains { $0.sentence.contains("c idle: more consumers than partitions") })
    }

    /// The same inputs advanced in one go or in small steps give the same run.
    @Test func advancingInStepsGivesTheSameRun() {
        func run(step: UInt64) -> KafkaModel {
            var m = KafkaModel()
            m.join("a", processingMs: 300, at: 0)
            m.join("b", processingMs: 300, at: 0)
            var t: UInt64 = 0
            for n in 0..<200 {
                let at = UInt64(n) * 250
                while t + step < at { t += step; m.advance(to: t) }
                m.produce(key: "o-\(n)", label: "o-\(n)", at: at)
                if n == 80 { m.crash("b", at: at) }
            }
            m.advance(to: 200_000)
            return m
        }
        let a = run(step: 1_000_000), b = run(step: 7)
        #expect(a.events == b.events)
        #expect(a.committed == b.committed)
        #expect(a.figures == b.figures)
    }
}
