/// Redis's `stringmatchlen`: glob matching for KEYS, SCAN MATCH and CONFIG GET, with
/// `*`, `?`, `[...]` (ranges, `^` negation) and `\` escapes.
///
/// Complexity: O(p * s) in the worst case (each `*` retries the rest of the string).
enum GlobPattern {
    static func matches(_ pattern: [UInt8], _ string: [UInt8], caseless: Bool = false) -> Bool {
        match(pattern[...], string[...], caseless)
    }

    private static func fold(_ c: UInt8, _ caseless: Bool) -> UInt8 {
        caseless && c >= 65 && c <= 90 ? c + 32 : c
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>, _ ci: Bool) -> Bool {
        var p = p
        var s = s
        while let pc = p.first {
            switch pc {
            case UInt8(ascii: "*"):
                while p.count > 1 && p[p.startIndex + 1] == UInt8(ascii: "*") { p = p.dropFirst() }
                if p.count == 1 { return true }
                var rest = s
                while true {
                    if match(p.dropFirst(), rest, ci) { return true }
                    if rest.isEmpty { return false }
                    rest = rest.dropFirst()
                }
            case UInt8(ascii: "?"):
                if s.isEmpty { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            case UInt8(ascii: "["):
                guard let c = s.first else { return false }
                p = p.dropFirst()
                let negate = p.first == UInt8(ascii: "^")
                if negate { p = p.dropFirst() }
                var matched = false
                while let q = p.first, q != UInt8(ascii: "]") {
                    if q == UInt8(ascii: "\\") && p.count >= 2 {
                        p = p.dropFirst()
                        if p.first == c { matched = true }
                        p = p.dropFirst()
                    } else if p.count >= 3 && p[p.startIndex + 1] == UInt8(ascii: "-") {
                        var lo = fold(q, ci), hi = fold(p[p.startIndex + 2], ci)
                        if lo > hi { swap(&lo, &hi) }
                        let fc = fold(c, ci)
                        if fc >= lo && fc <= hi { matched = true }
                        p = p.dropFirst(3)
                    } else {
                        if fold(q, ci) == fold(c, ci) { matched = true }
                        p = p.dropFirst()
                    }
                }
                if negate { matched.toggle() }
                if !matched { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            default:
                var literal = pc
                if pc == UInt8(ascii: "\\") && p.count >= 2 {
                    p = p.dropFirst()
                    literal = p.first!
                }
                guard let c = s.first, fold(c, ci) == fold(literal, ci) else { return false }
                s = s.dropFirst()
                p = p.dropFirst()
            }
        }
        return s.isEmpty
    }
}
