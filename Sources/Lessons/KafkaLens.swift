import KafkaModel
import StreamEngine

/// The lesson's Kafka side: the same producers' entries as records of a topic, and the
/// main group's consumers as members of a Kafka group (`KafkaModel`), fed from the
/// lesson's events as data (`LessonAction`). A value: the runner snapshots it with the
/// simulation and replays it when stepping back.
public struct KafkaLens: Sendable {
    public internal(set) var model: KafkaModel
    /// For each of `model.events`, the index of the lesson event it follows (-1: before any).
    public internal(set) var after: [Int] = []
    /// The Redis side's figures, from the same events, for the side-by-side comparison.
    public internal(set) var redis = RedisFigures()
    let keyField: String?
    let group: String?
    let stream: String

    /// What the same workload cost on the Redis side.
    public struct RedisFigures: Sendable, Equatable {
        /// Entries processed a second time (at-least-once after a crash).
        public var duplicates = 0
        /// Entries held by crashed consumers now (stuck until someone claims them).
        public var stuck = 0
        /// The longest an entry stayed with a crashed consumer before a claim moved it.
        public var longestStuckMs: UInt64 = 0
        var heldBy: [String: [StreamID]] = [:]
        var crashedAt: [String: UInt64] = [:]
        var owner: [StreamID: String] = [:]
    }

    /// The lens of a lesson: its `kafka:` section, or Kafka's defaults for a lesson
    /// without one (so `K` shows the Kafka side of any lesson).
    init(plan: LessonPlan) {
        let k = plan.spec.kafka ?? KafkaSpec()
        var c = KafkaConfig()
        if let n = k.partitions { c.partitions = n }
        if let g = k.group.flatMap(KafkaConfig.GroupKind.init(rawValue:)) { c.groupKind = g }
        if let p = k.protocol.flatMap(KafkaConfig.GroupProtocol.init(rawValue:)) { c.groupProtocol = p }
        if let a = k.assignor.flatMap(KafkaAssignor.init(rawValue:)) { c.assignor = a }
        if let m = k.commit.flatMap(KafkaConfig.CommitMode.init(rawValue:)) { c.commit = m }
        if let r = k.autoOffsetReset { c.autoOffsetResetEarliest = r == "earliest" }
        func ms(_ v: Int?, _ set: (inout KafkaConfig, UInt64) -> Void) { if let v { set(&c, UInt64(max(0, v))) } }
        ms(k.sessionTimeoutMs) { $0.sessionTimeoutMs = $1 }
        ms(k.heartbeatIntervalMs) { $0.heartbeatIntervalMs = $1 }
        ms(k.maxPollIntervalMs) { $0.maxPollIntervalMs = $1 }
        ms(k.autoCommitIntervalMs) { $0.autoCommitIntervalMs = $1 }
        ms(k.initialRebalanceDelayMs) { $0.initialRebalanceDelayMs = $1 }
        ms(k.consumerHeartbeatIntervalMs) { $0.consumerHeartbeatIntervalMs = $1 }
        ms(k.consumerSessionTimeoutMs) { $0.consumerSessionTimeoutMs = $1 }
        ms(k.recordLockDurationMs) { $0.recordLockDurationMs = $1 }
        ms(k.segmentMs) { $0.segmentMs = $1 }
        ms(k.retentionCheckIntervalMs) { $0.retentionCheckIntervalMs = $1 }
        if let n = k.maxPollRecords { c.maxPollRecords = n }
        if let n = k.deliveryCountLimit { c.deliveryCountLimit = n }
        if let t = k.deadLetterTopic { c.deadLetterTopic = t }
        if let n = k.retentionMs { c.retentionMs = Int64(n) }
        if let n = k.retentionBytes { c.retentionBytes = Int64(n) }
        if let n = k.segmentBytes { c.segmentBytes = Int64(n) }
        stream = plan.streams[plan.main]
        group = plan.mainGroup.map { plan.groups[$0].name }
        model = KafkaModel(config: c, topic: stream, group: group ?? "group")
        keyField = k.keyField == "none" ? nil : (k.keyField ?? plan.keyFields[plan.main])
    }

