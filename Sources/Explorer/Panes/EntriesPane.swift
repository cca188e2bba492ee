import Foundation
import RESP
import StreamEngine
import TerminalUI

extension PaneID {
    public static let entries = PaneID("entries")
}

extension InputPurpose {
    public static let entryFilter = InputPurpose("filter", prompt: "filter entries (field or value): ", pane: .entries, readsWords: false)
    public static let exportEntries = InputPurpose("exportEntries", prompt: "export to (.jsonl or .csv): ", pane: .entries, readsWords: false)
}

/// The selected stream's entries: a window of rows that follows the tail or stays where
/// the user put it, with the selected group's position in the gutter (`▶` its last
/// delivered entry, `┃` each entry still in its pending list, `·` what it has not been
/// given; delivered and acknowledged entries have no mark). Its keys also
/// drive the time scrubber drawn under it.
public struct EntriesPane: Pane {
    public init() {}
    public var id: PaneID { .entries }
    public var title: String { "Entries" }
    public var helpSection: String { "Entries and time" }
    /// The window of entries; the groups for the gutter and the title.
    public var needs: DataNeeds { [.entries, .groups] }

    public var bindings: [KeyBinding] {
        [
            bind([.char("g")], .openJump, "jump to an ID, a time or -5m", hint: "jump"),
            bind([.char("f")], .toggleFollow, "follow the tail (live)", hint: "follow"),
            bind([.char("r")], .paneAction(Self.reverseOrder), "newest first / oldest first"),
            bind([.char("]")], .scrubStep(1), "scrubber: step later"),
            bind([.char("[")], .scrubStep(-1), "scrubber: step earlier"),
            bind([.char("}")], .scrubZoom(zoomIn: true), "scrubber: zoom in at the cursor"),
            bind([.char("{")], .scrubZoom(zoomIn: false), "scrubber: zoom out"),
            bind([.char("m")], .scrubMark, "scrubber: mark a range (again to clear)"),
            bind([.char("e")], .paneAction(Self.export), "export: marked range, else filter search, else window", hint: "export"),
            bind([.char("T")], .trim, "trim the stream (MAXLEN or MINID)", writes: true, destructive: true),
        ]
    }

    static let reverseOrder = "reverseOrder"
    static let export = "export"

    /// What `e` exports, and its name in the status line and the file name: a marked
    /// range (filtered too, when a filter is on), a filtered search of the whole stream,
    /// or the window on screen.
    static func exportRequest(_ s: AppState) -> (ExportRequest, kind: String)? {
        guard let key = s.selectedStream else { return nil }
        let name = s.currentStream?.name ?? BinaryText.display(key)
        let filter = s.entryFilter.isEmpty ? nil : s.entryFilter
        if let r = s.scrubber.markedTimes {
            let what = "marked range of \(name)" + (filter.map { " matching /\($0)" } ?? "")
            return (.range(key: key, start: StreamID(ms: r.lowerBound, seq: 0), end: StreamID(ms: r.upperBound, seq: .max), filter: filter, what: what), "range")
        }
        if let filter {
            return (.range(key: key, start: .zero, end: .max, filter: filter, what: "search of \(name) for /\(filter)"), "search")
        }
        return (.rows(.entries(s.entries), what: "window of \(name)"), "window")
    }

    // MARK: Behaviour

    /// Moving past either end of the window scrolls it. Newest first, down is earlier.
    public func move(_ s: inout AppState, by step: Int) -> [Effect] {
        guard !s.entries.isEmpty else { return [] }
        let n = s.newestFirst ? -step : step
        let i = s.entries.firstIndex { $0.id == s.selectedEntry } ?? (s.follow || s.newestFirst ? s.entries.count - 1 : 0)
        let j = i + n
        if j < 0 || j >= s.entries.count {
            return [.scrollEntries(j < 0 ? j : j - (s.entries.count - 1))]
        }
        s.selectedEntry = s.entries[j].id
        return []
    }

