import RESP

/// Renders replies the way redis-cli does on a terminal: `(integer) 3`, quoted bulk
/// strings, numbered nested arrays, `(nil)`, `(error) ...`.
public enum ReplyText {
    public static func render(_ value: RESPValue) -> String {
        var out = ""
        render(value, indent: 0, into: &out)
        return out
    }

    private static func render(_ value: RESPValue, indent: Int, into out: inout String) {
        switch value {
        case .simpleString(let s): out += s
        case .error(let e): out += "(error) \(e)"
        case .integer(let i): out += "(integer) \(i)"
        case .bulkString(let b): out += quoted(b)
        case .verbatim(_, let t): out += String(decoding: t, as: UTF8.self)
        case .nullBulk, .nullArray: out += "(nil)"
        case .double(let d): out += "(double) \(d)"
        case .boolean(let b): out += b ? "(true)" : "(false)"
        case .bigNumber(let n): out += "(big number) \(n)"
        case .array(let items), .set(let items), .push(let items):
            list(items.map { ($0, nil) }, indent: indent, into: &out)
        case .map(let pairs):
            list(pairs.map { ($0.1, $0.0) }, indent: indent, into: &out)
        case .encoded:
            if let tree = value.decoded { render(tree, indent: indent, into: &out) } else { out += "(unreadable reply)" }
        }
    }

    private static func list(_ items: [(RESPValue, RESPValue?)], indent: Int, into out: inout String) {
        if items.isEmpty { out += "(empty array)"; return }
        let width = String(items.count).count
        for (i, (item, key)) in items.enumerated() {
            if i > 0 { out += "\n" + String(repeating: " ", count: indent) }
            let number = String(i + 1)
            let label = String(repeating: " ", count: width - number.count) + number + ") "
            out += label
            var prefix = ""
            if let key { prefix = render(key) + " => " }
            out += prefix
            render(item, indent: indent + label.count + prefix.count, into: &out)
        }
    }

    /// A bulk string in double quotes, with redis-cli's escapes for unprintable bytes.
    static func quoted(_ bytes: [UInt8]) -> String { CLIQuoting.quoted(bytes) }
}
