import Foundation
import StreamScopeResources
import RESP
import StreamEngine

/// A demo workload described as data (`Resources/demo-workload.json` at the package's top level): producers append
/// to streams at given rates, consumer groups read them with given batch sizes and
/// processing times, one consumer dies and leaves stuck pending entries, and failing
/// messages are retried until they turn poison. Every step is a Redis command sent
/// through the data source, so it runs the same against any source.
public final class DemoWorkload {
    public struct Spec: Decodable, Sendable {
        public var description: String
        public var streams: [StreamSpec]
    }

    public struct StreamSpec: Decodable, Sendable {
        public var key: String
        public var ratePerSecond: Double
        public var maxlen: Int?
        public var backfillSeconds: Int?
        public var backfillRatePerSecond: Double?
        public var fields: [String: [String]]
        public var groups: [GroupSpec]
    }

    public struct GroupSpec: Decodable, Sendable {
        public var name: String
        /// How many of the newest entries the group has not read yet at start (default 20).
        public var startBacklog: Int?
        public var consumers: [ConsumerSpec]
    }

    public struct ConsumerSpec: Decodable, Sendable {
        public var name: String
        public var batch: Int
        public var processingMs: UInt64
        /// After this long the consumer stops: what it holds stays pending.
        public var diesAfterSeconds: UInt64?
        /// Every n-th message fails and is never acknowledged.
        public var failEvery: Int?
        /// Failed messages are claimed again (delivery count +1) after this long.
        public var retryAfterMs: UInt64?
    }

    /// A message a consumer holds: done at `due`, or failed.
    struct Held {
        var id: String
        var due: UInt64
        var failed: Bool
    }

    final class ConsumerState {
        let spec: ConsumerSpec
        var held: [Held] = []
        var seen = 0
        init(spec: ConsumerSpec) { self.spec = spec }
    }

    public let spec: Spec
    private var started: UInt64?
    private var last: UInt64 = 0
    private var owed: [String: Double] = [:]
    private var tick = 0
    private var consumers: [String: [String: ConsumerState]] = [:]  // "stream/group" → name → state

    public init(spec: Spec) {
        self.spec = spec
    }

    /// Whether a store holds nothing but this workload's streams (or nothing at all),
    /// so running the demo there mixes into nobody's data.
    public func owns(_ streams: [String]) -> Bool {
        Set(streams).isSubset(of: Set(spec.streams.map(\.key)))
    }

    /// The workload bundled with StreamScope.
    public static func bundled() throws -> DemoWorkload {
        guard let url = DemoFiles.workload else {
            throw DataSourceError("demo-workload.json is missing from the bundle")
        }
        return try load(Data(contentsOf: url))
    }

    public static func load(_ json: Data) throws -> DemoWorkload {
        DemoWorkload(spec: try JSONDecoder().decode(Spec.self, from: json))
    }

    /// Advances the workload to the source's current time. O(messages produced and consumed).
    public func step(_ source: any StreamDataSource) {
        let now = source.nowMs
        if started == nil {
            started = now
            last = now
            // A store the demo already filled (an earlier run) is resumed, not seeded again.
            let existing = Set((try? source.streams().map(\.name)) ?? [])
            if !spec.streams.allSatisfy({ existing.contains($0.key) }) { setUp(source, now: now) }
            return
        }
        let elapsed = Double(now > last ? now - last : 0) / 1000
        last = now
        for s in spec.streams {
            owed[s.key, default: 0] += s.ratePerSecond * elapsed
            while owed[s.key]! >= 1 {
                owed[s.key]! -= 1
                produce(source, s, id: "*")
            }
            for g in s.groups {
                for c in g.consumers { consume(source, s, g, state(s, g, c), now: now) }
            }
        }
    }

    private func state(_ s: StreamSpec, _ g: GroupSpec, _ c: ConsumerSpec) -> ConsumerState {
        let k = s.key + "/" + g.name
        if let st = consumers[k]?[c.name] { return st }
        let st = ConsumerState(spec: c)
        consumers[k, default: [:]][c.name] = st
        return st
    }

    /// History, so the scrubber has something to show, and the groups.
    private func setUp(_ source: any StreamDataSource, now: UInt64) {
        for s in spec.streams {
            if let seconds = s.backfillSeconds, let rate = s.backfillRatePerSecond, rate > 0 {
                // Traffic that swells and ebbs (three waves), so the time scrubber has a shape.
                let startMs = Double(now - UInt64(seconds) * 1000)
                let endMs = Double(now - 1000)
                var ms = startMs
                while ms < endMs {
                    produce(source, s, id: "\(UInt64(ms))-*")
                    let phase = (ms - startMs) / (endMs - startMs) * 6 * Double.pi
                    let density = 0.15 + 1.7 * (1 + sin(phase)) / 2
                    ms += 1000 / (rate * density)
                }
            }
            for g in s.groups {
                _ = try? source.execute(["XGROUP", "CREATE", s.key, g.name, "0", "MKSTREAM"])
                // Most history is already processed: the group starts near the tail.
                if let backlog = try? source.entries(Array(s.key.utf8), from: .zero, to: .max, count: g.startBacklog ?? 20, reverse: true, filter: nil, scanLimit: 0),
                   let from = backlog.last, case .integer(let length)? = try? source.execute(["XLEN", s.key]) {
                    _ = try? source.execute(["XGROUP", "SETID", s.key, g.name, from.id.description,
                                             "ENTRIESREAD", String(max(0, Int(length) - backlog.count + 1))])
                }
            }
        }
    }

    private func produce(_ source: any StreamDataSource, _ s: StreamSpec, id: String) {
        tick += 1
        var cmd = ["XADD", s.key]
        if let m = s.maxlen { cmd += ["MAXLEN", "~", String(m)] }
        cmd.append(id)
        for name in s.fields.keys.sorted() {
            let values = s.fields[name]!
            cmd += [name, values[(tick * 31 + name.count * 7) % values.count]]
        }
        _ = try? source.execute(cmd)
    }

    private func consume(_ source: any StreamDataSource, _ s: StreamSpec, _ g: GroupSpec, _ c: ConsumerState, now: UInt64) {
        let dead = c.spec.diesAfterSeconds.map { now >= started! + $0 * 1000 } ?? false
        if dead { return }
        // Finish what is due; failed messages stay pending and are retried later.
        var done: [String] = []
        var keep: [Held] = []
        for h in c.held {
            if h.due > now { keep.append(h); continue }
            if h.failed {
                if let retry = c.spec.retryAfterMs {
                    _ = try? source.execute(["XCLAIM", s.key, g.name, c.spec.name, String(retry), h.id])
                    keep.append(Held(id: h.id, due: now + retry, failed: true))
                }
            } else {
                done.append(h.id)
            }
        }
        c.held = keep
        if !done.isEmpty { _ = try? source.execute(["XACK", s.key, g.name] + done) }
        guard c.held.filter({ !$0.failed }).isEmpty else { return }
        let reply = try? source.execute(["XREADGROUP", "GROUP", g.name, c.spec.name, "COUNT", String(c.spec.batch), "STREAMS", s.key, ">"])
        guard case .array(let streams)? = reply, case .array(let pair)? = streams.first, pair.count == 2,
              case .array(let entries) = pair[1] else { return }
        for e in entries {
            guard case .array(let parts) = e, case .bulkString(let id)? = parts.first else { continue }
            c.seen += 1
            let failed = c.spec.failEvery.map { c.seen % $0 == 0 } ?? false
            c.held.append(Held(id: String(decoding: id, as: UTF8.self), due: now + c.spec.processingMs, failed: failed))
        }
    }
}