    /// Lets the model's time run to `ms`; what happens on the way follows lesson event
    /// `lastEvent`. O(the model's steps).
    mutating func advance(to ms: UInt64, lastEvent: Int) {
        let before = model.events.count
        model.advance(to: ms)
        after += Array(repeating: lastEvent, count: model.events.count - before)
    }

    /// Applies a lesson event's action to the Kafka side. O(the action).
    mutating func feed(_ e: LessonEvent, sim: Simulation) {
        advance(to: e.timeMs, lastEvent: e.index - 1)
        let before = model.events.count
        switch e.action {
        case .produced(let producer, let s, let id) where s == stream:
            produce(producer, id, sim: sim, at: e.timeMs)
        case .producedMany(let producer, let s, let ids) where s == stream:
            for id in ids { produce(producer, id, sim: sim, at: e.timeMs) }
        case .joined(let consumer, let g) where g == group:
            join(consumer, sim: sim, at: e.timeMs)
        case .restarted(let consumer):
            redis.crashedAt[consumer] = nil
            if mainGroupConsumer(consumer, sim: sim) { join(consumer, sim: sim, at: e.timeMs) }
        case .crashed(let consumer, _):
            redis.crashedAt[consumer] = e.timeMs
            if mainGroupConsumer(consumer, sim: sim) { model.crash(consumer, at: e.timeMs) }
        case .partitionsAdded(let n):
            model.addPartitions(n, at: e.timeMs)
        // The Redis figures follow the main group only (the one the Kafka group stands for).
        case .took(let consumer, let g, let ids, _) where g == group:
            for id in ids { take(id, consumer) }
        case .claimed(let consumer, let g, let ids) where g == group:
            for id in ids {
                if let from = redis.owner[id], let t = redis.crashedAt[from] {
                    redis.longestStuckMs = max(redis.longestStuckMs, e.timeMs - t)
                }
                take(id, consumer)
            }
        case .processed(_, let g, let id, let duplicate, let acknowledged) where g == group:
            if duplicate { redis.duplicates += 1 }
            if acknowledged { release(id) }
        case .processedMany(_, let g, let ids, let duplicates) where g == group:
            redis.duplicates += duplicates
            for id in ids { release(id) }
        case .acknowledged(_, let g, let ids) where g == group:
            for id in ids { release(id) }
        case .deadLettered(_, let g, let id, _) where g == group:
            release(id)
        default:
            break
        }
        redis.stuck = redis.crashedAt.keys.reduce(0) { $0 + (redis.heldBy[$1]?.count ?? 0) }
        after += Array(repeating: e.index, count: model.events.count - before)
    }

    private func mainGroupConsumer(_ name: String, sim: Simulation) -> Bool {
        guard let g = sim.plan.mainGroup else { return false }
        return sim.state.consumers.contains { $0.name == name && $0.group == g }
    }

    private mutating func take(_ id: StreamID, _ consumer: String) {
        if let from = redis.owner[id] { redis.heldBy[from]?.removeAll { $0 == id } }
        redis.owner[id] = consumer
        redis.heldBy[consumer, default: []].append(id)
    }

    private mutating func release(_ id: StreamID) {
        if let from = redis.owner.removeValue(forKey: id) { redis.heldBy[from]?.removeAll { $0 == id } }
    }

