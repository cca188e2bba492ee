import RESP
import StreamEngine

/// How entries read on screen: fields as columns when the window is uniform, `k=v`
/// otherwise, and a detail listing with every field.
public enum EntryText {
    /// The field names shared by every row, in order, or nil if the rows differ.
    /// - Complexity: O(rows × fields)
    public static func uniformFields(_ rows: [EntryRow]) -> [[UInt8]]? {
        guard let first = rows.first else { return nil }
        let names = first.pairs.map(\.0)
        guard names.count <= 6 else { return nil }
        for r in rows.dropFirst() where r.pairs.count != names.count || !zip(r.pairs, names).allSatisfy({ $0.0 == $1 }) {
            return nil
        }
        return names
    }

    /// `field=value field=value`.
    public static func inline(_ row: EntryRow) -> String {
        row.pairs.map { BinaryText.display($0.0) + "=" + BinaryText.display($0.1) }.joined(separator: " ")
    }

    /// The detail view: ID, times, then each field on its own line.
    public static func detail(_ row: EntryRow, utc: Bool) -> [String] {
        var lines = ["id      \(row.id)",
                     "time    \(TimeText.format(row.id.ms, utc: utc)) \(utc ? "UTC" : "local")",
                     "fields  \(row.pairs.count)", ""]
        let width = min(24, row.pairs.map { BinaryText.display($0.0).count }.max() ?? 0)
        for (f, v) in row.pairs {
            let name = BinaryText.display(f)
            lines.append(name + String(repeating: " ", count: max(1, width - name.count + 1)) + BinaryText.display(v))
        }
        return lines
    }
}
