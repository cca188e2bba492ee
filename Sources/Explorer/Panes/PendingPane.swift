import Foundation
import RESP
import StreamEngine
import TerminalUI

extension PaneID {
    public static let pending = PaneID("pending")
}

extension InputPurpose {
    public static let pendingFilter = InputPurpose("filter", prompt: "filter pending (consumer, idle>5s, deliveries>3): ", pane: .pending, readsWords: false)
    public static let claim = InputPurpose("claim", prompt: "claim to consumer [min-idle]: ", pane: .pending, readsWords: true)
    public static let exportPending = InputPurpose("exportPending", prompt: "export to (.jsonl or .csv): ", pane: .pending, readsWords: false)
    public static let autoclaim = InputPurpose("autoclaim", prompt: "autoclaim to consumer min-idle [start-id]: ", pane: .pending, readsWords: true)
    public static let claimIdle = InputPurpose("claimIdle", prompt: "claim idle entries, released first, for consumer min-idle: ",
                                               pane: .pending, readsWords: true)
    public static let release = InputPurpose("release", prompt: "release as silent (one delivery less) | fail | fatal (poison): ",
                                             pane: .pending, readsWords: true)
}

/// The selected group's pending entries: ID, consumer, idle time, deliveries. Rows idle
/// past the stuck threshold are red with `!`, delivered past the poison count magenta
/// with `✗` (see `RowMarks`). Rows are
/// marked to claim, acknowledge or move to the dead-letter stream together.
public struct PendingPane: Pane {
    public init() {}
    public var id: PaneID { .pending }
    public var title: String { "Pending" }
    /// The pending rows; consumers complete the names typed in claim forms.
    public var needs: DataNeeds { [.groups, .consumers, .pending] }

    public var bindings: [KeyBinding] {
        [
            bind([.char(" ")], .toggleMark, "mark / unmark the row", hint: "mark"),
            bind([.char("v")], .markRange, "mark from the last mark to here"),
            bind([.char("u")], .clearMarks, "clear marks"),
            bind([.char("c")], .claim, "claim marked rows to a consumer (XCLAIM)", hint: "claim", writes: true),
            bind([.char("A")], .autoclaim, "autoclaim idle rows, with a preview (XAUTOCLAIM)", writes: true),
            bind([.char("x")], .acknowledge, "acknowledge marked rows (XACK)", hint: "ack", writes: true, destructive: true),
            bind([.char("L")], .deadLetter, "move marked rows to the dead-letter stream", writes: true, destructive: true),
            bind([.char("X")], .paneAction("ackdel"), "acknowledge and delete marked rows (XACKDEL, Redis \(RedisFeatures.since(.referencePolicies))+)",
                 writes: true, destructive: true),
            bind([.char("C")], .paneAction("claimIdle"), "claim idle rows by reading (XREADGROUP CLAIM, Redis \(RedisFeatures.since(.claimOnRead))+)",
                 writes: true),
            bind([.char("R")], .paneAction("release"),
                 "release, claimed first (XNACK, Redis \(RedisFeatures.since(.release))+)", writes: true),
            bind([.char("s")], .cycleSort, "sort: id/idle/deliveries"),
            bind([.char("e")], .paneAction(Self.export), "export the marked rows, else the list as shown"),
        ]
    }

    static let export = "export"

    /// The marked rows, else every row as the pane shows it (filtered, sorted): the
    /// group's first 1,000 (`streamscope export --pending` reads more).
    static func exportRows(_ s: AppState) -> (rows: [PendingRow], what: String) {
        let shown = s.visiblePending
        let group = s.selectedGroup.map(\.description) ?? "?"
        if !s.marked.isEmpty { return (shown.filter { s.marked.contains($0.id) }, "marked pending of \(group)") }
        return (shown, "pending list of \(group)" + (s.pendingConsumer.map { ", consumer \($0)" } ?? "")
                + (s.pendingFilter.isEmpty ? "" : " matching /\(s.pendingFilter)"))
    }

