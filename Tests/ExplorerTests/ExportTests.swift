import Explorer
import Foundation
import StreamEngine
import Testing

/// Exports: the bytes written (binary-safe JSON Lines and CSV), the bounded reads, and
/// the explorer's `e` keys writing through the app's writer.
@Suite("Export")
struct ExportTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static let binary = EntryRow(id: StreamID(ms: 1_800_000_000_000, seq: 3), pairs: [
        (Array("item".utf8), Array("big \"lamp\", 2m\n".utf8)),
        (Array("blob".utf8), [0xFF, 0x00, 0x41]),
        (Array("item".utf8), Array("again".utf8)),
    ])

    @Test("JSON Lines: fields as pairs in order, JSON escapes, and bytes that are not UTF-8 as {\"base64\":…}")
    func jsonLines() {
        let out = Self.text(EntryExport.encode(.entries([Self.binary]), as: .jsonl))
        #expect(out == #"{"id":"1800000000000-3","ms":1800000000000,"time":"2027-01-15T08:00:00.000Z","fields":[["item","big \"lamp\", 2m\n"],["blob",{"base64":"/wBB"}],["item","again"]]}"# + "\n")
        let pending = Self.text(EntryExport.encode(.pending([PendingRow(id: StreamID(ms: 5, seq: 0), consumer: BinaryName([0xC3, 0x28]), idleMs: 1200, deliveries: 3)]), as: .jsonl))
        #expect(pending == #"{"id":"5-0","consumer":{"base64":"wyg="},"idle_ms":1200,"deliveries":3}"# + "\n")
    }

    @Test("CSV: a column per field name (a repeat is name#2), RFC 4180 quoting, base64 cells named in the last column")
    func csv() {
        let plain = EntryRow(id: StreamID(ms: 1_800_000_000_001, seq: 0), pairs: [(Array("item".utf8), Array("mug".utf8))])
        let out = Self.text(EntryExport.encode(.entries([Self.binary, plain]), as: .csv))
        #expect(out == "id,ms,time,item,blob,item#2,base64\r\n"
                + "1800000000000-3,1800000000000,2027-01-15T08:00:00.000Z,\"big \"\"lamp\"\", 2m\n\",/wBB,again,blob\r\n"
                + "1800000000001-0,1800000000001,2027-01-15T08:00:00.001Z,mug,,,\r\n")
        let pending = Self.text(EntryExport.encode(.pending([PendingRow(id: StreamID(ms: 5, seq: 0), consumer: "w,1", idleMs: 7, deliveries: 1)]), as: .csv))
        #expect(pending == "id,consumer,idle_ms,deliveries,base64\r\n5-0,\"w,1\",7,1,\r\n")
    }

    @Test("a range reads in batches up to the limit and says when more remain; the pending list too")
    func boundedReads() throws {
        let setup = (0..<2500).map { i in ["XADD", "s", "\(i + 1)-0", "n", "\(i)"] }
            + [["XGROUP", "CREATE", "s", "g", "0"], ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1500", "STREAMS", "s", ">"]]
        let h = Harness(setup: setup)
        let key = Array("s".utf8)
        let all = try ExportPlan.read(.range(key: key, start: .zero, end: .max, filter: nil, what: ""), from: h.source, limit: 5000, scanLimit: 0)
        #expect(all.rows.count == 2500 && !all.truncated)
        let cut = try ExportPlan.read(.range(key: key, start: StreamID(ms: 11, seq: 0), end: .max, filter: nil, what: ""), from: h.source,
                                      limit: 1200, scanLimit: 0)
        guard case .entries(let rows) = cut.rows else { Issue.record("not entries"); return }
        #expect(rows.count == 1200 && cut.truncated)
        #expect(rows.first?.id == StreamID(ms: 11, seq: 0) && rows.last?.id == StreamID(ms: 1210, seq: 0))
        let exact = try ExportPlan.read(.range(key: key, start: .zero, end: StreamID(ms: 1000, seq: 0), filter: nil, what: ""), from: h.source,
                                        limit: 1000, scanLimit: 0)
        #expect(exact.rows.count == 1000 && !exact.truncated)
        let pending = try ExportPlan.read(.pending(key: key, group: "g", consumer: nil, what: ""), from: h.source, limit: 1499, scanLimit: 0)
        #expect(pending.rows.count == 1499 && pending.truncated)
        let search = try ExportPlan.read(.range(key: key, start: .zero, end: .max, filter: "1234", what: ""), from: h.source,
                                         limit: 100, scanLimit: 50_000)
        #expect(search.rows == .entries([EntryRow(id: StreamID(ms: 1235, seq: 0), pairs: [(Array("n".utf8), Array("1234".utf8))])]))
    }

    /// The harness with a writer that keeps what it was given.
    static func capturing() -> (Harness, Box) {
        let h = Harness()
        let box = Box()
        h.app.exportWriter = { path, bytes in
            box.files[path] = bytes
            return "/exports/" + path
        }
        return (h, box)
    }

    final class Box: @unchecked Sendable { var files: [String: [UInt8]] = [:] }

    @Test("e in the entries pane writes the window, a marked range or a filtered search; e in pending the list; the status says where and how many")
    func keys() throws {
        let (h, box) = Self.capturing()
        h.press(.char("2"), .char("e"))
        guard case .input(_, let line)? = h.app.state.modal else { Issue.record("no form"); return }
        #expect(line.value.hasPrefix("orders-window-") && line.value.hasSuffix(".jsonl"))
        h.press(.enter)
        #expect(h.app.state.status == "exported 10 entries to /exports/\(line.value) as JSON Lines (window of orders)")
        #expect(Self.text(box.files[line.value]!).split(separator: "\n").count == 10)
        // A filtered search of the whole stream, as CSV.
        h.press(.char("/"))
        h.type("item3")
        h.press(.enter, .char("e"))
        for _ in 0..<40 { h.press(.backspace) }
        h.type("found.csv")
        h.press(.enter)
        #expect(h.app.state.status == "exported 1 entry to /exports/found.csv as CSV (search of orders for /item3)")
        #expect(Self.text(box.files["found.csv"]!).hasPrefix("id,ms,time,item,qty,base64\r\n1799999943000-0,"))
        // The pending list, marked rows first.
        h.press(.char("4"), .char(" "), .char(" "), .char("e"))
        for _ in 0..<40 { h.press(.backspace) }
        h.type("p.jsonl")
        h.press(.enter)
        #expect(h.app.state.status == "exported 2 pending entries to /exports/p.jsonl as JSON Lines (marked pending of billing)")
        // Without a writer the explorer says it cannot.
        let bare = Harness()
        bare.press(.char("2"), .char("e"), .enter)
        #expect(bare.app.state.status == "export failed: this session cannot write files")
    }
}
