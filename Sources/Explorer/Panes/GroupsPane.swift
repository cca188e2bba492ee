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
        ]
    }

    // MARK: Behaviour

    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
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
        s.marked.removeAll()
        return [.refresh]
    }

    public func open(_ s: inout AppState) -> [Effect] {
        if s.selectedGroup != nil { s.focus = .pending }
        return []
    }

    public func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
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
        let rows = state.groups.map { g -> [String] in
            let lagTime = Self.behind(g, state.currentStream).map(TimeText.duration) ?? "0"
            let oldest = g.oldestIdleMs.map { RowMarks.idle($0, stuck: $0 >= state.stuckIdleMs) } ?? "·"
            return [g.name.description, g.lag.map { String($0) } ?? "?", lagTime, Format.count(g.pending), oldest]
        }
        let styles: [Style?] = state.groups.map { ($0.oldestIdleMs ?? 0) >= state.stuckIdleMs ? RowMarks.stuckStyle : nil }
        var t = Table(columns: [.init("group", .flex(min: 6)), .init("lag", .fit(min: 3), alignRight: true),
                                .init("behind", .fit(min: 6), alignRight: true), .init("pend", .fit(min: 4), alignRight: true),
                                .init("oldest", .fit(min: 6), alignRight: true)],
                      rows: rows, rowStyles: styles, selected: state.groups.firstIndex { $0.name == state.selectedGroup })
        buf.box(rect, title: context.heading, focused: context.focused)
        let inside = rect.inset(1)
        let consumerRows = state.currentGroup == nil ? 0 : min(state.consumers.count + 1, max(0, inside.height / 2))
        let (tableRect, consumersRect) = inside.splitRows(inside.height - consumerRows)
        t.offset = Table.scrollOffset(selected: t.selected, offset: context.offset, visible: tableRect.height - 1, count: t.rows.count)
        context.offset = t.offset
        t.render(into: &buf, tableRect, focused: context.focused)
        if t.rows.isEmpty && tableRect.height > 1 {
            buf.put("no groups: n creates one", x: tableRect.x + 1, y: tableRect.y + 1, style: Style(fg: .gray), maxWidth: tableRect.width - 1)
        }
        if consumerRows > 0, let g = state.currentGroup { consumers(state, of: g, consumersRect, &buf) }
        if state.groups.contains(where: { ($0.oldestIdleMs ?? 0) >= state.stuckIdleMs }) {
            RowMarks.legend([(RowMarks.stuckGlyph, RowMarks.stuckStyle, "pending idle ≥ \(TimeText.duration(state.stuckIdleMs))")], rect, &buf)
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
    func consumers(_ state: AppState, of g: GroupSummary, _ r: Rect, _ buf: inout ScreenBuffer) {
        // Redis 7.2 servers also say how long since a consumer last got anything.
        let showInactive = state.consumers.contains { $0.inactiveMs != nil }
        let extra = showInactive ? 9 : 0
        let head = TextFit.pad("consumers of \(g.name)", max(4, r.width - 17 - extra)) + TextFit.pad("pend", 6, right: true)
            + TextFit.pad("idle", 9, right: true) + (showInactive ? TextFit.pad("inactive", 9, right: true) : "")
        buf.put(head, x: r.x + 1, y: r.y, style: Style(fg: .yellow, bold: true), maxWidth: r.width - 1)
        for (i, c) in state.consumers.prefix(r.height - 1).enumerated() {
            let stuck = c.idleMs >= state.stuckIdleMs && c.pending > 0
            let idleStyle = stuck ? RowMarks.stuckStyle : Style.plain
            let text = TextFit.pad(c.name.description, max(4, r.width - 17 - extra)) + TextFit.pad(Format.count(c.pending), 6, right: true)
                + TextFit.pad(RowMarks.idle(c.idleMs, stuck: stuck), 9, right: true)
                + (showInactive ? TextFit.pad(c.inactiveMs.map(TimeText.duration) ?? "·", 9, right: true) : "")
            buf.put(text, x: r.x + 1, y: r.y + 1 + i, style: idleStyle, maxWidth: r.width - 1)
        }
    }
}
