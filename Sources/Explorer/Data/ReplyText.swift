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

    /// A reply as redis-cli prints it when its output is not a terminal (`--raw`), ending
    /// in a newline: strings as their bytes, unquoted and unescaped; integers as digits;
    /// nil as an empty line; an error's text followed by an empty line; the elements of
    /// an array (of a map: each key, then its value) on lines of their own, nested ones
    /// flattened. - Complexity: O(reply size)
    public static func raw(_ value: RESPValue) -> [UInt8] {
        var out: [UInt8] = []
        raw(value, into: &out)
        out.append(10)
        return out
    }

    private static func raw(_ value: RESPValue, into out: inout [UInt8]) {
        func items(_ values: [RESPValue]) {
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(10) }
                raw(v, into: &out)
            }
        }
        switch value {
        case .simpleString(let s): out += Array(s.utf8)
        case .error(let e): out += Array(e.utf8) + [10]
        case .integer(let i): out += Array(String(i).utf8)
        case .bulkString(let b): out += b
        case .verbatim(_, let t): out += t
        case .nullBulk, .nullArray: break
        case .double(let d): out += Array(String(d).utf8)
        case .boolean(let b): out += Array((b ? "(true)" : "(false)").utf8)
        case .bigNumber(let n): out += Array(n.utf8)
        case .array(let values), .set(let values), .push(let values): items(values)
        case .map(let pairs): items(pairs.flatMap { [$0.0, $0.1] })
        case .encoded:
            if let tree = value.decoded { raw(tree, into: &out) } else { out += Array("(unreadable reply)".utf8) }
        }
    }

    /// A bulk string in double quotes, with redis-cli's escapes for unprintable bytes.
    static func quoted(_ bytes: [UInt8]) -> String { CLIQuoting.quoted(bytes) }
}
