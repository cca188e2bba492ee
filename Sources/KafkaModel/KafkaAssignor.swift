/// A partition of a topic, ordered by topic then number as Kafka sorts them.
public struct TopicPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int
    public init(_ topic: String, _ partition: Int) {
        self.topic = topic
        self.partition = partition
    }
    public static func < (a: TopicPartition, b: TopicPartition) -> Bool {
        (a.topic, a.partition) < (b.topic, b.partition)
    }
    /// `t0p1`, the way Kafka's javadoc writes them.
    public var description: String { "\(topic)p\(partition)" }
}

/// The classic protocol's client-side assignors, as Kafka's classes define them
/// (`RangeAssignor`, `RoundRobinAssignor`, `StickyAssignor`, `CooperativeStickyAssignor`).
/// Members are named by their member ID and taken in lexicographic order, as Kafka
/// sorts them. Under KIP-848 the broker assigns (its default `uniform` assignor); the
/// model gives that role to the sticky algorithm, which has the same aims (balance
/// within one, keep what need not move), and says so.
public enum KafkaAssignor: String, Sendable, CaseIterable {
    case range
    case roundRobin = "roundrobin"
    case sticky
    case cooperativeSticky = "cooperative-sticky"

    /// Whether the classic protocol runs the cooperative (incremental) rebalance with
    /// it: only `cooperative-sticky` supports the COOPERATIVE protocol.
    public var isCooperative: Bool { self == .cooperativeSticky }

    /// The assignment of a single topic of `partitions` partitions to `members`, each
    /// of which owned `owned` before (sticky assignors read it; the others ignore it).
    /// For the cooperative assignor, partitions that change owner are left out of this
    /// round, as `CooperativeStickyAssignor.adjustAssignment` does.
    /// - Complexity: O(partitions + members × log members).
    public func assign(topic: String, partitions: Int, members: [String], owned: [String: [Int]]) -> [String: [Int]] {
        let subs = Dictionary(uniqueKeysWithValues: members.map { ($0, [topic]) })
        let result: [String: [TopicPartition]]
        switch self {
        case .range: result = KafkaAssignor.range([topic: partitions], subs)
        case .roundRobin: result = KafkaAssignor.roundRobin([topic: partitions], subs)
        case .sticky, .cooperativeSticky:
            let before = Dictionary(uniqueKeysWithValues: members.map { m in (m, (owned[m] ?? []).map { TopicPartition(topic, $0) }) })
            let (assignment, moving) = KafkaAssignor.constrainedSticky([topic: partitions], owned: before)
            if self == .cooperativeSticky {
                result = assignment.mapValues { $0.filter { moving[$0] == nil } }
            } else {
                result = assignment
            }
        }
        return result.mapValues { $0.map(\.partition).sorted() }
    }

    /// `RangeAssignor.assign`: per topic, partitions in order and its subscribers in
    /// lexicographic order; each gets `P / N`, the first `P % N` one more.
    /// - Complexity: O(total partitions + members × log members per topic).
    public static func range(_ partitionsPerTopic: [String: Int], _ subscriptions: [String: [String]]) -> [String: [TopicPartition]] {
        var assignment = Dictionary(uniqueKeysWithValues: subscriptions.keys.map { ($0, [TopicPartition]()) })
        for topic in partitionsPerTopic.keys.sorted() {
            let count = partitionsPerTopic[topic]!
            let consumers = subscriptions.filter { $0.value.contains(topic) }.keys.sorted()
            guard !consumers.isEmpty else { continue }
            let each = count / consumers.count, extra = count % consumers.count
            for (i, c) in consumers.enumerated() {
                let start = each * i + min(i, extra)
                let length = each + (i + 1 > extra ? 0 : 1)
                assignment[c]! += (start..<start + length).map { TopicPartition(topic, $0) }
            }
        }
        return assignment
    }

    /// `RoundRobinAssignor.assign`: all partitions sorted by topic then number, dealt to
    /// the members in lexicographic order in a circle, skipping a member not subscribed
    /// to the partition's topic.
    /// - Complexity: O(total partitions × members) at worst.
    public static func roundRobin(_ partitionsPerTopic: [String: Int], _ subscriptions: [String: [String]]) -> [String: [TopicPartition]] {
        var assignment = Dictionary(uniqueKeysWithValues: subscriptions.keys.map { ($0, [TopicPartition]()) })
        let members = subscriptions.keys.sorted()
        guard !members.isEmpty else { return assignment }
        let topics = Set(subscriptions.values.flatMap { $0 }).sorted()
        var next = 0
        for topic in topics {
            guard let count = partitionsPerTopic[topic] else { continue }
            for p in 0..<count {
                while !subscriptions[members[next]]!.contains(topic) { next = (next + 1) % members.count }
                assignment[members[next]]!.append(TopicPartition(topic, p))
                next = (next + 1) % members.count
            }
        }
        return assignment
    }
}