    /// Row `index` as drawn (newest first, row 0 is the window's last entry).
    public func select(_ s: inout AppState, row index: Int) -> [Effect] {
        guard !s.entries.isEmpty else { return [] }
        let i = clampRow(index, s.entries.count)
        s.selectedEntry = s.entries[s.newestFirst ? s.entries.count - 1 - i : i].id
        return []
    }

    public func page(_ s: inout AppState, by n: Int) -> [Effect] { [.scrollEntries((s.newestFirst ? -n : n) * max(1, s.entryRows))] }

    /// The head of the stream.
    public func first(_ s: inout AppState) -> [Effect] {
        s.windowStart = .zero
        s.selectedEntry = nil
        return [.refresh]
    }

    /// The live tail, following.
    public func last(_ s: inout AppState) -> [Effect] {
        s.windowStart = nil
        s.selectedEntry = nil
        return [.refresh]
    }

    public func open(_ s: inout AppState) -> [Effect] {
        let row = s.entries.first { $0.id == s.selectedEntry } ?? (s.follow || s.newestFirst ? s.entries.last : s.entries.first)
        if let row { s.modal = .text(title: "entry \(row.id)", lines: EntryText.detail(row, utc: s.utc), scroll: 0) }
        return []
    }

    public func filter(_ s: inout AppState) -> [Effect] {
        s.modal = .input(.entryFilter, InputLine(s.entryFilter))
        return []
    }

