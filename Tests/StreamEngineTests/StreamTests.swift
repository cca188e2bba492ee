import Testing
@testable import StreamEngine

@Suite("Stream: append, range, delete, trim")
struct StreamTests {
    let config = StreamConfig(nodeMaxEntries: 4, nodeMaxBytes: 4096)

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func filled(_ n: Int, config: StreamConfig? = nil) throws -> Stream {
        let s = Stream()
        for i in 1...n {
            try s.append(id: .id(StreamID(ms: UInt64(i), seq: 0)), pairs: [bytes("f"), bytes("v\(i)")], nowMs: 0, config: config ?? self.config)
        }
        #expect(s.invariantViolations(config: config ?? self.config).isEmpty)
        return s
    }

    @Test("entries come back with their fields, same-as-master or not")
    func roundTrip() throws {
        let s = Stream()
        let pairs: [[[UInt8]]] = [[bytes("a"), bytes("1")], [bytes("a"), bytes("2")], [bytes("b"), bytes(""), bytes("c"), bytes("xyz")], [bytes("a"), bytes("")]]
        for (i, p) in pairs.enumerated() {
            try s.append(id: .id(StreamID(ms: 10, seq: UInt64(i))), pairs: p, nowMs: 0, config: config)
        }
        let got = s.range(from: .zero, to: .max)
        #expect(got.map(\.pairs) == pairs)
        #expect(s.entry(StreamID(ms: 10, seq: 2))?.pairs == pairs[2])
        #expect(s.invariantViolations(config: config).isEmpty)
    }

    @Test("a node closes at stream-node-max-entries")
    func nodeLimit() throws {
        let s = try filled(10)
        #expect(s.nodeCount == 3)
        #expect(s.length == 10)
    }

    @Test("an ID not above the last one is refused, even after the top entry is deleted")
    func idMustGrow() throws {
        let s = try filled(3)
        #expect(s.delete([StreamID(ms: 3, seq: 0)]) == 1)
        #expect(throws: StreamError.idNotGreaterThanTop) {
            try s.append(id: .id(StreamID(ms: 3, seq: 0)), pairs: [bytes("f"), bytes("v")], nowMs: 0, config: config)
        }
        #expect(throws: StreamError.idNotGreaterThanTop) {
            try s.append(id: .id(StreamID(ms: 2, seq: 5)), pairs: [bytes("f"), bytes("v")], nowMs: 0, config: config)
        }
    }

    @Test("* uses the clock, and the last ID's successor when the clock is behind")
    func autoID() throws {
        let s = Stream()
        let a = try s.append(id: nil, pairs: [bytes("f"), bytes("v")], nowMs: 500, config: config)
        let b = try s.append(id: nil, pairs: [bytes("f"), bytes("v")], nowMs: 400, config: config)
        #expect(a == StreamID(ms: 500, seq: 0))
        #expect(b == StreamID(ms: 500, seq: 1))
    }

    @Test("range honours bounds, direction and count")
    func ranges() throws {
        let s = try filled(10)
        #expect(s.range(from: StreamID(ms: 3, seq: 0), to: StreamID(ms: 6, seq: 0)).map(\.id.ms) == [3, 4, 5, 6])
        #expect(s.range(from: .zero, to: .max, count: 2, reverse: true).map(\.id.ms) == [10, 9])
        #expect(s.range(from: StreamID(ms: 11, seq: 0), to: .max).isEmpty)
    }

    @Test("deleting flags entries; an emptied node goes away")
    func deletion() throws {
        let s = try filled(8)
        #expect(s.delete([1, 2, 3, 4].map { StreamID(ms: $0, seq: 0) }) == 4)
        #expect(s.nodeCount == 1)
        #expect(s.length == 4)
        #expect(s.maxDeletedID == StreamID(ms: 4, seq: 0))
        #expect(s.delete([StreamID(ms: 4, seq: 0)]) == 0)
        #expect(s.invariantViolations(config: config).isEmpty)
    }

    @Test("exact MAXLEN trims entries; ~ trims whole nodes only")
    func trimming() throws {
        let exact = try filled(10)
        #expect(exact.trim(.maxLength(3), approximate: false, limit: 0) == 7)
        #expect(exact.range(from: .zero, to: .max).map(\.id.ms) == [8, 9, 10])
        let approx = try filled(10)
        #expect(approx.trim(.maxLength(3), approximate: true, limit: 0) == 4)
        #expect(approx.length == 6)
        let byID = try filled(10)
        #expect(byID.trim(.minID(StreamID(ms: 6, seq: 0)), approximate: false, limit: 0) == 5)
        #expect(byID.firstEntry?.id == StreamID(ms: 6, seq: 0))
        for s in [exact, approx, byID] { #expect(s.invariantViolations(config: config).isEmpty) }
    }

    @Test("packed nodes cost about as much as Redis's listpacks")
    func compactness() throws {
        let big = StreamConfig()
        let s = Stream()
        for i in 0..<10_000 {
            try s.append(id: .id(StreamID(ms: 1_700_000_000_000 + UInt64(i), seq: 0)), pairs: [bytes("f"), bytes(String(i))], nowMs: 0, config: big)
        }
        let perEntry = Double(s.memoryFootprint) / 10_000
        #expect(perEntry < 16, "\(perEntry) bytes per entry")
    }
}
