import RESP

/// Which stream keys are partitions of one logical stream, the way users shard a stream
/// that outgrew one key (or one node): keys named `name:{n}` or `name:n` (n decimal
/// digits; the braces make each partition a hashtag, so a cluster spreads them over its
/// slots) form the logical stream `name` when there are at least two of them; a glob
/// given with `--partitions 'orders:*'` (`*` any run of bytes, `?` one byte) makes every
/// key it matches a partition of the logical stream named by the pattern, even one.
public struct PartitionRules: Equatable, Sendable {
    public var patterns: [String]
    public init(patterns: [String] = []) { self.patterns = patterns }

    /// The logical stream `key` would belong to. - Complexity: O(key × patterns)
    public func family(of key: [UInt8]) -> String? {
        for p in patterns where Self.glob(Array(p.utf8)[...], key[...]) { return p }
        return Self.suffixBase(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The logical streams among `streams` with their partitions, by name. Suffix
    /// families need two partitions; pattern families one. - Complexity: O(streams)
    public func families(_ streams: [StreamSummary]) -> [String: [StreamSummary]] {
        var out: [String: [StreamSummary]] = [:]
        for s in streams { if let f = family(of: s.key) { out[f, default: []].append(s) } }
        return out.filter { patterns.contains($0.key) || $0.value.count >= 2 }
    }

    /// The partitions of the logical stream `key` belongs to, if it is one.
    public func partitions(of key: [UInt8], in streams: [StreamSummary]) -> (name: String, members: [StreamSummary])? {
        guard let f = family(of: key), let members = families(streams)[f] else { return nil }
        return (f, members)
    }

    /// `name` of `name:{n}` or `name:n`.
    static func suffixBase(_ key: [UInt8]) -> ArraySlice<UInt8>? {
        var k = key[...]
        var braced = false
        if k.last == UInt8(ascii: "}") { k = k.dropLast(); braced = true }
        let digits = k.reversed().prefix { $0 >= 48 && $0 <= 57 }.count
        guard digits > 0 else { return nil }
        k = k.dropLast(digits)
        if braced { guard k.last == UInt8(ascii: "{") else { return nil }; k = k.dropLast() }
        guard k.last == UInt8(ascii: ":"), k.count > 1 else { return nil }
        return k.dropLast()
    }

    /// Glob with `*` and `?` (no classes). - Complexity: O(pattern × text)
    static func glob(_ p: ArraySlice<UInt8>, _ t: ArraySlice<UInt8>) -> Bool {
        var pi = p.startIndex, ti = t.startIndex
        var star: (p: Int, t: Int)?
        while ti < t.endIndex {
            if pi < p.endIndex, p[pi] == UInt8(ascii: "*") { star = (pi, ti); pi += 1; continue }
            if pi < p.endIndex, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] { pi += 1; ti += 1; continue }
            guard let s = star else { return false }
            pi = s.p + 1
            ti = s.t + 1
            star = (s.p, s.t + 1)
        }
        while pi < p.endIndex, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.endIndex
    }
}

/// One logical stream seen as its partitions, the way Kafka tools show a topic: a row
/// per partition (length, rate, node, and per consumer group its lag and pending
/// entries) and the totals, which are the sums of the partitions' XINFO figures. A
/// partition much longer or faster than the others is skewed: more than twice the
/// median of the partitions' lengths (by at least 10 entries), or of their rates (by at
/// least 2 a second).
public struct PartitionView: Equatable, Sendable {
    public struct Figures: Equatable, Sendable {
        /// nil when a partition's lag is unknown (Redis cannot always tell), and then in the total.
        public var lag: Int64?
        public var pending: Int
        public init(lag: Int64?, pending: Int) {
            self.lag = lag
            self.pending = pending
        }
    }
    public struct Row: Equatable, Sendable {
        public var key: [UInt8]
        public var length: Int
        public var rate: Int?
        public var node: String?
        public var groups: [BinaryName: Figures]
        public var skewed: Bool
    }
    public var name: String
    public var rows: [Row]
    /// Every group on any partition, by name.
    public var groupNames: [BinaryName]
    public var totalLength: Int
    /// Per group: the sum over the partitions that have it.
    public var totals: [BinaryName: Figures]

    /// - Complexity: O(partitions × groups + partitions log partitions)
    public static func build(name: String, partitions: [StreamSummary], groups: [[UInt8]: [GroupSummary]], rates: [[UInt8]: [Int]]) -> PartitionView {
        let members = partitions.sorted { a, b in
            let (x, y) = (Self.number(a.key), Self.number(b.key))
            return x != y ? (x ?? .max) < (y ?? .max) : a.key.lexicographicallyPrecedes(b.key)
        }
        let lengths = members.map(\.length).sorted()
        let rateList = members.map { rates[$0.key]?.last ?? 0 }
        let medianLength = lengths.isEmpty ? 0 : lengths[lengths.count / 2]
        let medianRate = rateList.sorted().isEmpty ? 0 : rateList.sorted()[rateList.count / 2]
        var names: [BinaryName] = []
        var totals: [BinaryName: Figures] = [:]
        var rows: [Row] = []
        for (m, rate) in zip(members, rateList) {
            var figures: [BinaryName: Figures] = [:]
            for g in groups[m.key] ?? [] {
                figures[g.name] = Figures(lag: g.lag, pending: g.pending)
                if !names.contains(g.name) { names.append(g.name) }
                var t = totals[g.name] ?? Figures(lag: 0, pending: 0)
                t.pending += g.pending
                t.lag = t.lag.flatMap { total in g.lag.map { total + $0 } }
                totals[g.name] = t
            }
            let skewed = members.count > 1 && ((m.length > 2 * medianLength && m.length - medianLength >= 10)
                                               || (rate > 2 * medianRate && rate - medianRate >= 2))
            rows.append(Row(key: m.key, length: m.length, rate: rates[m.key]?.last, node: m.node, groups: figures, skewed: skewed))
        }
        return PartitionView(name: name, rows: rows, groupNames: names.sorted(),
                             totalLength: members.reduce(0) { $0 + $1.length }, totals: totals)
    }

    /// The partition number of `name:{n}` / `name:n`, for ordering.
    static func number(_ key: [UInt8]) -> Int? {
        let digits = key.reversed().drop { $0 == UInt8(ascii: "}") }.prefix { $0 >= 48 && $0 <= 57 }
        return digits.isEmpty ? nil : Int(String(decoding: digits.reversed(), as: UTF8.self))
    }
}