    public func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
        case .openJump: return Reducer.openJump(&s)
        case .trim: return Reducer.openTrim(&s)
        case .paneAction(Self.export):
            guard let key = s.selectedStream, let (_, kind) = Self.exportRequest(s) else { return Reducer.fail(&s, "select a stream first") }
            s.modal = .input(.exportEntries, InputLine(ExportPlan.suggestedName(stream: key, kind: kind, nowMs: s.nowMs)))
            return []
        case .paneAction(Self.reverseOrder):
            s.newestFirst.toggle()
            s.status = s.newestFirst ? "newest first: the live tail stays on top (r: oldest first)" : "oldest first (r: newest first)"
            return []
        case .toggleFollow:
            if s.follow {
                s.windowStart = s.entries.first?.id ?? .zero
                s.status = "follow off"
            } else {
                s.windowStart = nil
                s.selectedEntry = nil
                s.status = "following the tail"
            }
            return [.refresh]
        case .scrubStep(let d): return scrubStep(&s, d)
        case .scrubZoom(let zoomIn): return scrubZoom(&s, zoomIn)
        case .scrubMark:
            if s.scrubber.markMs != nil {
                s.scrubber.markMs = nil
                s.markedCount = nil
            } else {
                guard let c = s.scrubber.cursorMs else { return Reducer.fail(&s, "move the scrubber cursor first ([ or ])") }
                s.scrubber.markMs = c
                s.status = "range marked: move the cursor to extend it, m to clear"
            }
            return [.refresh]
        default: return []
        }
    }

    public func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect] {
        if purpose == .exportEntries {
            let path = form.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty, let (request, _) = Self.exportRequest(s) else { return Reducer.fail(&s, "name a file to export to") }
            return [.export(request, format: ExportFormat(path: path), path: path)]
        }
        guard purpose == .entryFilter else { return [] }
        s.entryFilter = form.text
        s.selectedEntry = nil
        return [.refresh]
    }

    func scrubStep(_ s: inout AppState, _ d: Int) -> [Effect] {
        let sc = s.scrubber
        guard !sc.counts.isEmpty else { return Reducer.fail(&s, "the stream is empty") }
        let current = sc.cursorBucket ?? (s.entries.first { $0.id == s.selectedEntry }).flatMap { sc.bucket(of: $0.id.ms) } ?? (sc.counts.count - 1)
        let next = max(0, min(sc.counts.count - 1, sc.cursorMs == nil ? current : current + d))
        // The cursor sits mid-bucket, so rounding never pulls it back over an edge.
        s.scrubber.cursorMs = sc.bucketStart(next) + UInt64(sc.bucketMs / 2)
        s.windowStart = StreamID(ms: sc.bucketStart(next), seq: 0)
        s.selectedEntry = nil
        return [.refresh]
    }

    func scrubZoom(_ s: inout AppState, _ zoomIn: Bool) -> [Effect] {
        let sc = s.scrubber
        guard !sc.counts.isEmpty else { return Reducer.fail(&s, "the stream is empty") }
        let width = sc.span.upperBound - sc.span.lowerBound + 1
        let center = sc.cursorMs ?? (sc.span.lowerBound + width / 2)
        if zoomIn {
            let half = max(UInt64(sc.counts.count / 2), width / 8)
            let lo = center > half ? center - half : 0
            s.scrubber.window = lo...(lo + 2 * half)
            s.scrubber.cursorMs = s.scrubber.cursorMs ?? center
        } else {
            guard let w = sc.window else { return Reducer.fail(&s, "showing the whole stream") }
            let half = (w.upperBound - w.lowerBound + 1) * 2
            let lo = center > half ? center - half : 0
            s.scrubber.window = lo...(center + half)
        }
        return [.refresh]
    }

    // MARK: Drawing

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        let state = context.state
        let rows = state.entries
        let uniform = EntryText.uniformFields(rows)
        var columns: [Table.Column] = [.init("id", .fixed(max(15, min(24, rows.map { $0.id.description.count }.max() ?? 15)))),
                                       .init("time", .fixed(23))]
        var cells: [[String]] = []
        if let names = uniform {
            columns += names.map { Table.Column(BinaryText.display($0), .flex(min: 4)) }
            cells = rows.map { r in [r.id.description, TimeText.format(r.id.ms, utc: state.utc)] + r.pairs.map { BinaryText.display($0.1) } }
        } else {
            columns.append(.init("fields", .flex(min: 10)))
            cells = rows.map { [$0.id.description, TimeText.format($0.id.ms, utc: state.utc), EntryText.inline($0)] }
        }
        var gutter: [Int: (String, Style)] = [:]
        var styles: [Style?] = Array(repeating: nil, count: rows.count)
        if let g = state.currentGroup {
            for (i, r) in rows.enumerated() {
                if r.id == g.lastDeliveredID {
                    gutter[i] = ("▶", Style(fg: .yellow, bold: true))
                } else if r.id > g.lastDeliveredID {
                    gutter[i] = ("·", Style(fg: .gray))
                    styles[i] = Style(fg: .gray)
                } else if state.pendingOnScreen.contains(r.id) {
                    gutter[i] = ("┃", Style(fg: .magenta))
                }
            }
        }
        var selected = rows.firstIndex { $0.id == state.selectedEntry } ?? (rows.isEmpty ? nil : (state.follow || state.newestFirst ? rows.count - 1 : 0))
        if state.newestFirst {
            // Drawn newest on top: rows, their styles, gutter marks and selection turn over.
            let n = rows.count
            cells.reverse()
            styles.reverse()
            gutter = Dictionary(uniqueKeysWithValues: gutter.map { (n - 1 - $0.key, $0.value) })
            selected = selected.map { n - 1 - $0 }
        }
        var title = context.heading
        if let s = state.currentStream { title += " of \(s.name)" }
        title += state.follow ? " · following" : " · paused (f follows)"
        if state.newestFirst { title += " · newest first" }
        if !state.entryFilter.isEmpty { title += " · /\(state.entryFilter)" }
        if let g = state.currentGroup { title += " · ▶ \(g.name)" }
        let t = Table(columns: columns, rows: cells, rowStyles: styles, selected: selected, gutter: gutter)
        context.drawTable(&buf, rect, title: title, t,
                          empty: state.selectedStream == nil ? "select a stream" : (state.entryFilter.isEmpty ? "no entries here" : "no entry matches within the scan limit"))
    }
}
