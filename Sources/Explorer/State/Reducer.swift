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

    // MARK: Modals

    static func modalInput(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard let modal = s.modal else { return [] }
        switch modal {
        case .help:
            if [Key.escape, .char("?"), .char("q"), .enter].contains(key) { s.modal = nil }
            return []
        case .text(let title, let lines, let scroll):
            switch key {
            case .char("j"), .down: s.modal = .text(title: title, lines: lines, scroll: min(max(0, lines.count - 1), scroll + 1))
            case .char("k"), .up: s.modal = .text(title: title, lines: lines, scroll: max(0, scroll - 1))
            case .pageDown, .char(" "): s.modal = .text(title: title, lines: lines, scroll: min(max(0, lines.count - 1), scroll + 10))
            case .pageUp: s.modal = .text(title: title, lines: lines, scroll: max(0, scroll - 10))
            case .escape, .enter, .char("q"): s.modal = nil
            default: break
            }
            return []
        case .confirm(let c):
            switch key {
            case .char("y"), .char("Y"):
                s.modal = nil
                return [.run(c.commands, atomic: c.atomic)]
            case .char("n"), .char("N"), .escape, .char("q"):
                s.modal = nil
                s.status = "cancelled"
            default: break
            }
            return []
        case .append(var form):
            switch key {
            case .tab, .down: form.field = (form.field + 1) % 3
            case .backTab, .up: form.field = (form.field + 2) % 3
            case .escape: s.modal = nil; return []
            case .enter: return submitAppend(&s, form)
            default:
                switch form.field {
                case 0: _ = form.id.handle(key)
                case 1: _ = form.fields.handle(key)
                default: _ = form.maxlen.handle(key)
                }
            }
            s.modal = .append(form)
            return []
        case .input(let purpose, var line):
            switch line.handle(key) {
            case .editing:
                s.modal = .input(purpose, line)
                return []
            case .cancelled:
                s.modal = nil
                return []
            case .submitted(let text):
                s.modal = nil
                if purpose == .command { s.promptHistory = line.history }
                return submit(&s, purpose, text.trimmed)
            }
        }
    }

    static func submitAppend(_ s: inout AppState, _ form: AppendForm) -> [Effect] {
        guard let key = s.selectedStream else { return [] }
        let pairs: [[UInt8]]
        switch Words.split(form.fields.value) {
        case .success(let words): pairs = words
        case .failure(let e):
            s.modal = .append(form)
            return fail(&s, "cannot read the fields: \(e.message)")
        }
        var flat: [[UInt8]] = []
        for p in pairs {
            guard let eq = p.firstIndex(of: UInt8(ascii: "=")) else {
                s.modal = .append(form)
                return fail(&s, "write fields as name=value (got '\(BinaryText.display(p))')")
            }
            flat += [Array(p[..<eq]), Array(p[(eq + 1)...])]
        }
        guard !flat.isEmpty else {
            s.modal = .append(form)
            return fail(&s, "an entry needs at least one name=value pair")
        }
        var cmd = Args.of("XADD", BinaryName(key))
        let maxlen = form.maxlen.value.trimmed
        if !maxlen.isEmpty { cmd += Args.of("MAXLEN", maxlen) }
        let id = form.id.value.trimmed
        cmd += Args.of(id.isEmpty ? "*" : id)
        cmd += flat
        s.modal = nil
        return [.run([cmd], atomic: false)]
    }

    static func submit(_ s: inout AppState, _ purpose: InputPurpose, _ text: String) -> [Effect] {
        let key = BinaryName(s.selectedStream ?? [])
        let group = s.selectedGroup ?? BinaryName([])
        // Forms that take words read them by the prompt's rule; the others take the text.
        var raw: [[UInt8]] = []
        if [.claim, .autoclaim, .createGroup, .setGroupID, .deleteConsumer, .trim].contains(purpose) {
            switch Words.split(text) {
            case .success(let w): raw = w
            case .failure(let e): return fail(&s, "cannot read that: \(e.message)")
            }
        }
        let words = raw.map { String(decoding: $0, as: UTF8.self) }
        let consumerNames = s.consumers.map(\.name)
        switch purpose {
        case .command:
            guard !text.isEmpty else { return [] }
            return [.command(text)]
        case .jump:
            guard let id = TimeText.parseJump(text, nowMs: s.nowMs, utc: s.utc) else {
                return fail(&s, "cannot read '\(text)': give an ID (1700000000000-0), a time (2026-11-25T14:00) or -5m")
            }
            s.windowStart = id
            s.selectedEntry = nil
            s.focus = .entries
            s.scrubber.cursorMs = id.ms
            s.status = "jumped to \(id.ms == 0 ? id.description : TimeText.format(id.ms, utc: s.utc))"
            return [.refresh]
        case .streamFilter:
            s.streamFilter = text
            return [.refresh]
        case .entryFilter:
            s.entryFilter = text
            s.selectedEntry = nil
            return [.refresh]
        case .pendingFilter:
            s.pendingFilter = text
            return []
        case .claim:
            guard let typed = raw.first else { return fail(&s, "name a consumer") }
            let consumer = BinaryName.resolve(typed, among: consumerNames)
            var minIdle = "0"
            if words.count > 1 {
                guard let d = TimeText.parseDuration(words[1]) else { return fail(&s, "min-idle '\(words[1])' is not a duration") }
                minIdle = String(d)
            }
            let ids = s.targetPending
            s.marked.removeAll()
            return [.run([Args.of("XCLAIM", key, group, consumer, minIdle, ids)], atomic: false)]
        case .autoclaim:
            guard words.count >= 2, let minIdle = TimeText.parseDuration(words[1]) else {
                return fail(&s, "give a consumer and a min-idle, e.g. 'rescuer 30s'")
            }
            let start = words.count > 2 ? words[2] : "0-0"
            guard let startID = StreamIDParser.parseID(Array(start.utf8)) else {
                return fail(&s, "start '\(start)' is not a stream ID")
            }
            let moving = s.pending.filter { $0.id >= startID && $0.idleMs >= minIdle }.prefix(100)
            guard !moving.isEmpty else {
                s.status = "nothing is idle for \(TimeText.duration(minIdle)) from \(start): autoclaim would move nothing"
                return []
            }
            let rescuer = BinaryName.resolve(raw[0], among: consumerNames)
            s.modal = .confirm(Confirmation(
                question: ["Autoclaim would move \(moving.count) \(moving.count == 1 ? "entry" : "entries") to '\(rescuer)':",
                           preview(moving.map(\.id)),
                           "from " + Set(moving.map(\.consumer)).sorted().map(\.description).joined(separator: ", ")],
                commands: [Args.of("XAUTOCLAIM", key, group, rescuer, minIdle, start, "COUNT", "100")]))
            return []
        case .createGroup:
            guard let typed = raw.first else { return fail(&s, "name the group") }
            let name = BinaryName(typed)
            s.selectedGroup = name
            s.selectedPending = nil
            return [.run([Args.of("XGROUP", "CREATE", key, name, words.count > 1 ? words[1] : "$")], atomic: false)]
        case .setGroupID:
            guard let id = words.first else { return [] }
            s.modal = .confirm(Confirmation(
                question: ["Move group '\(group)' to \(id)?",
                           "Entries after it will be delivered again; the pending list is kept."],
                commands: [Args.of("XGROUP", "SETID", key, group, id)]))
            return []
        case .deleteConsumer:
            guard let typed = raw.first else { return [] }
            let name = BinaryName.resolve(typed, among: consumerNames)
            let owned = s.consumers.first { $0.name == name }?.pending ?? 0
            s.modal = .confirm(Confirmation(
                question: ["Delete consumer '\(name)' from group '\(group)'?",
                           "Its \(owned) pending \(owned == 1 ? "entry is" : "entries are") dropped, not acknowledged."],
                commands: [Args.of("XGROUP", "DELCONSUMER", key, group, name)]))
            return []
        case .trim:
            guard !words.isEmpty else { return [] }
            return [.prepareTrim(words)]
        }
    }
}

/// Splits what a user types into a form into words, by the one rule the `:` prompt and
/// redis-cli use (Redis's inline protocol): spaces separate; double quotes group, with
/// `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\a` and `\xHH` escapes; single quotes group
/// literally (with `\'`); a quote may open inside a word (`item='big lamp'`); an
/// unclosed quote is an error, never swallowed text. Words are bytes: `"k\xff"` is the
/// two bytes `k`, 0xFF.
public enum Words {
    public static func split(_ text: String) -> Result<[[UInt8]], WordsError> {
        switch PromptLine.parse(text) {
        case .empty: return .success([])
        case .command(let words): return .success(words)
        case .failure(let message): return .failure(WordsError(message: message))
        }
    }
}

public struct WordsError: Error, Equatable {
    public let message: String
}
