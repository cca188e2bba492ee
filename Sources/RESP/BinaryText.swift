/// Binary-safe display of field names, values and keys: valid UTF-8 shows as text,
/// control characters and invalid bytes as `\xNN` escapes (backslash doubled), so
/// nothing written to the terminal can move its cursor or change its state.
public enum BinaryText {
    /// - Complexity: O(bytes)
    public static func display(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b < 0x20 || b == 0x7F {
                    switch b {
                    case 0x0A: out += "\\n"
                    case 0x0D: out += "\\r"
                    case 0x09: out += "\\t"
                    default: out += hex(b)
                    }
                } else if b == UInt8(ascii: "\\") {
                    out += "\\\\"
                } else {
                    out.unicodeScalars.append(Unicode.Scalar(b))
                }
                i += 1
                continue
            }
            if let (scalar, length) = decode(bytes, i), !(0x80..<0xA0).contains(scalar.value) {
                out.unicodeScalars.append(scalar)
                i += length
            } else {
                out += hex(b)
                i += 1
            }
        }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }

    /// One UTF-8 scalar at `i`, or nil if the bytes there are not valid UTF-8.
    static func decode(_ b: [UInt8], _ i: Int) -> (Unicode.Scalar, Int)? {
        let lead = b[i]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + length <= b.count else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let s = Unicode.Scalar(value) else { return nil }
        return (s, length)
    }
}

extension BinaryText {
    /// A word as redis-cli reads it back to the same bytes: as it is when it is plain
    /// printable text without spaces or quotes; otherwise in double quotes, with `\"`,
    /// `\\`, `\n`, `\r`, `\t` and `\xHH` for every other byte that is not printable
    /// UTF-8. O(bytes).
    public static func cliQuoted(_ bytes: [UInt8]) -> String {
        let shown = display(bytes)
        let plain = !bytes.isEmpty && shown.utf8.elementsEqual(bytes)
            && !bytes.contains { $0 == 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        if plain { return shown }
        var out = "\""
        for ch in shown {
            if ch == "\"" { out += "\\\"" } else { out.append(ch) }
        }
        return out + "\""
    }
}