    private mutating func produce(_ producer: String, _ id: StreamID, sim: Simulation, at t: UInt64) {
        var key: String?
        var bytes: Int64 = 70  // a record's own overhead in a batch, roughly
        var label = id.description
        if let s = sim.plan.streams.firstIndex(of: stream), let str = sim.stream(s) {
            let name = keyField.map { Array($0.utf8) }
            str.scan(from: id, to: id) { _, view in
                view.forEachPair { f, v in
                    bytes += Int64(f.count + v.count)
                    if let name, key == nil, f.elementsEqual(name) { key = String(decoding: v, as: UTF8.self) }
                }
                return false
            }
            label = sim.describe(id, in: s)
        }
        let poison = sim.plan.streams.firstIndex(of: stream).map { sim.state.poison[$0].contains(id) } ?? false
        model.produce(key: key, label: label, bytes: bytes, poison: poison, producer: producer, at: t)
    }

    private mutating func join(_ consumer: String, sim: Simulation, at t: UInt64) {
        guard let c = sim.state.consumers.first(where: { $0.name == consumer }) else { return }
        let spec = sim.plan.consumers[c.template]
        let p = spec.processing
        let ms = p.fixedMs ?? ((p.minMs ?? 0) + (p.maxMs ?? 0)) / 2
        model.join(consumer, processingMs: UInt64(max(1, ms)), failEvery: spec.failEvery, at: t)
    }
}

extension KafkaLens {
    /// What the screen and the transcript say first: a model, of which version.
    public var banner: String {
        let c = model.config
        let how: String
        switch c.groupKind {
        case .share:
            how = "share group (KIP-932), lock \(c.recordLockDurationMs / 1000) s, delivery limit \(c.deliveryCountLimit)"
                + (c.deadLetterTopic.isEmpty ? "" : ", dead letters to \(c.deadLetterTopic)")
        case .consumer:
            switch c.groupProtocol {
            case .classic:
                how = "classic protocol, \(c.assignor.rawValue) assignor (\(c.assignor.isCooperative ? "cooperative" : "eager")), session \(c.sessionTimeoutMs / 1000) s, heartbeat \(c.heartbeatIntervalMs / 1000) s, "
                    + (c.commit == .auto ? "auto-commit every \(c.autoCommitIntervalMs / 1000) s" : "commit after processing")
            case .consumer:
                how = "consumer protocol (KIP-848), heartbeat \(c.consumerHeartbeatIntervalMs / 1000) s, session \(c.consumerSessionTimeoutMs / 1000) s, "
                    + (c.commit == .auto ? "auto-commit every \(c.autoCommitIntervalMs / 1000) s" : "commit after processing")
            }
        }
        return "Kafka side: a model of the protocol, not a broker (Kafka \(KafkaConfig.version) defaults). Topic \(model.topic), \(model.partitionCount) partition\(model.partitionCount == 1 ? "" : "s"), "
            + "\(keyField.map { "key = \($0)" } ?? "no key (round-robin)"); \(how)."
    }

    /// The figures of both sides, a line each.
    public func figureLines() -> [String] {
        let f = model.figures
        let r = redis
        let redisLine = "Redis: \(r.duplicates) processed twice; \(RESPText.count(r.stuck, "entry", "entries")) stuck with a crashed consumer now; "
            + "longest stuck before a claim \(RESPText.seconds(r.longestStuckMs))"
        var kafkaLine = "Kafka: \(f.duplicates) processed twice; "
        if model.config.groupKind == .share {
            kafkaLine += "\(f.redelivered) redelivered, \(f.archived) archived"
                + (f.deadLettered > 0 ? " (\(f.deadLettered) to \(model.config.deadLetterTopic))" : "")
                + "; longest wait before first delivery \(RESPText.seconds(f.longestWaitMs))"
        } else {
            kafkaLine += "longest partition pause \(RESPText.seconds(f.longestPauseMs)); "
                + "longest wait before first delivery \(RESPText.seconds(f.longestWaitMs)); \(model.rebalances.count) rebalance\(model.rebalances.count == 1 ? "" : "s")"
        }
        if f.deletedByRetention > 0 { kafkaLine += "; retention deleted \(f.deletedByRetention) (\(f.lostToRetention) never read)" }
        return [redisLine, kafkaLine]
    }

}
