import StreamEngine
import TerminalUI

/// Work the reducer asks the runtime to do with the data source.
public enum Effect: Equatable, Sendable {
    /// Run Redis commands for the user (logged), then refresh. `atomic`: nothing in between.
    case run([[[UInt8]]], atomic: Bool)
    /// Run a line typed at the `:` prompt and show its reply.
    case command(String)
    /// Reload what is on screen.
    case refresh
    /// Move the entries window by this many rows (negative: earlier).
    case scrollEntries(Int)
    /// Open the detail view of an entry that may not be in the window.
    case showEntry(StreamID)
    /// Work out which groups a trim would cut into, then ask to confirm.
    case prepareTrim([String])
    /// Fetch the marked entries and ask to confirm moving them to the dead-letter stream.
    case prepareDeadLetter([StreamID])
    case toggleDemo
}

/// The pure heart of the explorer: `(state, action) -> (state', effects)`. No I/O; the
/// runtime performs the effects against the data source and feeds results back as state.
public enum Reducer {
    public static func reduce(_ s: inout AppState, _ action: Action) -> [Effect] {
        if s.modal != nil, case .input(let key) = action { return modalInput(&s, key) }
        s.status = nil
        s.statusIsError = false
        switch action {
        case .quit:
            s.quitRequested = true
        case .toggleHelp:
            s.modal = .help
        case .back:
            return back(&s)
        case .focusNext:
            s.focus = Pane(rawValue: (s.focus.rawValue + 1) % Pane.allCases.count)!
        case .focusPrevious:
            s.focus = Pane(rawValue: (s.focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .focus(let p):
            s.focus = p
        case .move(let n):
            return move(&s, n)
        case .page(let n):
            if s.focus == .entries { return [.scrollEntries(n * max(1, s.entryRows))] }
            return move(&s, n * 10)
        case .scroll(let n):
            return move(&s, n)
        case .selectRow(let i):
            return select(&s, index: i)
        case .first:
            if s.focus == .entries {
                s.windowStart = .zero
                s.selectedEntry = nil
                return [.refresh]
            }
            return select(&s, index: 0)
        case .last:
            if s.focus == .entries {
                s.windowStart = nil
                s.selectedEntry = nil
                return [.refresh]
            }
            return select(&s, index: Int.max)
        case .open:
            return open(&s)
        case .openPrompt:
            s.modal = .input(.command, InputLine("", history: s.promptHistory, completions: s.commandNames))
        case .openJump:
            guard s.selectedStream != nil else { return fail(&s, "select a stream first") }
            s.modal = .input(.jump, InputLine(""))
        case .openFilter:
            switch s.focus {
            case .streams: s.modal = .input(.streamFilter, InputLine(s.streamFilter))
            case .entries: s.modal = .input(.entryFilter, InputLine(s.entryFilter))
            case .pending: s.modal = .input(.pendingFilter, InputLine(s.pendingFilter, completions: s.consumers.map(\.name.description)))
            case .groups: return fail(&s, "nothing to filter in the groups pane")
            }
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
        case .toggleUTC:
            s.utc.toggle()
            s.status = s.utc ? "times in UTC" : "times in local time"
        case .toggleDemo:
            return [.toggleDemo]
        case .cycleSort:
            if s.focus == .pending {
                let all = PendingSort.allCases
                s.pendingSort = all[(all.firstIndex(of: s.pendingSort)! + 1) % all.count]
                s.status = "pending sorted by \(s.pendingSort.rawValue)"
            } else {
                let all = StreamSort.allCases
                s.streamSort = all[(all.firstIndex(of: s.streamSort)! + 1) % all.count]
                s.status = "streams sorted by \(s.streamSort.rawValue)"
            }
        case .scrubStep(let d):
            return scrubStep(&s, d)
        case .scrubZoom(let zoomIn):
            return scrubZoom(&s, zoomIn)
        case .scrubMark:
            if s.scrubber.markMs != nil {
                s.scrubber.markMs = nil
                s.markedCount = nil
            } else {
                guard let c = s.scrubber.cursorMs else { return fail(&s, "move the scrubber cursor first ([ or ])") }
                s.scrubber.markMs = c
                s.status = "range marked: move the cursor to extend it, m to clear"
            }
            return [.refresh]
        case .toggleMark:
            guard let id = s.selectedPending else { return [] }
            if s.marked.contains(id) { s.marked.remove(id) } else { s.marked.insert(id) }
            return move(&s, 1)
        case .markRange:
            let rows = s.visiblePending.map(\.id)
            guard let here = s.selectedPending, let i = rows.firstIndex(of: here) else { return [] }
            let anchor = rows.lastIndex { s.marked.contains($0) } ?? i
            for id in rows[min(anchor, i)...max(anchor, i)] { s.marked.insert(id) }
        case .clearMarks:
            s.marked.removeAll()
        case .claim:
            guard s.currentGroup != nil, !s.targetPending.isEmpty else { return fail(&s, "nothing selected to claim") }
            s.modal = .input(.claim, InputLine("", completions: s.consumers.map(\.name.description)))
        case .autoclaim:
            guard s.currentGroup != nil else { return fail(&s, "select a group first") }
            s.modal = .input(.autoclaim, InputLine("", completions: s.consumers.map(\.name.description)))
        case .acknowledge:
            guard let key = s.selectedStream, let g = s.selectedGroup, !s.targetPending.isEmpty else {
                return fail(&s, "nothing selected to acknowledge")
            }
            let ids = s.targetPending
            s.modal = .confirm(Confirmation(
                question: ["Acknowledge \(ids.count) pending \(ids.count == 1 ? "entry" : "entries") in group '\(g)'?",
                           "They leave the pending list for good: \(preview(ids))"],
                commands: [Args.of("XACK", BinaryName(key), g, ids)]))
        case .deadLetter:
            guard s.currentGroup != nil, !s.targetPending.isEmpty else { return fail(&s, "nothing selected to move") }
            return [.prepareDeadLetter(s.targetPending)]
        case .append:
            guard s.selectedStream != nil else { return fail(&s, "select a stream first") }
            s.modal = .append(AppendForm())
        case .createGroup:
            guard s.selectedStream != nil else { return fail(&s, "select a stream first") }
            s.modal = .input(.createGroup, InputLine(""))
        case .destroyGroup:
            guard let key = s.selectedStream, let g = s.currentGroup else { return fail(&s, "select a group first") }
            s.modal = .confirm(Confirmation(
                question: ["Destroy group '\(g.name)'?", "Its \(g.consumers) consumers and \(g.pending) pending entries go with it."],
                commands: [Args.of("XGROUP", "DESTROY", BinaryName(key), g.name)]))
        case .setGroupID:
            guard let g = s.currentGroup else { return fail(&s, "select a group first") }
            s.modal = .input(.setGroupID, InputLine(g.lastDeliveredID.description))
        case .deleteConsumer:
            guard s.currentGroup != nil else { return fail(&s, "select a group first") }
            s.modal = .input(.deleteConsumer, InputLine("", completions: s.consumers.map(\.name.description)))
        case .trim:
            guard s.selectedStream != nil else { return fail(&s, "select a stream first") }
            s.modal = .input(.trim, InputLine(""))
        case .input:
            break
        }
        return []
    }

    static func fail(_ s: inout AppState, _ message: String) -> [Effect] {
        s.status = message
        s.statusIsError = true
        return []
    }

    static func preview(_ ids: [StreamID]) -> String {
        let shown = ids.prefix(4).map(\.description).joined(separator: " ")
        return ids.count > 4 ? shown + " … (\(ids.count - 4) more)" : shown
    }

    // MARK: Navigation

    static func back(_ s: inout AppState) -> [Effect] {
        if s.modal != nil { s.modal = nil; return [] }
        switch s.focus {
        case .pending:
            if !s.marked.isEmpty { s.marked.removeAll() } else { s.focus = .groups }
        case .groups, .entries:
            s.focus = .streams
        case .streams:
            if !s.streamFilter.isEmpty { s.streamFilter = ""; return [.refresh] }
        }
        return []
    }

    static func move(_ s: inout AppState, _ n: Int) -> [Effect] {
        switch s.focus {
        case .streams:
            let list = s.visibleStreams
            guard !list.isEmpty else { return [] }
            let i = list.firstIndex { $0.key == s.selectedStream } ?? 0
            return select(&s, index: max(0, min(list.count - 1, i + n)))
        case .entries:
            guard !s.entries.isEmpty else { return [] }
            let i = s.entries.firstIndex { $0.id == s.selectedEntry } ?? (s.follow ? s.entries.count - 1 : 0)
            let j = i + n
            if j < 0 || j >= s.entries.count {
                return [.scrollEntries(j < 0 ? j : j - (s.entries.count - 1))]
            }
            s.selectedEntry = s.entries[j].id
            return []
        case .groups:
            guard !s.groups.isEmpty else { return [] }
            let i = s.groups.firstIndex { $0.name == s.selectedGroup } ?? 0
            return select(&s, index: max(0, min(s.groups.count - 1, i + n)))
        case .pending:
            let rows = s.visiblePending
            guard !rows.isEmpty else { return [] }
            let i = rows.firstIndex { $0.id == s.selectedPending } ?? 0
            s.selectedPending = rows[max(0, min(rows.count - 1, i + n))].id
            return []
        }
    }

    /// Selects row `index` (clamped) of the focused pane.
    static func select(_ s: inout AppState, index: Int) -> [Effect] {
        switch s.focus {
        case .streams:
            let list = s.visibleStreams
            guard !list.isEmpty else { return [] }
            let key = list[max(0, min(list.count - 1, index))].key
            if key != s.selectedStream {
                s.selectedStream = key
                resetStreamView(&s)
                return [.refresh]
            }
        case .entries:
            guard !s.entries.isEmpty else { return [] }
            s.selectedEntry = s.entries[max(0, min(s.entries.count - 1, index))].id
        case .groups:
            guard !s.groups.isEmpty else { return [] }
            let name = s.groups[max(0, min(s.groups.count - 1, index))].name
            if name != s.selectedGroup {
                s.selectedGroup = name
                s.selectedPending = nil
                s.marked.removeAll()
                return [.refresh]
            }
        case .pending:
            let rows = s.visiblePending
            guard !rows.isEmpty else { return [] }
            s.selectedPending = rows[max(0, min(rows.count - 1, index))].id
        }
        return []
    }

    /// A new stream selected: its entries from the tail, its first group, no marks.
    static func resetStreamView(_ s: inout AppState) {
        s.entries = []
        s.selectedEntry = nil
        s.windowStart = nil
        s.entryFilter = ""
        s.scrubber = Scrubber()
        s.markedCount = nil
        s.groups = []
        s.selectedGroup = nil
        s.consumers = []
        s.pending = []
        s.selectedPending = nil
        s.marked.removeAll()
    }

    static func open(_ s: inout AppState) -> [Effect] {
        switch s.focus {
        case .streams:
            guard s.selectedStream != nil else { return [] }
            s.focus = .entries
        case .entries:
            let row = s.entries.first { $0.id == s.selectedEntry } ?? (s.follow ? s.entries.last : s.entries.first)
            if let row { s.modal = .text(title: "entry \(row.id)", lines: EntryText.detail(row, utc: s.utc), scroll: 0) }
        case .groups:
            guard s.selectedGroup != nil else { return [] }
            s.focus = .pending
        case .pending:
            if let id = s.selectedPending { return [.showEntry(id)] }
        }
        return []
    }

    // MARK: The scrubber

    static func scrubStep(_ s: inout AppState, _ d: Int) -> [Effect] {
        let sc = s.scrubber
        guard !sc.counts.isEmpty else { return fail(&s, "the stream is empty") }
        let current = sc.cursorBucket ?? (s.entries.first { $0.id == s.selectedEntry }).flatMap { sc.bucket(of: $0.id.ms) } ?? (sc.counts.count - 1)
        let next = max(0, min(sc.counts.count - 1, sc.cursorMs == nil ? current : current + d))
        // The cursor sits mid-bucket, so rounding never pulls it back over an edge.
        s.scrubber.cursorMs = sc.bucketStart(next) + UInt64(sc.bucketMs / 2)
        s.windowStart = StreamID(ms: sc.bucketStart(next), seq: 0)
        s.selectedEntry = nil
        return [.refresh]
    }

    static func scrubZoom(_ s: inout AppState, _ zoomIn: Bool) -> [Effect] {
        let sc = s.scrubber
        guard !sc.counts.isEmpty else { return fail(&s, "the stream is empty") }
        let width = sc.span.upperBound - sc.span.lowerBound + 1
        let center = sc.cursorMs ?? (sc.span.lowerBound + width / 2)
        if zoomIn {
            let half = max(UInt64(sc.counts.count / 2), width / 8)
            let lo = center > half ? center - half : 0
            s.scrubber.window = lo...(lo + 2 * half)
            s.scrubber.cursorMs = s.scrubber.cursorMs ?? center
        } else {
            guard let w = sc.window else { return fail(&s, "showing the whole stream") }
            let half = (w.upperBound - w.lowerBound + 1) * 2
            let lo = center > half ? center - half : 0
            s.scrubber.window = lo...(center + half)
        }
        return [.refresh]
    }
}
