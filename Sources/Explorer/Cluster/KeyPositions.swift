import RESP

/// Where a command's keys are, learned from the server's COMMAND INFO key specs (Redis
/// 7): each spec says where to begin (an index, or just after a keyword such as
/// `STREAMS`) and how to find the keys from there (a range, or a count argument). This
/// follows Redis's own `getKeysUsingKeySpecs` (db.c), so the cluster router finds the
/// same keys the server's COMMAND GETKEYS does; a test checks that on redis-server.
public struct KeyPositions: Sendable {
    struct Spec: Sendable {
        enum Begin: Sendable { case index(Int), keyword(String, startFrom: Int) }
        enum Find: Sendable { case range(lastKey: Int, step: Int, limit: Int), keyNum(index: Int, firstKey: Int, step: Int) }
        var begin: Begin
        var find: Find
    }
    /// Lowercased `name` or `name|sub` to its key specs.
    private var specs: [String: [Spec]] = [:]
    private var containers: Set<String> = []

    /// An index from a COMMAND INFO reply. O(commands)
    public init(commandInfo reply: RESPValue) {
        for entry in Self.items(reply) { add(entry) }
    }

    /// The number of commands and subcommands that have keys.
    public var count: Int { specs.count }

    /// Whether the server described this command (or subcommand).
    public func knows(_ args: [[UInt8]]) -> Bool { specs[name(args)] != nil || containers.contains(name(args)) }

    /// The command's keys, in argument order (duplicates kept). A command the server did
    /// not describe has none. - Complexity: O(arguments)
    public func keys(_ args: [[UInt8]]) -> [[UInt8]] {
        guard let list = specs[name(args)] else { return [] }
        var out: [[UInt8]] = []
        let argc = args.count
        for spec in list {
            var first = 0
            switch spec.begin {
            case .index(let i):
                guard i < argc else { continue }
                first = i
            case .keyword(let word, let startFrom):
                let target = Array(word.lowercased().utf8)
                let start = startFrom > 0 ? startFrom : argc + startFrom
                let end = startFrom > 0 ? argc - 1 : 0
                var i = start
                while i != end {  // Redis stops before end_index
                    if i >= argc || i < 1 { break }
                    if args[i].count == target.count && args[i].map(Self.lower) == target { first = i + 1; break }
                    i += start <= end ? 1 : -1
                }
                if first == 0 { continue }
            }
            var last: Int, step: Int
            switch spec.find {
            case .range(let lastKey, let s, let limit):
                step = s
                if lastKey >= 0 { last = first + lastKey }
                else if limit == 0 { last = argc + lastKey }
                else { last = first + ((argc - first) / limit + lastKey) }
            case .keyNum(let index, let firstKey, let s):
                step = s
                guard index < argc - first, let n = Int(String(decoding: args[first + index], as: UTF8.self)), n >= 0 else { continue }
                first += firstKey
                last = first + n - 1
            }
            guard step > 0 else { continue }
            var i = first
            while i <= last {
                guard i < argc, i >= first else { break }
                out.append(args[i])
                i += step
            }
        }
        return out
    }

    private func name(_ args: [[UInt8]]) -> String {
        guard let first = args.first else { return "" }
        let n = String(decoding: first.prefix(64), as: UTF8.self).lowercased()
        if containers.contains(n), args.count > 1 { return n + "|" + String(decoding: args[1].prefix(64), as: UTF8.self).lowercased() }
        return n
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    private mutating func add(_ entry: RESPValue) {
        let fields = Self.items(entry)
        guard fields.count >= 3, let name = Self.text(fields[0])?.lowercased() else { return }
        if fields.count >= 9 {
            let list = Self.items(fields[8]).compactMap(Self.spec)
            if !list.isEmpty { specs[name] = list }
        }
        if fields.count >= 10 {
            let subs = Self.items(fields[9])
            if !subs.isEmpty { containers.insert(name) }
            for sub in subs { add(sub) }
        }
    }

    private static func spec(_ v: RESPValue) -> Spec? {
        let f = ClusterTopology.Fields(v)
        guard let bs = f.values["begin_search"], let fk = f.values["find_keys"] else { return nil }
        let b = ClusterTopology.Fields(bs), k = ClusterTopology.Fields(fk)
        guard let bSpec = b.values["spec"], let kSpec = k.values["spec"] else { return nil }
        let bs2 = ClusterTopology.Fields(bSpec), ks = ClusterTopology.Fields(kSpec)
        let begin: Spec.Begin
        switch b.string("type") {
        case "index": guard let i = bs2.integer("index") else { return nil }; begin = .index(Int(i))
        case "keyword":
            guard let w = bs2.string("keyword"), let s = bs2.integer("startfrom") else { return nil }
            begin = .keyword(w, startFrom: Int(s))
        default: return nil
        }
        let find: Spec.Find
        switch k.string("type") {
        case "range":
            guard let l = ks.integer("lastkey"), let s = ks.integer("keystep"), let lim = ks.integer("limit") else { return nil }
            find = .range(lastKey: Int(l), step: Int(s), limit: Int(lim))
        case "keynum":
            guard let i = ks.integer("keynumidx"), let f = ks.integer("firstkey"), let s = ks.integer("keystep") else { return nil }
            find = .keyNum(index: Int(i), firstKey: Int(f), step: Int(s))
        default: return nil
        }
        return Spec(begin: begin, find: find)
    }

    private static func items(_ v: RESPValue) -> [RESPValue] {
        switch v {
        case .array(let a), .set(let a), .push(let a): return a
        default: return []
        }
    }

    private static func text(_ v: RESPValue) -> String? { ClusterTopology.Fields.text(v) }
}
