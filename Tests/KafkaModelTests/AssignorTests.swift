@testable import KafkaModel
import Testing

@Suite struct AssignorTests {
    func tps(_ s: String) -> [TopicPartition] {
        s.split(separator: " ").map { w in
            let parts = w.dropFirst().split(separator: "p")
            return TopicPartition("t" + parts[0], Int(parts[1])!)
        }
    }

    /// RangeAssignor's javadoc: C0, C1; t0 and t1 with 3 partitions each.
    @Test func rangeReproducesItsJavadocExample() {
        let a = KafkaAssignor.range(["t0": 3, "t1": 3], ["C0": ["t0", "t1"], "C1": ["t0", "t1"]])
        #expect(a["C0"] == tps("t0p0 t0p1 t1p0 t1p1"))
        #expect(a["C1"] == tps("t0p2 t1p2"))
    }

    /// RoundRobinAssignor's javadoc, both examples.
    @Test func roundRobinReproducesItsJavadocExamples() {
        let a = KafkaAssignor.roundRobin(["t0": 3, "t1": 3], ["C0": ["t0", "t1"], "C1": ["t0", "t1"]])
        #expect(a["C0"] == tps("t0p0 t0p2 t1p1"))
        #expect(a["C1"] == tps("t0p1 t1p0 t1p2"))
        let b = KafkaAssignor.roundRobin(["t0": 1, "t1": 2, "t2": 3], ["C0": ["t0"], "C1": ["t0", "t1"], "C2": ["t0", "t1", "t2"]])
        #expect(b["C0"] == tps("t0p0"))
        #expect(b["C1"] == tps("t1p0"))
        #expect(b["C2"] == tps("t1p1 t2p0 t2p1 t2p2"))
    }

    /// StickyAssignor's javadoc, example 1's first assignment (three consumers, four
    /// topics of two partitions). Its second step (C1 leaves) was written for the
    /// original general algorithm; the constrained one Kafka runs today keeps the same
    /// partitions in place, which `stickyKeepsWhatNeedNotMoveAndBalancesWithinOne` checks.
    @Test func stickyReproducesItsJavadocFirstAssignment() {
        let none: [String: [TopicPartition]] = ["C0": [], "C1": [], "C2": []]
        let (a, moving) = KafkaAssignor.constrainedSticky(["t0": 2, "t1": 2, "t2": 2, "t3": 2], owned: none)
        #expect(a["C0"] == tps("t0p0 t1p1 t3p0"))
        #expect(a["C1"] == tps("t0p1 t2p0 t3p1"))
        #expect(a["C2"] == tps("t1p0 t2p1"))
        #expect(moving.isEmpty)
        // C1 leaves: C0 and C2 keep all they had and share C1's three.
        let (b, _) = KafkaAssignor.constrainedSticky(["t0": 2, "t1": 2, "t2": 2, "t3": 2], owned: ["C0": a["C0"]!, "C2": a["C2"]!])
        #expect(Set(a["C0"]!).isSubset(of: Set(b["C0"]!)))
        #expect(Set(a["C2"]!).isSubset(of: Set(b["C2"]!)))
        #expect(b["C0"]!.count == 4 && b["C2"]!.count == 4)
    }

    /// Over many random memberships: every partition once, sizes within one, and each
    /// surviving member keeps min(what it had, what it ends with) of its partitions;
    /// the cooperative assignor leaves out exactly the partitions that change owner.
    @Test func stickyKeepsWhatNeedNotMoveAndBalancesWithinOne() {
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var owned: [String: [Int]] = [:]
        var checked = 0
        for _ in 0..<400 {
            let partitions = 1 + next(12)
            // Members come and go.
            var names = Set(owned.keys)
            if next(3) == 0 || names.isEmpty { names.insert("m\(next(9))") }
            if next(3) == 0, let gone = names.randomElementStable(next) { names.remove(gone) }
            let before = owned.filter { names.contains($0.key) }.mapValues { $0.filter { $0 < partitions } }
            let members = names.sorted()
            if members.isEmpty { owned = [:]; continue }
            let sticky = KafkaAssignor.sticky.assign(topic: "t", partitions: partitions, members: members, owned: before)
            let all = sticky.values.flatMap { $0 }
            #expect(all.sorted() == Array(0..<partitions))
            let sizes = sticky.values.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1)
            for m in members {
                let had = Set(before[m] ?? [])
                let now = Set(sticky[m]!)
                #expect(had.intersection(now).count == min(had.count, now.count), "\(m) had \(had) got \(now)")
            }
            let coop = KafkaAssignor.cooperativeSticky.assign(topic: "t", partitions: partitions, members: members, owned: before)
            for m in members {
                let movingIn = Set(sticky[m]!).filter { p in before.contains { $0.key != m && $0.value.contains(p) } }
                #expect(Set(coop[m]!) == Set(sticky[m]!).subtracting(movingIn))
            }
            owned = sticky
            checked += 1
        }
        #expect(checked > 300)
    }

    @Test func consumersBeyondThePartitionCountGetNothing() {
        let a = KafkaAssignor.range.assign(topic: "t", partitions: 3, members: ["a", "b", "c", "d"], owned: [:])
        #expect(a["d"] == [])
        #expect(a.values.filter(\.isEmpty).count == 1)
    }
}

extension Set where Element == String {
    func randomElementStable(_ next: (Int) -> Int) -> String? {
        isEmpty ? nil : sorted()[next(count)]
    }
}
