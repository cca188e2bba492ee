import Foundation
import RESP
import StreamEngine

/// How exported rows are written.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// JSON Lines: one JSON object a line.
    case jsonl
    /// CSV (RFC 4180), a header row first.
    case csv

    /// The format a file name asks for: `.csv` is CSV, anything else JSON Lines.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".csv") ? .csv : .jsonl
    }

    public var name: String { self == .csv ? "CSV" : "JSON Lines" }
    public var fileExtension: String { rawValue }
}

/// Rows to export: entries of a stream, or a group's pending entries.
public enum ExportRows: Equatable, Sendable {
    case entries([EntryRow])
    case pending([PendingRow])

    public var count: Int {
        switch self {
        case .entries(let r): return r.count
        case .pending(let r): return r.count
        }
    }

    /// "entries" or "pending entries", counted: `412 entries`, `1 pending entry`.
    public var noun: String {
        switch self {
        case .entries(let r): return r.count == 1 ? "1 entry" : "\(r.count) entries"
        case .pending(let r): return r.count == 1 ? "1 pending entry" : "\(r.count) pending entries"
        }
    }
}

/// Writes rows as JSON Lines or CSV, binary-safe: every key, field, value and name
/// that is valid UTF-8 is written as text; one that is not is written in base64 and
/// says so. In JSON Lines such a string is the object `{"base64":"..."}` in its place;
/// in CSV the cell holds the base64 text and the row's last column, `base64`, names
/// the columns so written (space-separated). Pure. - Complexity: O(bytes written)
public enum EntryExport {
    /// Entries: `{"id":"1-0","ms":1,"time":"…Z","fields":[["item","rug"],["qty","1"]]}`
    /// (fields as pairs, in order, so repeated field names are kept). Pending entries:
    /// `{"id":"1-0","consumer":"w1","idle_ms":1200,"deliveries":3}`.
    public static func encode(_ rows: ExportRows, as format: ExportFormat) -> [UInt8] {
        switch (rows, format) {
        case (.entries(let r), .jsonl): return jsonLines(r)
        case (.entries(let r), .csv): return csv(r)
        case (.pending(let r), .jsonl): return pendingJSONLines(r)
        case (.pending(let r), .csv): return pendingCSV(r)
        }
    }

    // MARK: JSON Lines

    static func jsonLines(_ rows: [EntryRow]) -> [UInt8] {
        var out: [UInt8] = []
        for r in rows {
            out += Array("{\"id\":\"\(r.id)\",\"ms\":\(r.id.ms),\"time\":\"\(isoTime(r.id.ms))\",\"fields\":[".utf8)
            for (i, (f, v)) in r.pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                out += json(f)
                out.append(UInt8(ascii: ","))
                out += json(v)
                out.append(UInt8(ascii: "]"))
            }
            out += Array("]}\n".utf8)
        }
        return out
    }

    static func pendingJSONLines(_ rows: [PendingRow]) -> [UInt8] {
        var out: [UInt8] = []
        for r in rows {
            out += Array("{\"id\":\"\(r.id)\",\"consumer\":".utf8)
            out += json(r.consumer.bytes)
            out += Array(",\"idle_ms\":\(r.idleMs),\"deliveries\":\(r.deliveries)}\n".utf8)
        }
        return out
    }

    /// A JSON string for valid UTF-8 (with JSON's escapes), else `{"base64":"..."}`.
    static func json(_ bytes: [UInt8]) -> [UInt8] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return Array("{\"base64\":\"\(Data(bytes).base64EncodedString())\"}".utf8)
        }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for u in text.utf8 {
            switch u {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(u >> 4)], hex[Int(u & 15)]]
            default: out.append(u)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    // MARK: CSV

    /// Columns `id`, `ms`, `time`, then one per field name in the order first seen (a
    /// name repeated within an entry gets `name#2`, `name#3`, ...), then `base64`.
    static func csv(_ rows: [EntryRow]) -> [UInt8] {
        var names: [[UInt8]] = []
        var index: [[UInt8]: Int] = [:]
        func column(_ name: [UInt8], _ occurrence: Int) -> [UInt8] {
            occurrence == 1 ? name : name + Array("#\(occurrence)".utf8)
        }
        var keyed: [[([UInt8], [UInt8])]] = []
        for r in rows {
            var seen: [[UInt8]: Int] = [:]
            var cells: [([UInt8], [UInt8])] = []
            for (f, v) in r.pairs {
                seen[f, default: 0] += 1
                let c = column(f, seen[f]!)
                if index[c] == nil { index[c] = names.count; names.append(c) }
                cells.append((c, v))
            }
            keyed.append(cells)
        }
        var out: [UInt8] = []
        var header = ["id", "ms", "time"].map { cell(Array($0.utf8)).bytes }
        header += names.map { BinaryText.cliQuoted($0) }.map { cell(Array($0.utf8)).bytes }
        header.append(Array("base64".utf8))
        out += line(header)
        for (r, cells) in zip(rows, keyed) {
            var row = [Array(r.id.description.utf8), Array(String(r.id.ms).utf8), Array(isoTime(r.id.ms).utf8)]
            var values = [[UInt8]?](repeating: nil, count: names.count)
            for (c, v) in cells { values[index[c]!] = v }
            var encoded: [String] = []
            for (i, v) in values.enumerated() {
                let c = cell(v ?? [])
                if c.base64 { encoded.append(BinaryText.cliQuoted(names[i])) }
                row.append(c.bytes)
            }
            row.append(cell(Array(encoded.joined(separator: " ").utf8)).bytes)
            out += line(row)
        }
        return out
    }

    static func pendingCSV(_ rows: [PendingRow]) -> [UInt8] {
        var out = line(["id", "consumer", "idle_ms", "deliveries", "base64"].map { Array($0.utf8) })
        for r in rows {
            let consumer = cell(r.consumer.bytes)
            out += line([Array(r.id.description.utf8), consumer.bytes, Array(String(r.idleMs).utf8), Array(String(r.deliveries).utf8),
                         consumer.base64 ? Array("consumer".utf8) : []])
        }
        return out
    }

    /// A CSV cell: quoted when it holds a comma, quote, CR or LF (quotes doubled);
    /// base64 when the bytes are not UTF-8.
    static func cell(_ bytes: [UInt8]) -> (bytes: [UInt8], base64: Bool) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return (Array(Data(bytes).base64EncodedString().utf8), true)
        }
        let special: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D]
        guard bytes.contains(where: special.contains) else { return (bytes, false) }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
        return (out, false)
    }

    static func line(_ cells: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, c) in cells.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += c
        }
        return out + [0x0D, 0x0A]
    }

    /// `2026-12-07T18:00:00.123Z`.
    static func isoTime(_ ms: UInt64) -> String {
        let t = TimeText.format(ms, utc: true)
        return t.replacingOccurrences(of: " ", with: "T") + "Z"
    }
}