    // MARK: Behaviour

    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
        let rows = s.visiblePending
        guard !rows.isEmpty else { return [] }
        let i = rows.firstIndex { $0.id == s.selectedPending } ?? 0
        s.selectedPending = rows[clampRow(i + n, rows.count)].id
        return []
    }

    public func select(_ s: inout AppState, row index: Int) -> [Effect] {
        let rows = s.visiblePending
        guard !rows.isEmpty else { return [] }
        s.selectedPending = rows[clampRow(index, rows.count)].id
        return []
    }

    public func open(_ s: inout AppState) -> [Effect] {
        s.selectedPending.map { [.showEntry($0)] } ?? []
    }

    /// Clears the marks first, then steps back to the groups (leaving a consumer's
    /// drill-down, whose consumer stays selected there).
    public func back(_ s: inout AppState) -> [Effect] {
        if !s.marked.isEmpty {
            s.marked.removeAll()
            return []
        }
        s.focus = .groups
        guard s.pendingConsumer != nil else { return [] }
        s.selectedConsumer = s.pendingConsumer
        s.pendingConsumer = nil
        s.selectedPending = nil
        return [.refresh]
    }

    public func filter(_ s: inout AppState) -> [Effect] {
        s.modal = .input(.pendingFilter, InputLine(s.pendingFilter, completions: s.consumers.map(\.name.description)))
        return []
    }

    public func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
        case .cycleSort:
            s.pendingSort = s.pendingSort.cycled
            s.status = "pending sorted by \(s.pendingSort.rawValue)"
        case .toggleMark:
            guard let id = s.selectedPending else { return [] }
            if s.marked.contains(id) { s.marked.remove(id) } else { s.marked.insert(id) }
            return move(&s, by: 1)
        case .markRange:
            let rows = s.visiblePending.map(\.id)
            guard let here = s.selectedPending, let i = rows.firstIndex(of: here) else { return [] }
            let anchor = rows.lastIndex { s.marked.contains($0) } ?? i
            for id in rows[min(anchor, i)...max(anchor, i)] { s.marked.insert(id) }
        case .clearMarks:
            s.marked.removeAll()
        case .claim:
            guard s.currentGroup != nil, !s.targetPending.isEmpty else { return Reducer.fail(&s, "nothing selected to claim") }
            s.modal = .input(.claim, InputLine("", completions: s.consumers.map(\.name.description)))
        case .autoclaim:
            guard s.currentGroup != nil else { return Reducer.fail(&s, "select a group first") }
            s.modal = .input(.autoclaim, InputLine("", completions: s.consumers.map(\.name.description)))
        case .acknowledge:
            guard let key = s.selectedStream, let g = s.selectedGroup, !s.targetPending.isEmpty else {
                return Reducer.fail(&s, "nothing selected to acknowledge")
            }
            let ids = s.targetPending
            s.modal = .confirm(Confirmation(
                question: ["Acknowledge \(ids.count) pending \(ids.count == 1 ? "entry" : "entries") in group '\(g)'?",
                           "They leave the pending list for good: \(Reducer.preview(ids))"],
                commands: [Args.of("XACK", BinaryName(key), g, ids)]))
        case .paneAction(Self.export):
            guard let key = s.selectedStream, s.selectedGroup != nil else { return Reducer.fail(&s, "select a group first") }
            s.modal = .input(.exportPending, InputLine(ExportPlan.suggestedName(stream: key, kind: "pending", nowMs: s.nowMs)))
        case .deadLetter:
            guard s.currentGroup != nil, !s.targetPending.isEmpty else { return Reducer.fail(&s, "nothing selected to move") }
            return [.prepareDeadLetter(s.targetPending)]
        case .paneAction("ackdel"):
            if let refusal = Self.missing(.referencePolicies, "acknowledge-and-delete needs XACKDEL", &s) { return refusal }
            guard let key = s.selectedStream, let g = s.selectedGroup, !s.targetPending.isEmpty else {
                return Reducer.fail(&s, "nothing selected to acknowledge")
            }
            let ids = s.targetPending
            s.modal = .confirm(Confirmation(
                question: ["Acknowledge \(ids.count) pending \(ids.count == 1 ? "entry" : "entries") in group '\(g)' and delete \(ids.count == 1 ? "it" : "them")",
                           "from the stream, keeping other groups' references (KEEPREF)? \(Reducer.preview(ids))"],
                commands: [Args.of("XACKDEL", BinaryName(key), g, "KEEPREF", "IDS", String(ids.count), ids)]))
        case .paneAction("claimIdle"):
            if let refusal = Self.missing(.claimOnRead, "claiming by reading needs XREADGROUP CLAIM", &s) { return refusal }
            guard s.currentGroup != nil else { return Reducer.fail(&s, "select a group first") }
            s.modal = .input(.claimIdle, InputLine("", completions: s.consumers.map(\.name.description)))
        case .paneAction("release"):
            if let refusal = Self.missing(.release, "release needs XNACK", &s) { return refusal }
            guard s.currentGroup != nil, !s.targetPending.isEmpty else { return Reducer.fail(&s, "nothing selected to release") }
            s.modal = .input(.release, InputLine("", completions: ["silent", "fail", "fatal"]))
        default: break
        }
        return []
    }

    /// A filter applies at once; a claim runs (and clears the marks); an autoclaim shows
    /// what it would move and asks.
    public func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect] {
        let key = BinaryName(s.selectedStream ?? [])
        let group = s.selectedGroup ?? BinaryName([])
        let (raw, words) = (form.raw, form.words)
        let consumerNames = s.consumers.map(\.name)
        switch purpose {
        case .pendingFilter:
            s.pendingFilter = form.text
        case .exportPending:
            let path = form.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty else { return Reducer.fail(&s, "name a file to export to") }
            let (rows, what) = Self.exportRows(s)
            return [.export(.rows(.pending(rows), what: what), format: ExportFormat(path: path), path: path)]
        case .claim:
            guard let typed = raw.first else { return Reducer.fail(&s, "name a consumer") }
            let consumer = BinaryName.resolve(typed, among: consumerNames)
            var minIdle = "0"
            if words.count > 1 {
                guard let d = TimeText.parseDuration(words[1]) else { return Reducer.fail(&s, "min-idle '\(words[1])' is not a duration") }
                minIdle = String(d)
            }
            let ids = s.targetPending
            s.marked.removeAll()
            return [.run([Args.of("XCLAIM", key, group, consumer, minIdle, ids)], atomic: false)]
        case .claimIdle:
            guard words.count >= 2, let minIdle = TimeText.parseDuration(words[1]) else {
                return Reducer.fail(&s, "give a consumer and a min-idle, e.g. 'rescuer 30s'")
            }
            // Only what is idle (or released) is read: COUNT stops the read before new entries.
            let idle = s.pending.filter { $0.isReleased || $0.idleMs >= minIdle }.count
            guard idle > 0 else {
                s.status = "nothing is idle for \(TimeText.duration(minIdle)) and nothing is released: no claim to make"
                return []
            }
            let consumer = BinaryName.resolve(raw[0], among: consumerNames)
            return [.run([Args.of("XREADGROUP", "GROUP", group, consumer, "COUNT", String(idle), "CLAIM", String(minIdle), "STREAMS", key, ">")],
                         atomic: false)]
        case .release:
            let mode = words.first?.lowercased() ?? ""
            guard ["silent", "fail", "fatal"].contains(mode) else { return Reducer.fail(&s, "release as silent, fail or fatal") }
            let ids = s.targetPending
            s.marked.removeAll()
            return [.run([Args.of("XNACK", key, group, mode.uppercased(), "IDS", String(ids.count), ids)], atomic: false)]
        case .autoclaim:
            guard words.count >= 2, let minIdle = TimeText.parseDuration(words[1]) else {
                return Reducer.fail(&s, "give a consumer and a min-idle, e.g. 'rescuer 30s'")
            }
            let start = words.count > 2 ? words[2] : "0-0"
            guard let startID = StreamIDParser.parseID(Array(start.utf8)) else {
                return Reducer.fail(&s, "start '\(start)' is not a stream ID")
            }
            let moving = s.pending.filter { $0.id >= startID && $0.idleMs >= minIdle }.prefix(100)
            guard !moving.isEmpty else {
                s.status = "nothing is idle for \(TimeText.duration(minIdle)) from \(start): autoclaim would move nothing"
                return []
            }
            let rescuer = BinaryName.resolve(raw[0], among: consumerNames)
            s.modal = .confirm(Confirmation(
                question: ["Autoclaim would move \(moving.count) \(moving.count == 1 ? "entry" : "entries") to '\(rescuer)':",
                           Reducer.preview(moving.map(\.id)),
                           "from " + Set(moving.map(\.consumer)).sorted().map(\.description).joined(separator: ", ")],
                commands: [Args.of("XAUTOCLAIM", key, group, rescuer, minIdle, start, "COUNT", "100")]))
        default: break
        }
        return []
    }

    /// nil when the source has `feature`; otherwise the refusal, naming the Redis that
    /// added it and the one the source answers as.
    static func missing(_ feature: RedisFeatures, _ what: String, _ s: inout AppState) -> [Effect]? {
        guard !s.features.contains(feature) else { return nil }
        return Reducer.fail(&s, "\(what) (Redis \(RedisFeatures.since(feature))); this source answers as Redis \(s.redisVersion ?? "of unknown version")")
    }

    // MARK: Drawing

    /// What an empty list means: no group, nothing pending, or a filter that hides
    /// every row (which is not the same as nothing pending).
    static func emptyText(_ state: AppState) -> String {
        if state.selectedGroup == nil { return "select a group" }
        if let c = state.pendingConsumer, state.visiblePending.isEmpty && state.pendingFilter.isEmpty {
            return "consumer \(c) holds no pending entries in this group"
        }
        if state.pending.isEmpty { return "nothing pending: every delivered entry is acknowledged" }
        return "nothing matches /\(state.pendingFilter): \(state.pending.count) pending hidden (/ changes the filter)"
    }

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        let state = context.state
        let rows = state.visiblePending
        // Colour says stuck and poison at a glance; a glyph beside the number says it
        // again where there is no colour (NO_COLOR, a monochrome terminal).
        let cells = rows.map { r in
            // A released row (XNACK) has no owner and no idle time: any claim takes it first.
            [r.id.description, r.isReleased ? "(released)" : r.consumer.description,
             r.isReleased ? "—" : RowMarks.idle(r.idleMs, stuck: r.idleMs >= state.stuckIdleMs),
             (r.deliveries >= state.poisonDeliveries ? RowMarks.poisonGlyph : "") + "\(r.deliveries)"]
        }
        let styles: [Style?] = rows.map { r in
            if r.deliveries >= state.poisonDeliveries { return RowMarks.poisonStyle }
            if r.idleMs >= state.stuckIdleMs && !r.isReleased { return RowMarks.stuckStyle }
            return nil
        }
        var marked = Set<Int>()
        for (i, r) in rows.enumerated() where state.marked.contains(r.id) { marked.insert(i) }
        var title = context.heading
        if let g = state.selectedGroup { title += " of \(g)" }
        if let c = state.pendingConsumer { title += " · consumer \(c) (esc: all)" }
        title += " (\(rows.count)\(rows.count == state.pending.count ? "" : "/\(state.pending.count)"))"
        if !state.marked.isEmpty { title += " · \(state.marked.count) marked" }
        if state.pendingSort != .id { title += " · by \(state.pendingSort.rawValue)" }
        if !state.pendingFilter.isEmpty { title += " · /\(state.pendingFilter)" }
        let t = Table(columns: [.init("id", .flex(min: 15)), .init("consumer", .flex(min: 8)),
                                .init("idle", .fit(min: 6), alignRight: true), .init("deliv", .fit(min: 5), alignRight: true)],
                      rows: cells, rowStyles: styles, selected: rows.firstIndex { $0.id == state.selectedPending }, marked: marked)
        context.drawTable(&buf, rect, title: title, t, empty: Self.emptyText(state))
        RowMarks.legend([(RowMarks.stuckGlyph, RowMarks.stuckStyle, "idle ≥ \(TimeText.duration(state.stuckIdleMs))"),
                     (RowMarks.poisonGlyph, RowMarks.poisonStyle, "≥ \(state.poisonDeliveries) deliveries")], rect, &buf)
    }
}
