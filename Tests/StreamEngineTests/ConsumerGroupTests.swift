import Testing
@testable import StreamEngine

@Suite("Consumer groups, PELs and claims on a moving clock")
struct ConsumerGroupTests {
    let config = StreamConfig()
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func setUp(_ n: Int) throws -> (Stream, ConsumerGroup, ManualClock) {
        let clock = ManualClock(milliseconds: 1_000_000)
        let s = Stream()
        for i in 1...n {
            try s.append(id: .id(StreamID(ms: UInt64(i), seq: 0)), pairs: [bytes("f"), bytes("\(i)")], nowMs: 0, config: config)
        }
        let g = s.createGroup(named: bytes("g"), lastID: .zero, entriesRead: 0)!
        return (s, g, clock)
    }

    @Test("reading new entries delivers them once and records them pending")
    func readNew() throws {
        let (s, g, clock) = try setUp(5)
        let alice = g.touchConsumer(bytes("alice"), now: clock.nowMilliseconds()).0
        let first = s.readNew(group: g, consumer: alice, count: 2, noAck: false, now: clock.nowMilliseconds())
        #expect(first.map(\.id.ms) == [1, 2])
        #expect(g.lastID == StreamID(ms: 2, seq: 0))
        #expect(g.entriesRead == 2)
        #expect(s.lag(of: g) == 3)
        #expect(g.pendingCount == 2)
        #expect(s.invariantViolations().isEmpty)
    }

    @Test("claiming moves ownership only past the idle threshold")
    func claimIdle() throws {
        let (s, g, clock) = try setUp(3)
        let alice = g.touchConsumer(bytes("alice"), now: clock.nowMilliseconds()).0
        _ = s.readNew(group: g, consumer: alice, count: 0, noAck: false, now: clock.nowMilliseconds())
        var options = Stream.ClaimOptions()
        options.minIdle = 60_000
        let ids = [StreamID(ms: 1, seq: 0), StreamID(ms: 2, seq: 0)]
        #expect(s.claim(group: g, consumerName: bytes("bob"), ids: ids, options: options, now: clock.nowMilliseconds()).isEmpty)
        clock.advance(by: 60_000)
        let claimed = s.claim(group: g, consumerName: bytes("bob"), ids: ids, options: options, now: clock.nowMilliseconds())
        #expect(claimed.count == 2)
        #expect(g.consumer(named: bytes("bob"))?.pendingCount == 2)
        #expect(alice.pendingCount == 1)
        #expect(g.pendingRecord(ids[0])?.deliveryCount == 2)
        #expect(s.invariantViolations().isEmpty)
    }

    @Test("autoclaim reports deleted entries and drops them from the PEL")
    func autoClaimDeleted() throws {
        let (s, g, clock) = try setUp(4)
        let alice = g.touchConsumer(bytes("alice"), now: clock.nowMilliseconds()).0
        _ = s.readNew(group: g, consumer: alice, count: 0, noAck: false, now: clock.nowMilliseconds())
        _ = s.delete([StreamID(ms: 2, seq: 0)])
        let r = s.autoClaim(group: g, consumerName: bytes("bob"), from: .zero, minIdle: 0, count: 10, justID: false, now: clock.nowMilliseconds())
        #expect(r.deleted == [StreamID(ms: 2, seq: 0)])
        #expect(r.claimed.count == 3)
        #expect(r.cursor == .zero)
        #expect(g.pendingCount == 3)
        #expect(s.invariantViolations().isEmpty)
    }

    @Test("acknowledging removes the entry from both PELs")
    func acknowledge() throws {
        let (s, g, clock) = try setUp(2)
        let alice = g.touchConsumer(bytes("alice"), now: clock.nowMilliseconds()).0
        _ = s.readNew(group: g, consumer: alice, count: 0, noAck: false, now: clock.nowMilliseconds())
        #expect(g.acknowledge(StreamID(ms: 1, seq: 0)))
        #expect(!g.acknowledge(StreamID(ms: 1, seq: 0)))
        #expect(alice.pendingIDs == [StreamID(ms: 2, seq: 0)])
        #expect(g.deleteConsumer(bytes("alice")) == 1)
        #expect(g.pendingCount == 0)
        #expect(s.invariantViolations().isEmpty)
    }
}
