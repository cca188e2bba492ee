#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes `RESPValue`s into the exact bytes Redis 7.0 sends.
///
/// `protocolVersion` 3 (or higher) selects RESP3; anything else RESP2, where the
/// RESP3-only shapes fold as Redis folds them: maps become flat arrays of 2n
/// elements, sets and pushes arrays, both nulls `$-1`/`*-1`, booleans `:1`/`:0`,
/// doubles/big numbers/verbatim text bulk strings.
///
/// Strings in `.simpleString`/`.error` are written as is: the caller must keep
/// CR and LF out of them (Redis replaces them before replying).
public enum RESPEncoder {
    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10

    /// Appends the encoding of `v` to `out`.
    ///
    /// Complexity: O(n), n the number of encoded bytes; integers and lengths are
    /// written digit by digit into `out` with no intermediate String.
    public static func encode(_ v: RESPValue, protocolVersion: Int, into out: inout [UInt8]) {
        let resp3 = protocolVersion >= 3
        switch v {
        case .simpleString(let s):
            out.append(UInt8(ascii: "+"))
            out.append(contentsOf: s.utf8)
            appendCRLF(&out)
        case .error(let s):
            out.append(UInt8(ascii: "-"))
            out.append(contentsOf: s.utf8)
            appendCRLF(&out)
        case .integer(let n):
            out.append(UInt8(ascii: ":"))
            appendDecimal(n, into: &out)
            appendCRLF(&out)
        case .bulkString(let bytes):
            appendBulk(bytes, into: &out)
        case .encoded(let bytes):
            out.append(contentsOf: bytes)
        case .array(let elements):
            appendHeader(UInt8(ascii: "*"), elements.count, into: &out)
            for e in elements { encode(e, protocolVersion: protocolVersion, into: &out) }
        case .nullBulk:
            out.append(contentsOf: resp3 ? nullRESP3 : nullBulkRESP2)
        case .nullArray:
            out.append(contentsOf: resp3 ? nullRESP3 : nullArrayRESP2)
        case .map(let pairs):
            if resp3 {
                appendHeader(UInt8(ascii: "%"), pairs.count, into: &out)
            } else {
                appendHeader(UInt8(ascii: "*"), pairs.count * 2, into: &out)
            }
            for (k, value) in pairs {
                encode(k, protocolVersion: protocolVersion, into: &out)
                encode(value, protocolVersion: protocolVersion, into: &out)
            }
        case .set(let elements):
            appendHeader(resp3 ? UInt8(ascii: "~") : UInt8(ascii: "*"), elements.count, into: &out)
            for e in elements { encode(e, protocolVersion: protocolVersion, into: &out) }
        case .double(let d):
            withDoubleText(d) { text in
                if resp3 {
                    out.append(UInt8(ascii: ","))
                    out.append(contentsOf: text)
                    appendCRLF(&out)
                } else {
                    appendBulk(text, into: &out)
                }
            }
        case .boolean(let b):
            if resp3 {
                out.append(contentsOf: b ? trueRESP3 : falseRESP3)
            } else {
                out.append(contentsOf: b ? oneRESP2 : zeroRESP2)
            }
        case .verbatim(let format, let text):
            if resp3 {
                // `=<len>\r\n<fmt>:<text>\r\n`, len = fmt + ':' + text (4 + text for Redis's 3-letter formats).
                let formatBytes = format.utf8
                appendHeader(UInt8(ascii: "="), formatBytes.count + 1 + text.count, into: &out)
                out.append(contentsOf: formatBytes)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: text)
                appendCRLF(&out)
            } else {
                appendBulk(text, into: &out)
            }
        case .bigNumber(let digits):
            if resp3 {
                out.append(UInt8(ascii: "("))
                out.append(contentsOf: digits.utf8)
                appendCRLF(&out)
            } else {
                appendBulk(digits.utf8, into: &out)
            }
        case .push(let elements):
            appendHeader(resp3 ? UInt8(ascii: ">") : UInt8(ascii: "*"), elements.count, into: &out)
            for e in elements { encode(e, protocolVersion: protocolVersion, into: &out) }
        }
    }

    /// The encoding of `v` as a new array. Complexity: O(n), n the encoded size.
    public static func encode(_ v: RESPValue, protocolVersion: Int = 2) -> [UInt8] {
        var out: [UInt8] = []
        encode(v, protocolVersion: protocolVersion, into: &out)
        return out
    }

    /// The text Redis 7.0's addReplyDouble writes for `d`: `inf`, `-inf`, and
    /// otherwise C's `%.17g` (e.g. 0.1 → `0.10000000000000001`, 3 → `3`,
    /// 1e300 → `1.0000000000000001e+300`). NaN, which Redis never replies with,
    /// is written `nan`. Complexity: O(1).
    public static func doubleText(_ d: Double) -> [UInt8] {
        withDoubleText(d) { Array($0) }
    }

    // MARK: - Pieces

    private static let nullRESP3: [UInt8] = Array("_\r\n".utf8)
    private static let nullBulkRESP2: [UInt8] = Array("$-1\r\n".utf8)
    private static let nullArrayRESP2: [UInt8] = Array("*-1\r\n".utf8)
    private static let trueRESP3: [UInt8] = Array("#t\r\n".utf8)
    private static let falseRESP3: [UInt8] = Array("#f\r\n".utf8)
    private static let oneRESP2: [UInt8] = Array(":1\r\n".utf8)
    private static let zeroRESP2: [UInt8] = Array(":0\r\n".utf8)

    @inline(__always)
    private static func appendCRLF(_ out: inout [UInt8]) {
        out.append(cr)
        out.append(lf)
    }

    /// `<type><count>\r\n`. Complexity: O(digits).
    @inline(__always)
    public static func appendHeader(_ type: UInt8, _ count: Int, into out: inout [UInt8]) {
        out.append(type)
        appendDecimal(Int64(count), into: &out)
        appendCRLF(&out)
    }

    /// `$<len>\r\n<bytes>\r\n`. Complexity: O(bytes.count).
    private static func appendBulk<C: Collection>(_ bytes: C, into out: inout [UInt8]) where C.Element == UInt8 {
        appendHeader(UInt8(ascii: "$"), bytes.count, into: &out)
        out.append(contentsOf: bytes)
        appendCRLF(&out)
    }

    /// Appends the decimal digits of `n` (with `-` if negative) straight into `out`,
    /// through a 20-byte stack buffer. Complexity: O(digits), no heap allocation
    /// beyond `out`'s own growth.
    static func appendDecimal(_ n: Int64, into out: inout [UInt8]) {
        var m = n.magnitude
        if n < 0 { out.append(UInt8(ascii: "-")) }
        if m < 10 {
            out.append(UInt8(truncatingIfNeeded: m) &+ 48)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            while m != 0 {
                let (q, r) = m.quotientAndRemainder(dividingBy: 10)
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: r) &+ 48
                m = q
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    /// Calls `body` with the bytes of `doubleText(d)`, formatted on the stack.
    private static func withDoubleText<R>(_ d: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if d.isNaN { return staticText("nan", body) }
        if d.isInfinite { return staticText(d > 0 ? "inf" : "-inf", body) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            let length = withVaList([d]) { args in
                Int(vsnprintf(buffer.baseAddress!, 40, "%.17g", args))
            }
            let count = min(max(length, 0), 39)
            return buffer.withMemoryRebound(to: UInt8.self) { bytes in
                body(UnsafeBufferPointer(rebasing: bytes[0..<count]))
            }
        }
    }

    private static func staticText<R>(_ s: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
