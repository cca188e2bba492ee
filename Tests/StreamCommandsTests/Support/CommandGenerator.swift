import TestSupport

/// Random command sequences over a few keys, groups and consumers, mostly valid (so
/// that state builds up) and sometimes wrong on purpose (bad IDs, options, arities,
/// types). Every stream command and option appears. Clock-dependent arguments use
/// values whose outcome does not depend on the exact time (idle 0 or a day).
struct CommandGenerator {
    var rng: SeededGenerator
    /// Next explicit millisecond per key, so explicit-ID XADDs mostly succeed.
    var nextMs: [String: UInt64] = [:]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    let streamKeys = ["s1", "s1", "s1", "s2"]
    let groups = ["g1", "g1", "g2"]
    let consumers = ["alice", "bob", "carol"]

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }

    mutating func key() -> String {
        if chance(4) { return pick(["str", "nokey"]) }
        return pick(streamKeys)
    }

    /// An ID near the generated ones, in any of the forms commands accept or reject.
    mutating func anyID(allowSpecial: Bool = true) -> String {
        let ms = int(0...Int(nextMs.values.max() ?? 10) + 2)
        switch int(0...19) {
        case 0...9: return "\(ms)-\(int(0...3))"
        case 10...12: return "\(ms)"
        case 13: return allowSpecial ? "-" : "0-0"
        case 14: return allowSpecial ? "+" : "\(ms)-1"
        case 15: return "(\(ms)-\(int(0...2)))"
        case 16: return pick(["abc", "1-x", "-1", "18446744073709551615-18446744073709551615", "1-18446744073709551616", "0-0", ""])
        case 17: return "\(ms)-18446744073709551615"
        default: return "0"
        }
    }

    mutating func count() -> String { pick(["0", "1", "2", "3", "5", "10", "-1", "x"]) }

    mutating func fields() -> [String] {
        var out: [String] = []
        let n = chance(80) ? 1 : int(2...3)
        for i in 0..<n {
            out.append(chance(85) ? "f\(i)" : "g\(int(0...3))")
            if chance(5) { out.append(String(repeating: "v", count: int(40...300))) }
            else { out.append(chance(50) ? String(int(0...1000)) : "val\(int(0...99))") }
        }
        if chance(2) { out.removeLast() } // odd count
        return out
    }

    mutating func trimOptions(xadd: Bool) -> [String] {
        var out: [String] = []
        let strategy = chance(60) ? "MAXLEN" : "MINID"
        out.append(chance(10) ? strategy.lowercased() : strategy)
        let approx = chance(50)
        if approx { out.append("~") } else if chance(40) { out.append("=") }
        if strategy == "MAXLEN" { out.append(pick(["0", "1", "2", "3", "5", "8", "20", "-1", "x"])) }
        else { out.append(anyID(allowSpecial: false)) }
        if chance(approx ? 40 : 8) { out += ["LIMIT", pick(["0", "1", "2", "5", "100", "-1"])] }
        return out
    }

    mutating func xadd() -> [String] {
        let k = key()
        var cmd = ["XADD", k]
        if chance(8) { cmd.append("NOMKSTREAM") }
        if chance(25) { cmd += trimOptions(xadd: true) }
        let base = nextMs[k, default: 1]
        switch int(0...9) {
        case 0...5:
            let ms = base + UInt64(int(0...2))
            nextMs[k] = ms
            cmd.append(chance(30) ? "\(ms)-*" : "\(ms)-\(int(0...3))")
        case 6: cmd.append("*")
        case 7: cmd.append(chance(50) ? "\(base)-*" : "\(base)")
        default: cmd.append(anyID(allowSpecial: false))
        }
        return cmd + fields()
    }

    mutating func readStreams(group: Bool) -> [String] {
        let keys = chance(70) ? [pick(streamKeys)] : ["s1", "s2"]
        var ids: [String] = []
        for _ in keys {
            if group { ids.append(chance(70) ? ">" : pick(["0", "0-0", anyID(allowSpecial: false), "$"])) }
            else { ids.append(chance(30) ? "$" : anyID(allowSpecial: false)) }
        }
        if chance(3) { ids.removeLast() } // unbalanced
        return ["STREAMS"] + keys + ids
    }

    mutating func next() -> [String] {
        switch int(0...99) {
        case 0...21: return xadd()
        case 22...25: return ["XTRIM", key()] + (chance(95) ? trimOptions(xadd: false) : ["FOO"])
        case 26...28: return ["XDEL", key()] + (0..<int(1...3)).map { _ in anyID(allowSpecial: false) }
        case 29...30: return ["XLEN", key()]
        case 31...35:
            var cmd = [chance(70) ? "XRANGE" : "XREVRANGE", key(), anyID(), anyID()]
            if chance(40) { cmd += ["COUNT", count()] }
            return cmd
        case 36...40:
            var cmd = ["XREAD"]
            if chance(40) { cmd += ["COUNT", count()] }
            if chance(10) { cmd += ["BLOCK", pick(["1", "2", "-1", "x"])] }
            return cmd + readStreams(group: false)
        case 41...42:
            var cmd = ["XGROUP", pick(["CREATE", "create"]), key(), pick(groups), pick(["$", "0", "0-0", anyID(allowSpecial: false)])]
            if chance(30) { cmd.append("MKSTREAM") }
            if chance(25) { cmd += ["ENTRIESREAD", pick(["0", "1", "3", "-1", "-2", "x"])] }
            return cmd
        case 43:
            var cmd = ["XGROUP", "SETID", key(), pick(groups), pick(["$", "0", "-", anyID(allowSpecial: false)])]
            if chance(30) { cmd += ["ENTRIESREAD", pick(["0", "2", "-1", "-5"])] }
            return cmd
        case 44: return ["XGROUP", "DESTROY", key(), pick(groups)]
        case 45: return ["XGROUP", "CREATECONSUMER", key(), pick(groups), pick(consumers)]
        case 46: return ["XGROUP", "DELCONSUMER", key(), pick(groups), pick(consumers)]
        case 47...56:
            var cmd = ["XREADGROUP", "GROUP", pick(groups), pick(consumers)]
            if chance(50) { cmd += ["COUNT", pick(["1", "2", "3", "10", "0", "-1"])] }
            if chance(10) { cmd.append("NOACK") }
            if chance(5) { cmd += ["BLOCK", "1"] }
            return cmd + readStreams(group: true)
        case 57...61:
            return ["XACK", key(), pick(groups)] + (0..<int(1...3)).map { _ in anyID(allowSpecial: false) }
        case 62...67:
            var cmd = ["XPENDING", key(), pick(groups)]
            if chance(60) {
                if chance(20) { cmd += ["IDLE", pick(["0", "86400000", "-1", "x"])] }
                cmd += [pick(["-", "0", anyID()]), pick(["+", anyID()]), pick(["1", "2", "10", "0", "-1", "x"])]
                if chance(40) { cmd.append(pick(consumers)) }
            }
            return cmd
        case 68...73:
            var cmd = ["XCLAIM", key(), pick(groups), pick(consumers), pick(["0", "0", "86400000", "-5", "x"])]
            cmd += (0..<int(1...3)).map { _ in anyID(allowSpecial: false) }
            for _ in 0..<int(0...2) {
                switch int(0...6) {
                case 0: cmd += ["IDLE", pick(["0", "5", "86400000", "-1"])]
                case 1: cmd += ["TIME", pick(["0", "1000"])]
                case 2: cmd += ["RETRYCOUNT", pick(["0", "3", "-1", "x"])]
                case 3: cmd.append("FORCE")
                case 4: cmd.append("JUSTID")
                case 5: cmd += ["LASTID", anyID(allowSpecial: false)]
                default: cmd.append("BOGUS")
                }
            }
            return cmd
        case 74...78:
            var cmd = ["XAUTOCLAIM", key(), pick(groups), pick(consumers), pick(["0", "0", "86400000", "-1", "x"]), pick(["0", "0-0", "-", "+", anyID()])]
            if chance(50) { cmd += ["COUNT", pick(["1", "2", "3", "100", "0", "-1", "x"])] }
            if chance(30) { cmd.append("JUSTID") }
            return cmd
        case 79...82:
            switch int(0...5) {
            case 0: return ["XINFO", "STREAM", key()]
            case 1: return ["XINFO", "STREAM", key(), "FULL"] + (chance(50) ? ["COUNT", pick(["0", "1", "2", "-1"])] : [])
            case 2: return ["XINFO", "GROUPS", key()]
            case 3: return ["XINFO", "CONSUMERS", key(), pick(groups)]
            case 4: return ["XINFO", pick(["HELP", "BOGUS", "STREAM"])]
            default: return ["XINFO", "STREAM", key(), pick(["FULL", "X"]), "COUNT"]
            }
        case 83...84:
            var cmd = ["XSETID", key(), anyID(allowSpecial: false)]
            if chance(40) { cmd += ["ENTRIESADDED", pick(["0", "5", "100", "-1"])] }
            if chance(40) { cmd += ["MAXDELETEDID", anyID(allowSpecial: false)] }
            return cmd
        case 85: return ["DEL", key()]
        case 86: return ["EXISTS", key(), key()]
        case 87: return ["TYPE", key()]
        case 88: return chance(50) ? ["RENAME", "s2", "s3"] : ["RENAME", "s3", "s2"]
        case 89: return ["SET", "str", "v"]
        case 90: return ["LPUSH", "str", "x"]
        case 91: return ["GET", key()]
        case 92: return ["XGROUP", pick(["HELP", "FOO", "SETID", "CREATE"])] + (chance(50) ? [] : [key()])
        case 93: return [pick(["XADD", "XRANGE", "XREADGROUP", "XCLAIM", "XAUTOCLAIM", "XPENDING", "XACK", "XTRIM"]), key()]
        case 94: return ["XPENDING", key(), pick(groups), "-", "+"]
        case 95: return ["XREADGROUP", "GROUP", pick(groups), pick(consumers), "STREAMS", key(), "0"]
        case 96: return ["KEYS", "*"]
        case 97: return ["DBSIZE"]
        default: return ["XADD", key(), "MAXLEN", "~", pick(["1", "5", "10"]), "*", "f0", "x"]
        }
    }
}
