import RESP
import TerminalUI

extension PaneID {
    public static let groups = PaneID("groups")
}

extension InputPurpose {
    public static let createGroup = InputPurpose("createGroup", prompt: "new group name [start-id, default $]: ", pane: .groups, readsWords: true)
    public static let setGroupID = InputPurpose("setGroupID", prompt: "set group's last-delivered-id to: ", pane: .groups, readsWords: true)
    public static let deleteConsumer = InputPurpose("deleteConsumer", prompt: "delete consumer: ", pane: .groups, readsWords: true)
}

/// The selected stream's consumer groups, with lag as a count and as time, pending count
/// and the oldest pending entry's idle time; the selected group's consumers under them.
/// A group or consumer holding a stuck entry is red with `!` before the idle time.
public struct GroupsPane: Pane {
    public init() {}
    public var id: PaneID { .groups }
    public var title: String { "Groups" }
    public var needs: DataNeeds { [.groups, .consumers] }

    public var bindings: [KeyBinding] {
        [
            bind([.char("n")], .createGroup, "new consumer group", hint: "new group", writes: true),
            bind([.char("D")], .destroyGroup, "destroy the group", writes: true, destructive: true),
            bind([.char("S")], .setGroupID, "set the group's last-delivered-id", writes: true, destructive: true),
            bind([.char("X")], .deleteConsumer, "delete a consumer (drops its pending)", writes: true, destructive: true),
            bind([.char("l"), .right], .paneAction(Self.intoConsumers), "select among the group's consumers (enter: its pending)", hint: "consumers"),
            bind([.char("h"), .left], .paneAction(Self.outOfConsumers), "back to the groups"),
            bind([.char("i")], .paneAction(Self.details), "details: health verdict, the rule and its samples", hint: "health"),
            bind([.char("w")], .paneAction(Self.trends), "trends: lag, pending, oldest idle over the session"),
        ]
    }

    static let intoConsumers = "intoConsumers"
    static let outOfConsumers = "outOfConsumers"
    static let details = "details"
    static let trends = "trends"

    // MARK: Behaviour

