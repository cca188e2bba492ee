@testable import KafkaModel
import Testing

/// A member joins a stable group of two (4 partitions; a at 0, b at 1 s, so their
/// heartbeats fall at 3 s steps from 0 and from 1 s). c joins at 20 s.
@Suite struct IncrementalRebalanceTests {
    func joinScenario(_ config: KafkaConfig) -> KafkaModel {
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 10, at: 0)
        m.join("b", processingMs: 10, at: 1000)
        m.join("c", processingMs: 10, at: 20_000)
        m.advance(to: 60_000)
        return m
    }

    /// Cooperative: the first round gives c nothing that someone still owns; the owner
    /// revokes what moves and asks for a second round, which gives it to c. Only the
    /// moved partition pauses, from its revocation to the second SyncGroup. (The sticky
    /// algorithm lets the first member in ID order, a, keep the one extra partition, so
    /// b gives up its second, p3.)
    @Test func cooperativeMovesAPartitionInTwoRounds() {
        var config = KafkaConfig()
        config.partitions = 4
        config.assignor = .cooperativeSticky
        let m = joinScenario(config)
        // Generation 1 (3 s): a [0, 2], b [1, 3]. c joins at 20 s; a hears at 21 s, b at
        // 22 s: round one ends at 22 s with c given nothing and b told to give up p3.
        #expect(m.rebalances.count == 3)
        let first = m.rebalances[1], second = m.rebalances[2]
        #expect(first.startedMs == 20_000 && first.endedMs == 22_000)
        #expect(first.paused.isEmpty)
        #expect(second.reason == "b gave up p3")
        #expect(second.startedMs == 22_000)
        // b revoked and rejoined at once; c hears of the second round at 23 s, a at 24 s.
        #expect(second.endedMs == 24_000)
        #expect(second.paused == [3: 2_000])
        #expect(m.members.map(\.owned) == [[0, 2], [1], [3]])
    }

    @Test func eagerStopsEveryoneForAJoin() {
        var config = KafkaConfig()
        config.partitions = 4
        let m = joinScenario(config)
        #expect(m.rebalances.count == 2)
        let r = m.rebalances[1]
        #expect(r.startedMs == 20_000 && r.endedMs == 22_000)
        // a revoked p0, p1 at 21 s and waited; b revoked p2, p3 at 22 s.
        #expect(r.paused == [0: 1_000, 1: 1_000, 2: 0, 3: 0])
        #expect(m.members.map(\.owned) == [[0, 1], [2], [3]])
    }

    /// KIP-848: c's first heartbeat bumps the epoch and the target moves b's p3 to c; b
    /// learns at its next heartbeat (every 5 s from 1 s: 21 s), revokes it at its poll
    /// and acknowledges; c takes it at its own next heartbeat (25 s). Nothing else stops.
    @Test func kip848HandsOverOnePartitionWithoutABarrier() {
        var config = KafkaConfig()
        config.partitions = 4
        config.groupProtocol = .consumer
        let m = joinScenario(config)
        let r = m.rebalances.last!
        #expect(r.startedMs == 20_000)
        #expect(r.endedMs == 25_000)
        #expect(Set(r.paused.keys).count == 1)
        #expect(r.paused == [3: 4_000])
        #expect(m.members.map(\.owned.count).sorted() == [1, 1, 2])
        #expect(m.state == .stable)
    }

    /// A member whose batch outlasts max.poll.interval.ms is dropped by its heartbeat
    /// thread; the group rebalances without it, and it joins again at its next poll().
    @Test func aBatchLongerThanMaxPollIntervalDropsTheMember() {
        var config = KafkaConfig()
        config.partitions = 2
        config.maxPollIntervalMs = 10_000
        config.autoOffsetResetEarliest = true
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 100, at: 0)
        m.join("slow", processingMs: 3_000, at: 0)
        let key = (0..<100).map { "k\($0)" }.first { KafkaPartitioner.partition(key: Array($0.utf8), count: 2) == 1 }!
        for n in 0..<5 { m.produce(key: key, label: "r\(n)", at: 1_000) }
        m.advance(to: 13_000)  // polled all five at 3 s: 15 s of work against a 10 s limit
        #expect(m.members[1].owned.isEmpty)
        #expect(m.events.contains { $0.step == "LeaveGroup (max.poll.interval.ms)" && $0.timeMs == 13_000 })
        #expect(!m.members[1].inGroup)
        m.advance(to: 40_000)
        #expect(m.members[1].inGroup, "it joined again after its batch")
        #expect(m.figures.duplicates > 0, "a re-read what the slow member never committed")
    }
}
