/// Splits one inline request line like Redis's `sdssplitargs` (sds.c).
///
/// Blanks (C `isspace`: space, \t, \n, \v, \f, \r) separate arguments; inside an
/// unquoted argument only space, \t, \n, \r end it (so \v and \f are literal there).
/// A quote may open mid-argument (`a"b c"` is `ab c`). Double quotes understand
/// `\xHH`, `\n`, `\r`, `\t`, `\b`, `\a` and `\<any>` → `<any>`; single quotes only
/// `\'`. A closing quote must be followed by a blank or the end of the line, and an
/// unterminated quote is an error: both are "unbalanced quotes in request".
/// The line never holds a NUL (the parser stops searching at one); the end of the
/// range plays the role of the C string terminator.
///
/// Complexity: O(range.count).
func splitInlineArguments(_ line: [UInt8], _ range: Range<Int>) throws(RESPProtocolError) -> [[UInt8]] {
    let end = range.upperBound
    @inline(__always) func at(_ i: Int) -> UInt8 { i < end ? line[i] : 0 }

    var result: [[UInt8]] = []
    var p = range.lowerBound
    while true {
        while at(p) != 0 && isCSpace(at(p)) { p += 1 }
        if at(p) == 0 { return result }

        var inDoubleQuotes = false
        var inSingleQuotes = false
        var done = false
        var current: [UInt8] = []
        while !done {
            let c = at(p)
            if inDoubleQuotes {
                if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "x"),
                   let high = hexValue(at(p + 2)), let low = hexValue(at(p + 3)) {
                    current.append(high << 4 | low)
                    p += 3
                } else if c == UInt8(ascii: "\\") && at(p + 1) != 0 {
                    p += 1
                    switch at(p) {
                    case UInt8(ascii: "n"): current.append(10)
                    case UInt8(ascii: "r"): current.append(13)
                    case UInt8(ascii: "t"): current.append(9)
                    case UInt8(ascii: "b"): current.append(8)
                    case UInt8(ascii: "a"): current.append(7)
                    default: current.append(at(p))
                    }
                } else if c == UInt8(ascii: "\"") {
                    if at(p + 1) != 0 && !isCSpace(at(p + 1)) { throw .unbalancedQuotes }
                    done = true
                } else if c == 0 {
                    throw .unbalancedQuotes
                } else {
                    current.append(c)
                }
            } else if inSingleQuotes {
                if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "'") {
                    p += 1
                    current.append(UInt8(ascii: "'"))
                } else if c == UInt8(ascii: "'") {
                    if at(p + 1) != 0 && !isCSpace(at(p + 1)) { throw .unbalancedQuotes }
                    done = true
                } else if c == 0 {
                    throw .unbalancedQuotes
                } else {
                    current.append(c)
                }
            } else {
                switch c {
                case 32, 10, 13, 9, 0: done = true
                case UInt8(ascii: "\""): inDoubleQuotes = true
                case UInt8(ascii: "'"): inSingleQuotes = true
                default: current.append(c)
                }
            }
            if at(p) != 0 { p += 1 }
        }
        result.append(current)
    }
}

/// C `isspace` in the "C" locale. Complexity: O(1).
@inline(__always)
func isCSpace(_ c: UInt8) -> Bool {
    c == 32 || (c >= 9 && c <= 13)
}

/// The value of a hex digit, or nil. Complexity: O(1).
@inline(__always)
func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}
