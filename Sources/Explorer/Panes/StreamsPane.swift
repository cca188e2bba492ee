import TerminalUI

extension PaneID {
    public static let streams = PaneID("streams")
}

extension InputPurpose {
    public static let streamFilter = InputPurpose("filter", prompt: "filter streams: ", pane: .streams, readsWords: false)
}

/// Every stream with its length, its rate (entries per second, as a number and as a
/// sparkline of the last minute), groups and total pending; the selected stream's time span under the table. Sort and filter.
public struct StreamsPane: Pane {
    public init() {}
    public var id: PaneID { .streams }
    public var title: String { "Streams" }
    /// The stream list is always loaded; a trim's preview reads the groups.
    public var needs: DataNeeds { [.groups] }

    public var bindings: [KeyBinding] {
        [
            bind([.char("s")], .cycleSort, "sort: name/length/activity"),
            bind([.char("T")], .trim, "trim the stream (MAXLEN or MINID)", writes: true, destructive: true),
            bind([.char("g")], .openJump, "jump to an ID, a time or -5m", hint: "jump"),
        ]
    }

    // MARK: Behaviour

    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
        let list = s.visibleStreams
        guard !list.isEmpty else { return [] }
        let i = list.firstIndex { $0.key == s.selectedStream } ?? 0
        return select(&s, row: i + n)
    }

    public func select(_ s: inout AppState, row index: Int) -> [Effect] {
        let list = s.visibleStreams
        guard !list.isEmpty else { return [] }
        let key = list[clampRow(index, list.count)].key
        guard key != s.selectedStream else { return [] }
        s.selectedStream = key
        Reducer.resetStreamView(&s)
        return [.refresh]
    }

    public func open(_ s: inout AppState) -> [Effect] {
        if s.selectedStream != nil { s.focus = .entries }
        return []
    }

    public func back(_ s: inout AppState) -> [Effect] {
        guard !s.streamFilter.isEmpty else { return [] }
        s.streamFilter = ""
        return [.refresh]
    }

    public func filter(_ s: inout AppState) -> [Effect] {
        s.modal = .input(.streamFilter, InputLine(s.streamFilter))
        return []
    }

    public func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
        switch action {
        case .cycleSort:
            s.streamSort = s.streamSort.cycled
            s.status = "streams sorted by \(s.streamSort.rawValue)"
            return []
        case .trim: return Reducer.openTrim(&s)
        case .openJump: return Reducer.openJump(&s)
        default: return []
        }
    }

    public func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect] {
        guard purpose == .streamFilter else { return [] }
        s.streamFilter = form.text
        return [.refresh]
    }

    // MARK: Drawing

    /// `127.0.0.1` of `127.0.0.1:7001` (the part before the port).
    static func host(_ node: String) -> String {
        node.lastIndex(of: ":").map { String(node[..<$0]) } ?? node
    }

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        let state = context.state
        let list = state.visibleStreams
        let sparkWidth = 8
        // On a cluster: the node holding each stream and its slot; a stream whose node
        // is down keeps its last figures, marked ✗ (red) before its node.
        // The sparkline gives way to them, and a host all nodes share is left out (`:7001`).
        let cluster = list.contains { $0.node != nil }
        let hosts = Set(list.compactMap { $0.node.map(Self.host) })
        let rows = list.map { s -> [String] in
            let rates = state.rates[s.key] ?? []
            // The number says how fast now; the sparkline beside it, how that changed.
            var row = [s.name, Format.count(s.length), rates.last.map(String.init) ?? "·"]
            if !cluster { row.append(Sparkline.render(rates, width: sparkWidth)) }
            row += ["\(s.groups)", s.pending > 0 ? Format.count(s.pending) : "·"]
            if cluster {
                let node = s.node.map { hosts.count == 1 ? String($0.dropFirst(Self.host($0).count)) : $0 } ?? "?"
                row += [(s.unavailable != nil ? RowMarks.poisonGlyph : "") + node, s.slot.map(String.init) ?? "·"]
            }
            return row
        }
        var title = "\(context.heading) (\(list.count))"
        if !state.streamFilter.isEmpty { title += " /\(state.streamFilter)" }
        if state.streamSort != .name { title += " by \(state.streamSort.rawValue)" }
        let t = Table(columns: [.init("stream", .flex(min: 8)), .init("length", .fit(min: 6), alignRight: true),
                                .init("rate/s", .fit(min: 6), alignRight: true)] + (cluster ? [] : [.init("", .fixed(sparkWidth))])
                               + [.init("grp", .fit(min: 3), alignRight: true), .init("pend", .fit(min: 4), alignRight: true)]
                               + (cluster ? [.init("node", .fit(min: 4)), .init("slot", .fit(min: 4), alignRight: true)] : []),
                      rows: rows, rowStyles: list.map { $0.unavailable != nil ? RowMarks.stuckStyle : nil },
                      selected: list.firstIndex { $0.key == state.selectedStream })
        context.drawTable(&buf, rect, title: title, t, empty: state.streamFilter.isEmpty ? "no streams yet: press a to append one" : "no stream matches")
        // The selected stream's span, under the table if there is room.
        if let s = state.currentStream, let first = s.firstID, let last = s.lastID, rect.height > rows.count + 4 {
            let y = rect.maxY - 2
            let a = TimeText.format(first.ms, utc: state.utc, millis: false), b = TimeText.format(last.ms, utc: state.utc, millis: false)
            // One date when both ends share it.
            var text = a.prefix(10) == b.prefix(10) ? "\(a) → \(b.dropFirst(11))" : "\(a) → \(b)"
            if let m = s.memory { text += " · " + Format.bytes(m) }
            if let node = s.node, let slot = s.slot { text += " · \(node) slot \(slot)" }
            if let why = s.unavailable { text = "unavailable: \(why)" }
            buf.put(text, x: rect.x + 2, y: y, style: Style(fg: .gray), maxWidth: rect.width - 4)
            // Idempotent adds (Redis 8.6), once the stream has seen any, on the line above.
            if let i = s.idempotency, i.added > 0 || i.duplicates > 0, rect.height > rows.count + 5 {
                buf.put(i.text, x: rect.x + 2, y: y - 1, style: Style(fg: .gray), maxWidth: rect.width - 4)
            }
        }
    }
}