    /// In the consumer list when a consumer is selected, else in the groups table.
    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
        if let c = s.selectedConsumer, !s.consumers.isEmpty {
            let i = s.consumers.firstIndex { $0.name == c } ?? 0
            s.selectedConsumer = s.consumers[clampRow(i + n, s.consumers.count)].name
            return []
        }
        guard !s.groups.isEmpty else { return [] }
        let i = s.groups.firstIndex { $0.name == s.selectedGroup } ?? 0
        return select(&s, row: i + n)
    }

    public func select(_ s: inout AppState, row index: Int) -> [Effect] {
        guard !s.groups.isEmpty else { return [] }
        let name = s.groups[clampRow(index, s.groups.count)].name
        guard name != s.selectedGroup else { return [] }
        s.selectedGroup = name
        s.selectedPending = nil
        s.selectedConsumer = nil
        s.pendingConsumer = nil
        s.marked.removeAll()
        return [.refresh]
    }

    /// A group: its pending entries. A consumer: the pending pane filtered to it.
    public func open(_ s: inout AppState) -> [Effect] {
        if let c = s.selectedConsumer {
            s.pendingConsumer = c
            s.selectedPending = nil
            s.marked.removeAll()
            s.focus = .pending
            return [.refresh]
        }
        if s.selectedGroup != nil {
            if s.pendingConsumer != nil {
                s.pendingConsumer = nil
                s.selectedPending = nil
                s.focus = .pending
                return [.refresh]
            }
            s.focus = .pending
        }
        return []
    }

    /// From a consumer back to the groups table; from there, to the streams.
    public func back(_ s: inout AppState) -> [Effect] {
        if s.selectedConsumer != nil { s.selectedConsumer = nil } else { s.focus = .streams }
        return []
    }

    public func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
        case .paneAction(Self.intoConsumers):
            guard s.currentGroup != nil, let first = s.consumers.first else { return Reducer.fail(&s, "this group has no consumers") }
            if s.selectedConsumer == nil { s.selectedConsumer = first.name }
        case .paneAction(Self.outOfConsumers):
            s.selectedConsumer = nil
        case .paneAction(Self.details):
            guard let g = s.currentGroup, let key = s.selectedStream else { return Reducer.fail(&s, "select a group first") }
            let samples = s.groupHistory[GroupKey(stream: key, group: g.name)] ?? []
            s.modal = .text(title: "group \(g.name)", lines: GroupDetail.lines(g, stream: s.currentStream, report: s.healthReport(g.name),
                                                                               samples: samples, state: s), scroll: 0)
        case .paneAction(Self.trends):
            s.groupTrends.toggle()
            s.status = s.groupTrends ? "groups: trends over the session (w: numbers)" : "groups: numbers (w: trends)"
        case .createGroup:
            guard s.selectedStream != nil else { return Reducer.fail(&s, "select a stream first") }
            s.modal = .input(.createGroup, InputLine(""))
        case .destroyGroup:
            guard let key = s.selectedStream, let g = s.currentGroup else { return Reducer.fail(&s, "select a group first") }
            s.modal = .confirm(Confirmation(
                question: ["Destroy group '\(g.name)'?", "Its \(g.consumers) consumers and \(g.pending) pending entries go with it."],
                commands: [Args.of("XGROUP", "DESTROY", BinaryName(key), g.name)]))
        case .setGroupID:
            guard let g = s.currentGroup else { return Reducer.fail(&s, "select a group first") }
            s.modal = .input(.setGroupID, InputLine(g.lastDeliveredID.description))
        case .deleteConsumer:
            guard s.currentGroup != nil else { return Reducer.fail(&s, "select a group first") }
            s.modal = .input(.deleteConsumer, InputLine("", completions: s.consumers.map(\.name.description)))
        default: break
        }
        return []
    }

    /// Group creation runs at once (and selects the new group); moving a group's ID and
    /// deleting a consumer ask first.
    public func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect] {
        let key = BinaryName(s.selectedStream ?? [])
        let group = s.selectedGroup ?? BinaryName([])
        let words = form.words
        switch purpose {
        case .createGroup:
            guard let typed = form.raw.first else { return Reducer.fail(&s, "name the group") }
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
        case .deleteConsumer:
            guard let typed = form.raw.first else { return [] }
            let name = BinaryName.resolve(typed, among: s.consumers.map(\.name))
            let owned = s.consumers.first { $0.name == name }?.pending ?? 0
            s.modal = .confirm(Confirmation(
                question: ["Delete consumer '\(name)' from group '\(group)'?",
                           "Its \(owned) pending \(owned == 1 ? "entry is" : "entries are") dropped, not acknowledged."],
                commands: [Args.of("XGROUP", "DELCONSUMER", key, group, name)]))
        default: break
        }
        return []
    }

    // MARK: Drawing

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        let state = context.state
        buf.box(rect, title: context.heading + (state.groupTrends ? " · trends (w: numbers)" : ""), focused: context.focused)
        let (tableRect, consumersRect) = Self.areas(state, rect)
        var t = table(state, width: tableRect.width)
        t.offset = Table.scrollOffset(selected: t.selected, offset: context.offset, visible: tableRect.height - 1, count: t.rows.count)
        context.offset = t.offset
        // With a consumer selected, the group's row stays marked but the focus is below.
        t.render(into: &buf, tableRect, focused: context.focused && state.selectedConsumer == nil)
        if t.rows.isEmpty && tableRect.height > 1 {
            buf.put("no groups: n creates one", x: tableRect.x + 1, y: tableRect.y + 1, style: Style(fg: .gray), maxWidth: tableRect.width - 1)
        }
        if consumersRect.height > 0, let g = state.currentGroup { consumers(state, of: g, consumersRect, focused: context.focused, &buf) }
        if state.groups.contains(where: { ($0.oldestIdleMs ?? 0) >= state.stuckIdleMs }) {
            RowMarks.legend([(RowMarks.stuckGlyph, RowMarks.stuckStyle, "pending idle ≥ \(TimeText.duration(state.stuckIdleMs))")], rect, &buf)
        }
    }

    /// The groups table's area and, under it, the selected group's consumer list (a
    /// heading and a row each, at most half the pane). O(1)
    static func areas(_ state: AppState, _ rect: Rect) -> (table: Rect, consumers: Rect) {
        let inside = rect.inset(1)
        let consumerRows = state.currentGroup == nil ? 0 : min(state.consumers.count + 1, max(0, inside.height / 2))
        return inside.splitRows(inside.height - consumerRows)
    }

    /// The first consumer the list shows: scrolled so that the selected one is in view.
    static func firstConsumerShown(_ state: AppState, rows visible: Int) -> Int {
        let at = state.consumers.firstIndex { $0.name == state.selectedConsumer } ?? 0
        return max(0, at - visible + 1)
    }

    /// A click in the consumer list selects that consumer (Enter then opens its pending
    /// entries); in the table, that group.
    public func click(_ s: inout AppState, y: Int, in rect: Rect) -> [Effect] {
        let (_, list) = Self.areas(s, rect)
        guard list.height > 0, y >= list.y, y < list.maxY else { return clickTableRow(&s, y: y, in: rect) }
        let i = Self.firstConsumerShown(s, rows: list.height - 1) + (y - list.y - 1)
        guard y > list.y, i < s.consumers.count else { return [] }
        s.selectedConsumer = s.consumers[i].name
        return []
    }

    /// Trend columns (lag, pending, oldest idle) fit beside the numbers from this width.
    static let trendsBesideNumbersWidth = 76

    /// The groups table: numbers and the health verdict; with `w` (or when the pane is
    /// wide enough, beside the numbers), each group's trends over the session as
    /// sparklines, each with its latest value. - Complexity: O(groups × samples kept)
    func table(_ state: AppState, width: Int) -> Table {
        let verdicts = state.groups.map { state.healthReport($0.name)?.verdict ?? .warming }
        let numbers: [Table.Column] = [.init("lag", .fit(min: 3), alignRight: true), .init("behind", .fit(min: 6), alignRight: true),
                                       .init("pend", .fit(min: 4), alignRight: true), .init("oldest", .fit(min: 6), alignRight: true)]
        let showNumbers = !state.groupTrends
        // Beside the numbers the trend columns say so; alone, the title does.
        let trendColumns: [Table.Column] = (showNumbers ? ["lag trend", "pend trend", "idle trend"] : ["lag", "pending", "oldest idle"])
            .map { Table.Column($0, .flex(min: 6)) }
        let showTrends = state.groupTrends || width >= Self.trendsBesideNumbersWidth
        let columns = [Table.Column("group", .flex(min: 6))] + (showNumbers ? numbers : []) + [.init("health", .fit(min: 5))]
            + (showTrends ? trendColumns : [])
        let rows = zip(state.groups, verdicts).map { g, verdict -> [String] in
            let lagTime = Self.behind(g, state.currentStream).map(TimeText.duration) ?? "0"
            let oldest = g.oldestIdleMs.map { RowMarks.idle($0, stuck: $0 >= state.stuckIdleMs) } ?? "·"
            // Pending entries XNACK released (Redis 8.8) follow the count: "12 (3 nack)".
            let pending = Format.count(g.pending) + (g.released.map { $0 > 0 ? " (\($0) nack)" : "" } ?? "")
            return [g.name.description] + (showNumbers ? [g.lag.map { String($0) } ?? "?", lagTime, pending, oldest] : [])
                + [verdict.word]
        }
        let styles: [Style?] = zip(state.groups, verdicts).map { g, verdict in
            Self.healthStyle(verdict) ?? (((g.oldestIdleMs ?? 0) >= state.stuckIdleMs) ? RowMarks.stuckStyle : nil)
        }
        var t = Table(columns: columns, rows: rows, rowStyles: styles, selected: state.groups.firstIndex { $0.name == state.selectedGroup })
        guard showTrends, let key = state.selectedStream else { return t }
        let widths = t.widths(total: width)
        let w = Array(widths.suffix(3))
        for (i, g) in state.groups.enumerated() {
            let samples = state.groupHistory[GroupKey(stream: key, group: g.name)] ?? []
            let last = samples.last
            t.rows[i] += [
                Self.trendCell(samples, width: w[0], latest: last?.lag.map { String($0) } ?? "?") { Int(clamping: $0.lag ?? 0) },
                Self.trendCell(samples, width: w[1], latest: last.map { Format.count($0.pending) } ?? "·") { $0.pending },
                Self.trendCell(samples, width: w[2], latest: last?.oldestIdleMs.map(TimeText.duration) ?? "·") { Int(clamping: $0.oldestIdleMs ?? 0) },
            ]
        }
        return t
    }

    /// A sparkline with its latest value beside it: `▁▂▄█ 51`. - Complexity: O(samples + width)
    static func trendCell(_ samples: [GroupSample], width: Int, latest: String, _ value: (GroupSample) -> Int) -> String {
        let room = max(0, width - DisplayWidth.of(latest) - 1)
        let spark = Sparkline.render(GroupHistory.series(samples, width: room, value), width: room)
        return TextFit.pad(spark, room) + " " + latest
    }

    /// Rows in trouble stand out by attribute as well as colour; the verdict's word says
    /// which trouble, so `NO_COLOR` loses nothing.
    static func healthStyle(_ v: HealthVerdict) -> Style? {
        switch v {
        case .err: return RowMarks.poisonStyle
        case .stop, .stall: return Style(fg: .red, bold: true)
        case .warn: return Style(fg: .yellow, bold: true)
        case .ok, .warming: return nil
        }
    }

    /// How far behind the newest entry the group's backlog reaches, in milliseconds: the
    /// newest entry's time minus the last delivered entry's, or minus the stream's first
    /// entry's when the group is before the stream's start (created at 0-0, or trimmed
    /// past): the age of its backlog, never the time since 1970. nil: nothing to deliver.
    /// - Complexity: O(1)
    static func behind(_ g: GroupSummary, _ stream: StreamSummary?) -> UInt64? {
        guard let last = stream?.lastID, last > g.lastDeliveredID else { return nil }
        let from = max(g.lastDeliveredID.ms, stream?.firstID?.ms ?? 0)
        return last.ms > from ? last.ms - from : 0
    }

    /// The selected group's consumers, under the groups table.
    func consumers(_ state: AppState, of g: GroupSummary, _ r: Rect, focused: Bool, _ buf: inout ScreenBuffer) {
        // Redis 7.2 servers also say how long since a consumer last got anything.
        let showInactive = state.consumers.contains { $0.inactiveMs != nil }
        let extra = showInactive ? 9 : 0
        let head = TextFit.pad("consumers of \(g.name)", max(4, r.width - 17 - extra)) + TextFit.pad("pend", 6, right: true)
            + TextFit.pad("idle", 9, right: true) + (showInactive ? TextFit.pad("inactive", 9, right: true) : "")
        buf.put(head, x: r.x + 1, y: r.y, style: Style(fg: .yellow, bold: true), maxWidth: r.width - 1)
        let visible = max(0, r.height - 1)
        let first = Self.firstConsumerShown(state, rows: visible)
        for (i, c) in state.consumers.dropFirst(first).prefix(visible).enumerated() {
            let stuck = c.idleMs >= state.stuckIdleMs && c.pending > 0
            let idleStyle = stuck ? RowMarks.stuckStyle : Style.plain
            let text = TextFit.pad(c.name.description, max(4, r.width - 17 - extra)) + TextFit.pad(Format.count(c.pending), 6, right: true)
                + TextFit.pad(RowMarks.idle(c.idleMs, stuck: stuck), 9, right: true)
                + (showInactive ? TextFit.pad(c.inactiveMs.map(TimeText.duration) ?? "·", 9, right: true) : "")
            if c.name == state.selectedConsumer {
                let selected = focused ? Style(fg: .black, bg: .cyan) : Style(reverse: true)
                buf.fill(Rect(x: r.x, y: r.y + 1 + i, width: r.width, height: 1), style: selected)
                buf.put(text, x: r.x + 1, y: r.y + 1 + i, style: selected, maxWidth: r.width - 1)
            } else {
                buf.put(text, x: r.x + 1, y: r.y + 1 + i, style: idleStyle, maxWidth: r.width - 1)
            }
        }
    }
}
