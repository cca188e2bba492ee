import Testing
import TestSupport
@testable import StreamEngine

@Suite("StreamIDMap (the B+ tree behind PELs)")
struct StreamIDMapTests {
    @Test("random inserts, updates and removals agree with a dictionary", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func agreesWithDictionary(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var map = StreamIDMap<Int>()
        var reference: [StreamID: Int] = [:]
        for step in 0..<20_000 {
            let id = StreamID(ms: UInt64.random(in: 0..<3000, using: &rng), seq: UInt64.random(in: 0..<3, using: &rng))
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...5:
                #expect(map.updateValue(step, for: id) == reference.updateValue(step, forKey: id))
            case 6...8:
                #expect(map.removeValue(for: id) == reference.removeValue(forKey: id))
            default:
                #expect(map.value(for: id) == reference[id])
            }
        }
        #expect(map.count == reference.count)
        #expect(map.keys == reference.keys.sorted())
        #expect(map.first?.key == reference.keys.min())
        #expect(map.last?.key == reference.keys.max())
        var fromMiddle: [StreamID] = []
        let start = StreamID(ms: 1500, seq: 0)
        map.forEach(from: start) { id, _ in fromMiddle.append(id); return true }
        #expect(fromMiddle == reference.keys.filter { $0 >= start }.sorted())
    }

    @Test("appending in order and emptying leaves a usable map")
    func appendThenEmpty() {
        var map = StreamIDMap<Void>()
        for i in 0..<10_000 { _ = map.updateValue((), for: StreamID(ms: UInt64(i), seq: 0)) }
        #expect(map.count == 10_000)
        for i in 0..<10_000 { #expect(map.removeValue(for: StreamID(ms: UInt64(i), seq: 0)) != nil) }
        #expect(map.isEmpty)
        _ = map.updateValue((), for: StreamID(ms: 7, seq: 7))
        #expect(map.keys == [StreamID(ms: 7, seq: 7)])
    }
}
