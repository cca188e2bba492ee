import Testing
@testable import StreamEngine

@Suite("Stream IDs")
struct StreamIDTests {
    @Test("IDs order by milliseconds, then sequence")
    func ordering() {
        #expect(StreamID(ms: 1, seq: 9) < StreamID(ms: 2, seq: 0))
        #expect(StreamID(ms: 2, seq: 0) < StreamID(ms: 2, seq: 1))
        #expect(StreamID.zero < StreamID.max)
    }

    @Test("incrementing carries into the milliseconds and stops at the maximum")
    func increment() {
        #expect(StreamID(ms: 1, seq: .max).incremented() == StreamID(ms: 2, seq: 0))
        #expect(StreamID.max.incremented() == nil)
        #expect(StreamID(ms: 2, seq: 0).decremented() == StreamID(ms: 1, seq: .max))
        #expect(StreamID.zero.decremented() == nil)
    }

    @Test("parsing accepts Redis's forms and rejects the rest")
    func parsing() {
        func id(_ s: String, missingSeq: UInt64 = 0, strict: Bool = false) -> StreamID? {
            StreamIDParser.parseID(Array(s.utf8), missingSeq: missingSeq, strict: strict)
        }
        #expect(id("5-3") == StreamID(ms: 5, seq: 3))
        #expect(id("5") == StreamID(ms: 5, seq: 0))
        #expect(id("5", missingSeq: .max) == StreamID(ms: 5, seq: .max))
        #expect(id("-") == .zero)
        #expect(id("+") == .max)
        #expect(id("-", strict: true) == nil)
        #expect(id("abc") == nil)
        #expect(id("1-x") == nil)
        #expect(id("1-18446744073709551616") == nil)
        #expect(id("18446744073709551615-18446744073709551615") == .max)
        #expect(StreamIDParser.parse(Array("7-*".utf8), strict: true, allowAutoSequence: true) == .autoSequence(ms: 7))
        #expect(StreamIDParser.parse(Array("7-*".utf8), strict: true, allowAutoSequence: false) == nil)
    }

    @Test("an ID prints as ms-seq")
    func bytes() {
        #expect(StreamID(ms: 1_700_000_000_000, seq: 42).bytes == Array("1700000000000-42".utf8))
    }
}
