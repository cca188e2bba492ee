import StreamEngine

/// What an export writes: rows already on screen, or rows it reads from the source
/// with the explorer's own bounds (batches of `batch`, at most `limit` rows; a
/// filtered search scans as far as the entries filter does).
public enum ExportRequest: Equatable, Sendable {
    /// Rows the pane holds (the entries window, the pending list as shown).
    case rows(ExportRows, what: String)
    /// The entries in `start...end`, matching `filter` when there is one.
    case range(key: [UInt8], start: StreamID, end: StreamID, filter: String?, what: String)
    /// A group's pending entries (one consumer's with `consumer`) in ID order.
    case pending(key: [UInt8], group: BinaryName, consumer: BinaryName?, what: String)
}

/// An export done: how many rows of what went where, and whether the limit cut it.
public struct ExportSummary: Equatable, Sendable {
    public var noun: String
    public var what: String
    public var path: String
    public var format: ExportFormat
    public var truncated: Bool

    /// The status line, where the file went before what it holds (a narrow screen cuts
    /// the end): `exported 412 entries to /tmp/x.jsonl as JSON Lines (marked range of orders)`.
    public var line: String {
        "exported \(noun) to \(path) as \(format.name) (\(what))" + (truncated ? "; stopped at the limit, more remain" : "")
    }
}

/// Reads what an export asks for, bounded. - Complexity: O(rows read), in round trips
/// of at most `batch` rows each.
public enum ExportPlan {
    /// Rows per read: one `XRANGE … COUNT 1000` or `XPENDING … 1000` on a server.
    public static let batch = 1000
    /// The most rows the explorer's export key writes.
    public static let limit = 100_000

    /// The rows, and whether more remained past `limit`.
    public static func read(_ request: ExportRequest, from source: any StreamDataSource, limit: Int = limit,
                            scanLimit: Int) throws -> (rows: ExportRows, truncated: Bool) {
        switch request {
        case .rows(let rows, _):
            return (rows, false)
        case .range(let key, let start, let end, let filter, _):
            if let filter, !filter.isEmpty {
                // A search: as far as the entries filter scans, no further.
                let rows = try source.entries(key, from: start, to: end, count: limit + 1, reverse: false, filter: filter, scanLimit: scanLimit)
                return (.entries(Array(rows.prefix(limit))), rows.count > limit)
            }
            var out: [EntryRow] = []
            var lo = start
            while out.count <= limit {
                let want = min(batch, limit + 1 - out.count)
                let rows = try source.entries(key, from: lo, to: end, count: want, reverse: false, filter: nil, scanLimit: want)
                out += rows
                guard rows.count == want, let next = rows.last?.id.incremented(), next <= end else { break }
                lo = next
            }
            return (.entries(Array(out.prefix(limit))), out.count > limit)
        case .pending(let key, let group, let consumer, _):
            var out: [PendingRow] = []
            var lo = StreamID.zero
            while out.count <= limit {
                let want = min(batch, limit + 1 - out.count)
                let rows = try source.pending(key, group: group, from: lo, to: .max, count: want, consumer: consumer)
                out += rows
                guard rows.count == want, let next = rows.last?.id.incremented() else { break }
                lo = next
            }
            return (.pending(Array(out.prefix(limit))), out.count > limit)
        }
    }

    static func what(_ request: ExportRequest) -> String {
        switch request {
        case .rows(_, let w), .range(_, _, _, _, let w), .pending(_, _, _, let w): return w
        }
    }

    /// A file name for an export of `stream`: `orders-window-20261207-180102.jsonl`
    /// (bytes other than letters, digits, `.`, `_` and `-` become `_`).
    public static func suggestedName(stream: [UInt8], kind: String, nowMs: UInt64, format: ExportFormat = .jsonl) -> String {
        let safe = String(decoding: stream.map { b -> UInt8 in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D ? b : 0x5F
        }, as: UTF8.self)
        let t = TimeText.format(nowMs, utc: true, millis: false).filter { $0.isNumber || $0 == " " }.replacingOccurrences(of: " ", with: "-")
        return "\(safe.isEmpty ? "stream" : safe)-\(kind)-\(t).\(format.fileExtension)"
    }

    /// Reads, encodes and hands the bytes to `write`, which returns where they went.
    public static func run(_ request: ExportRequest, format: ExportFormat, path: String, source: any StreamDataSource,
                           scanLimit: Int, limit: Int = limit,
                           write: (String, [UInt8]) throws -> String) throws -> ExportSummary {
        let (rows, truncated) = try read(request, from: source, limit: limit, scanLimit: scanLimit)
        let written = try write(path, EntryExport.encode(rows, as: format))
        return ExportSummary(noun: rows.noun, what: what(request), path: written, format: format, truncated: truncated)
    }
}
