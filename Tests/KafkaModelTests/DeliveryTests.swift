@testable import KafkaModel
import Testing

@Suite struct DeliveryTests {
    /// b crashes between auto-commits: after the rebalance a starts b's partition at
    /// b's last committed offset and processes again exactly what b had processed since.
    @Test func crashBeforeCommitRedeliversExactlyWhatFollowsTheLastCommit() {
        var config = KafkaConfig()
        config.partitions = 2
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 100, at: 0)
        m.join("b", processingMs: 100, at: 0)
        m.advance(to: 3000)
        #expect(m.members[1].owned == [1])
        for n in 0..<120 { m.produce(key: "o-\(n)", label: "o-\(n)", at: 3000 + UInt64(n) * 100) }
        m.advance(to: 12_345)
        let lastCommit = m.committed[1]!
        let processedByB = (0..<m.partitions[1].logEndOffset).filter { m.timesProcessed(RecordRef(partition: 1, offset: $0)) == 1 }
        m.crash("b", at: 12_345)
        let afterCommit = processedByB.filter { $0 >= lastCommit }
        #expect(!afterCommit.isEmpty)
        m.advance(to: 200_000)
        let twice = (0..<m.partitions[1].logEndOffset).filter { m.timesProcessed(RecordRef(partition: 1, offset: $0)) == 2 }
        #expect(twice == afterCommit)
        #expect(m.figures.duplicates == afterCommit.count)
        #expect(m.members[0].owned == [0, 1])
        #expect(m.lag(0) == 0 && m.lag(1) == 0)
    }

    @Test func commitAfterProcessingLeavesNothingToRedoAfterABatch() {
        var config = KafkaConfig()
        config.partitions = 1
        config.commit = .afterProcessing
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 100, at: 0)
        m.join("b", processingMs: 100, at: 0)
        m.advance(to: 3000)
        for n in 0..<5 { m.produce(key: "o-\(n)", label: "o-\(n)", at: 4000) }
        m.advance(to: 5000)  // the batch of five is processed and committed at 4.5 s
        #expect(m.committed[0] == 5)
        let owner = m.owner(of: 0)!.name
        m.crash(owner, at: 5000)
        m.advance(to: 100_000)
        #expect(m.figures.duplicates == 0)
    }

    @Test func shareGroupRedeliversAfterTheLockExpires() {
        var config = KafkaConfig()
        config.groupKind = .share
        config.partitions = 1
        var m = KafkaModel(config: config)
        for n in 0..<3 { m.produce(key: nil, label: "o-\(n)", at: 0) }
        m.join("a", processingMs: 1000, at: 50)  // acquires all three at 50 ms
        m.crash("a", at: 500)
        #expect(m.shareStates[0][2]?.state == .acquired)
        m.join("b", processingMs: 100, at: 600)
        m.advance(to: 30_049)
        #expect(m.shareStates[0][0]?.state == .acquired)
        #expect(m.timesProcessed(RecordRef(partition: 0, offset: 0)) == 0)
        m.advance(to: 30_050)  // a's locks were taken at 50 ms and last 30 s
        #expect(m.shareStates[0][0]?.owner == "b")
        m.advance(to: 31_000)
        #expect(m.figures.redelivered == 3)
        #expect(m.timesProcessed(RecordRef(partition: 0, offset: 2)) == 1)
        #expect(m.shareStartOffsets[0] == 3)
    }

    @Test func shareGroupArchivesAfterTheDeliveryLimit() {
        var config = KafkaConfig()
        config.groupKind = .share
        config.partitions = 1
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 100, at: 0)
        m.produce(key: nil, label: "bad", poison: true, at: 10)
        m.produce(key: nil, label: "good", at: 10)
        m.advance(to: 10_000)
        #expect(m.figures.archived == 1)
        #expect(m.timesProcessed(RecordRef(partition: 0, offset: 0)) == config.deliveryCountLimit)
        #expect(m.timesProcessed(RecordRef(partition: 0, offset: 1)) == 1)
        #expect(m.shareStartOffsets[0] == 2)
        #expect(m.events.filter { $0.step == "ShareAcknowledge(RELEASE)" }.count == config.deliveryCountLimit - 1)
    }

    @Test func aNamedDeadLetterTopicReceivesWhatIsArchived() {
        var config = KafkaConfig()
        config.groupKind = .share
        config.partitions = 1
        config.deliveryCountLimit = 2
        config.deadLetterTopic = "orders-dlq"
        var m = KafkaModel(config: config)
        m.join("a", processingMs: 100, at: 0)
        m.produce(key: nil, label: "bad", poison: true, at: 10)
        m.advance(to: 10_000)
        #expect(m.figures.deadLettered == 1)
        #expect(m.timesProcessed(RecordRef(partition: 0, offset: 0)) == 2)
    }

    /// Retention deletes whole closed segments, read or not; the log start lands on a
    /// segment boundary.
    @Test func retentionDeletesWholeSegmentsWhateverWasRead() {
        var config = KafkaConfig()
        config.partitions = 1
        config.segmentBytes = 1000
        config.retentionMs = 10_000
        config.retentionCheckIntervalMs = 1000
        var m = KafkaModel(config: config)
        for n in 0..<20 { m.produce(key: nil, label: "r\(n)", bytes: 100, at: UInt64(n) * 1000) }
        // Segments of 10 records: [0,10) with its newest at 9 s, [10,20) active.
        #expect(m.partitions[0].segments.map(\.baseOffset) == [0, 10])
        m.advance(to: 19_999)  // 10 s after 9 s is not yet past retention.ms
        #expect(m.partitions[0].logStartOffset == 0)
        for n in 20..<25 { m.produce(key: nil, label: "r\(n)", bytes: 100, at: UInt64(n) * 1000) }
        // The check at 20 s deleted [0,10): its newest record was over 10 s old.
        #expect(m.partitions[0].segments.map(\.baseOffset) == [10, 20])
        #expect(m.partitions[0].logStartOffset == 10)
        #expect(m.figures.lostToRetention == 10)
        m.advance(to: 29_000)
        #expect(m.partitions[0].logStartOffset == 10)
        m.advance(to: 30_000)
        #expect(m.partitions[0].logStartOffset == 20)
        m.advance(to: 100_000)
        #expect(m.partitions[0].logStartOffset == 20)  // the active segment stays
    }
}
