/// Text as redis-cli shows and reads back bytes.
public enum CLIQuoting {
    /// The bytes in double quotes with redis-cli's escapes: `\"`, `\\`, `\n`, `\r`, `\t`,
    /// printable ASCII as is, `\xhh` for every other byte. O(bytes).
    public static func quoted(_ bytes: [UInt8]) -> String {
        var s = "\""
        for b in bytes {
            switch b {
            case UInt8(ascii: "\""): s += "\\\""
            case UInt8(ascii: "\\"): s += "\\\\"
            case 10: s += "\\n"
            case 13: s += "\\r"
            case 9: s += "\\t"
            case 32...126: s.append(Character(UnicodeScalar(b)))
            default: s += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
            }
        }
        return s + "\""
    }
}
