#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an ID argument was written, for the commands that care (`XADD` with `ms-*`).
public enum ParsedStreamID: Equatable, Sendable {
    /// A full or completed ID.
    case id(StreamID)
    /// `ms-*`: the sequence is to be generated.
    case autoSequence(ms: UInt64)
}

/// Parsing of ID arguments with the rules of Redis's `streamParseID`.
public enum StreamIDParser {
    /// Parses `ms-seq`, `ms` (completed with `missingSeq`), `-` and `+` (unless `strict`),
    /// and `ms-*` when `allowAutoSequence`. Returns nil where Redis says
    /// "Invalid stream ID specified as stream command argument".
    public static func parse(
        _ arg: [UInt8], missingSeq: UInt64 = 0, strict: Bool = false, allowAutoSequence: Bool = false
    ) -> ParsedStreamID? {
        // Redis copies into a 128-byte buffer and reads it as a C string.
        guard arg.count <= 127 else { return nil }
        var text = arg
        if let nul = text.firstIndex(of: 0) { text.removeSubrange(nul...) }
        if text.count == 1 && (text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+")) {
            if strict { return nil }
            return .id(text[0] == UInt8(ascii: "-") ? .zero : .max)
        }
        if let dash = text.firstIndex(of: UInt8(ascii: "-")) {
            guard let ms = parseUnsigned(text[..<dash]) else { return nil }
            let rest = text[(dash + 1)...]
            if allowAutoSequence && rest.count == 1 && rest.first == UInt8(ascii: "*") {
                return .autoSequence(ms: ms)
            }
            guard let seq = parseUnsigned(rest) else { return nil }
            return .id(StreamID(ms: ms, seq: seq))
        }
        guard let ms = parseUnsigned(text[...]) else { return nil }
        return .id(StreamID(ms: ms, seq: missingSeq))
    }

    /// A plain ID (no `ms-*`), or nil when invalid.
    public static func parseID(_ arg: [UInt8], missingSeq: UInt64 = 0, strict: Bool = false) -> StreamID? {
        if case .id(let id)? = parse(arg, missingSeq: missingSeq, strict: strict) { return id }
        return nil
    }

    /// Redis's `string2ull`: a strict decimal first, then `strtoull`'s looser reading
    /// (leading blanks, a sign, leading zeros), rejecting what `strtoull` rejects.
    public static func parseUnsigned(_ digits: ArraySlice<UInt8>) -> UInt64? {
        if let strict = parseStrictInt64(digits) {
            return strict < 0 ? nil : UInt64(strict)
        }
        guard !digits.isEmpty else { return nil }
        var cString = Array(digits)
        cString.append(0)
        return cString.withUnsafeMutableBufferPointer { buf -> UInt64? in
            let start = UnsafeMutableRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>? = nil
            errno = 0
            let value = strtoull(start, &end, 10)
            if errno == EINVAL || errno == ERANGE { return nil }
            guard let end, end.pointee == 0 else { return nil }
            return UInt64(value)
        }
    }

    /// Redis's `string2ll`: optional `-`, no leading zeros, no blanks, within Int64.
    public static func parseStrictInt64<C: Collection>(_ digits: C) -> Int64? where C.Element == UInt8 {
        var it = digits.makeIterator()
        guard var c = it.next() else { return nil }
        let count = digits.count
        if count > 20 { return nil }
        if count == 1 && c == UInt8(ascii: "0") { return 0 }
        var negative = false
        if c == UInt8(ascii: "-") {
            negative = true
            guard let n = it.next() else { return nil }
            c = n
        }
        guard c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") else { return nil }
        var value = UInt64(c - 48)
        while let d = it.next() {
            guard d >= 48 && d <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d - 48))
            if o1 || o2 { return nil }
            value = s
        }
        if negative {
            if value > UInt64(Int64.max) + 1 { return nil }
            return value == UInt64(Int64.max) + 1 ? Int64.min : -Int64(value)
        }
        return value > UInt64(Int64.max) ? nil : Int64(value)
    }
}
