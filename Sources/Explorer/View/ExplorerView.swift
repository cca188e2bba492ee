import RESP
import StreamEngine
import TerminalUI

/// Draws the whole screen from `AppState`: pure, into a `ScreenBuffer`.
/// - Complexity: O(screen cells); data on screen is already bounded by the panes.
public struct ExplorerView {
    public let state: AppState
    public let keyMap: KeyMap
    public let layout: Layout
    /// The first row shown in each table, so a click can be mapped back to a row.
    public private(set) var offsets: [Pane: Int] = [:]

    public init(state: AppState, keyMap: KeyMap, layout: Layout, previousOffsets: [Pane: Int] = [:]) {
        self.state = state
        self.keyMap = keyMap
        self.layout = layout
        self.offsets = previousOffsets
    }

    public mutating func render(into buf: inout ScreenBuffer) {
        titleBar(&buf)
        for (pane, rect) in layout.panes {
            switch pane {
            case .streams: streamsPane(&buf, rect)
            case .entries: entriesPane(&buf, rect)
            case .groups: groupsPane(&buf, rect)
            case .pending: pendingPane(&buf, rect)
            }
        }
        if let r = layout.scrubber { scrubberPane(&buf, r) }
        if let r = layout.log { logPane(&buf, r) }
        statusLine(&buf)
        let hints = keyMap.hints(for: state.focus).map { (key: $0.keyLabel, label: Self.shortHelp($0)) }
        HintBar.render(into: &buf, layout.hints, hints: hints, right: state.readOnly ? " READ-ONLY " : "")
        if let modal = state.modal { drawModal(modal, &buf) }
    }

    static func shortHelp(_ b: KeyBinding) -> String {
        switch b.action {
        case .quit: return "quit"
        case .toggleHelp: return "help"
        case .focusNext: return "pane"
        case .open: return "open"
        case .openPrompt: return "command"
        case .openFilter: return "filter"
        case .append: return "append"
        case .openJump: return "jump"
        case .toggleFollow: return "follow"
        case .createGroup: return "new group"
        case .toggleMark: return "mark"
        case .claim: return "claim"
        case .acknowledge: return "ack"
        default: return b.help
        }
    }

    // MARK: Chrome

    func titleBar(_ buf: inout ScreenBuffer) {
        let bar = Style(fg: .white, bg: .blue, bold: true)
        buf.fill(layout.title, style: bar)
        var x = buf.put(" StreamScope ", x: 0, y: layout.title.y, style: bar)
        x += buf.put("│ \(state.sourceLabel) ", x: x, y: layout.title.y, style: Style(fg: .white, bg: .blue))
        if let running = state.demoRunning {
            let text = running ? "│ DEMO running: d stops it " : "│ DEMO stopped: d starts it "
            x += buf.put(text, x: x, y: layout.title.y, style: Style(fg: .yellow, bg: .blue, bold: true))
        }
        if state.readOnly {
            x += buf.put("│ READ-ONLY ", x: x, y: layout.title.y, style: Style(fg: .red, bg: .blue, bold: true))
        }
        if let h = state.sourceHealth {
            let down = h.hasPrefix("disconnected")
            x += buf.put("│ \(h) ", x: x, y: layout.title.y, style: Style(fg: down ? .red : .white, bg: .blue, bold: down),
                         maxWidth: max(0, layout.title.width - x - 22))
        }
        let clock = TimeText.format(state.nowMs, utc: state.utc, millis: false) + (state.utc ? " UTC " : " ")
        if layout.title.width - x > clock.count + 1 {
            buf.put(clock, x: layout.title.width - clock.count, y: layout.title.y, style: Style(fg: .white, bg: .blue))
        }
    }

    func statusLine(_ buf: inout ScreenBuffer) {
        let r = layout.status
        if let status = state.status {
            buf.put(" " + status, x: r.x, y: r.y, style: state.statusIsError ? Style(fg: .red, bold: true) : Style(fg: .green), maxWidth: r.width)
        } else if let last = state.commandLog.last {
            buf.put(" last command: " + last, x: r.x, y: r.y, style: Style(fg: .gray), maxWidth: r.width)
        }
    }

    func logPane(_ buf: inout ScreenBuffer, _ r: Rect) {
        buf.box(r, title: "Command log")
        let inside = r.inset(1)
        let lines = state.commandLog.suffix(inside.height)
        for (i, line) in lines.enumerated() {
            buf.put("› " + line, x: inside.x + 1, y: inside.y + i, style: Style(fg: .gray), maxWidth: inside.width - 1)
        }
        if lines.isEmpty {
            buf.put("the Redis command behind each action you take shows here", x: inside.x + 1, y: inside.y, style: Style(fg: .gray, dim: true), maxWidth: inside.width - 1)
        }
    }

    // MARK: Panes

    mutating func table(_ buf: inout ScreenBuffer, _ pane: Pane, _ rect: Rect, title: String, _ table: Table, empty: String) {
        let focused = state.focus == pane
        buf.box(rect, title: title, focused: focused)
        let inside = rect.inset(1)
        var t = table
        t.offset = Table.scrollOffset(selected: t.selected, offset: offsets[pane] ?? 0, visible: inside.height - 1, count: t.rows.count)
        offsets[pane] = t.offset
        t.render(into: &buf, inside, focused: focused)
        if t.rows.isEmpty && inside.height > 1 {
            buf.put(empty, x: inside.x + 1, y: inside.y + 1, style: Style(fg: .gray), maxWidth: inside.width - 1)
        }
    }

    mutating func streamsPane(_ buf: inout ScreenBuffer, _ rect: Rect) {
        let list = state.visibleStreams
        let sparkWidth = 8
        let rows = list.map { s -> [String] in
            let rate = Sparkline.render(state.rates[s.key] ?? [], width: sparkWidth)
            return [s.name, Format.count(s.length), rate, "\(s.groups)", s.pending > 0 ? Format.count(s.pending) : "·"]
        }
        let styles: [Style?] = list.map { $0.pending > 0 ? nil : nil }
        var title = "1 Streams (\(list.count))"
        if !state.streamFilter.isEmpty { title += " /\(state.streamFilter)" }
        if state.streamSort != .name { title += " by \(state.streamSort.rawValue)" }
        let t = Table(columns: [.init("stream", .flex(min: 8)), .init("length", .fixed(7), alignRight: true),
                                .init("rate/s", .fixed(sparkWidth)), .init("grp", .fixed(3), alignRight: true),
                                .init("pend", .fixed(5), alignRight: true)],
                      rows: rows, rowStyles: styles, selected: list.firstIndex { $0.key == state.selectedStream })
        table(&buf, .streams, rect, title: title, t, empty: state.streamFilter.isEmpty ? "no streams yet: press a to append one" : "no stream matches")
        // The selected stream's span, under the table if there is room.
        if let s = state.currentStream, let first = s.firstID, let last = s.lastID, rect.height > rows.count + 4 {
            let y = rect.maxY - 2
            let a = TimeText.format(first.ms, utc: state.utc, millis: false), b = TimeText.format(last.ms, utc: state.utc, millis: false)
            // One date when both ends share it.
            var text = a.prefix(10) == b.prefix(10) ? "\(a) → \(b.dropFirst(11))" : "\(a) → \(b)"
            if let m = s.memory { text += " · " + Format.bytes(m) }
            buf.put(text, x: rect.x + 2, y: y, style: Style(fg: .gray), maxWidth: rect.width - 4)
        }
    }

    mutating func entriesPane(_ buf: inout ScreenBuffer, _ rect: Rect) {
        let rows = state.entries
        let uniform = EntryText.uniformFields(rows)
        var columns: [Table.Column] = [.init("id", .fixed(max(15, min(24, rows.map { $0.id.description.count }.max() ?? 15)))),
                                       .init("time", .fixed(state.utc ? 23 : 23))]
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
                } else if let p = g.oldestPending, r.id >= p {
                    gutter[i] = ("┃", Style(fg: .magenta))
                }
            }
        }
        let selected = rows.firstIndex { $0.id == state.selectedEntry } ?? (rows.isEmpty ? nil : (state.follow ? rows.count - 1 : 0))
        var title = "2 Entries"
        if let s = state.currentStream { title += " of \(s.name)" }
        title += state.follow ? " · following" : " · paused (f follows)"
        if !state.entryFilter.isEmpty { title += " · /\(state.entryFilter)" }
        if let g = state.currentGroup { title += " · ▶ \(g.name)" }
        let t = Table(columns: columns, rows: cells, rowStyles: styles, selected: selected, gutter: gutter)
        table(&buf, .entries, rect, title: title, t,
              empty: state.selectedStream == nil ? "select a stream" : (state.entryFilter.isEmpty ? "no entries here" : "no entry matches within the scan limit"))
    }

    mutating func groupsPane(_ buf: inout ScreenBuffer, _ rect: Rect) {
        let now = state.nowMs
        let rows = state.groups.map { g -> [String] in
            let lagTime: String
            if let last = state.currentStream?.lastID, last > g.lastDeliveredID {
                lagTime = TimeText.duration(last.ms > g.lastDeliveredID.ms ? last.ms - g.lastDeliveredID.ms : 0)
            } else {
                lagTime = "0"
            }
            let oldest = g.oldestIdleMs.map(TimeText.duration) ?? "·"
            return [g.name.description, g.lag.map { String($0) } ?? "?", lagTime, Format.count(g.pending), oldest]
        }
        let styles: [Style?] = state.groups.map { ($0.oldestIdleMs ?? 0) >= state.stuckIdleMs ? Style(fg: .red) : nil }
        let t = Table(columns: [.init("group", .flex(min: 6)), .init("lag", .fixed(5), alignRight: true),
                                .init("behind", .fixed(6), alignRight: true), .init("pend", .fixed(5), alignRight: true),
                                .init("oldest", .fixed(6), alignRight: true)],
                      rows: rows, rowStyles: styles, selected: state.groups.firstIndex { $0.name == state.selectedGroup })
        let focused = state.focus == .groups
        buf.box(rect, title: "3 Groups", focused: focused)
        let inside = rect.inset(1)
        let consumerRows = state.currentGroup == nil ? 0 : min(state.consumers.count + 1, max(0, inside.height / 2))
        let (tableRect, consumersRect) = inside.splitRows(inside.height - consumerRows)
        var t2 = t
        t2.offset = Table.scrollOffset(selected: t.selected, offset: offsets[.groups] ?? 0, visible: tableRect.height - 1, count: t.rows.count)
        offsets[.groups] = t2.offset
        t2.render(into: &buf, tableRect, focused: focused)
        if t.rows.isEmpty && tableRect.height > 1 {
            buf.put("no groups: n creates one", x: tableRect.x + 1, y: tableRect.y + 1, style: Style(fg: .gray), maxWidth: tableRect.width - 1)
        }
        // Consumers of the selected group, under the groups table.
        if consumerRows > 0, let g = state.currentGroup {
            // Redis 7.2 servers also say how long since a consumer last got anything.
            let showInactive = state.consumers.contains { $0.inactiveMs != nil }
            let extra = showInactive ? 9 : 0
            let head = TextFit.pad("consumers of \(g.name)", max(4, consumersRect.width - 17 - extra)) + TextFit.pad("pend", 6, right: true)
                + TextFit.pad("idle", 9, right: true) + (showInactive ? TextFit.pad("inactive", 9, right: true) : "")
            buf.put(head, x: consumersRect.x + 1, y: consumersRect.y, style: Style(fg: .yellow, bold: true), maxWidth: consumersRect.width - 1)
            for (i, c) in state.consumers.prefix(consumersRect.height - 1).enumerated() {
                let idleStyle = c.idleMs >= state.stuckIdleMs && c.pending > 0 ? Style(fg: .red) : Style.plain
                let text = TextFit.pad(c.name.description, max(4, consumersRect.width - 17 - extra)) + TextFit.pad(Format.count(c.pending), 6, right: true)
                    + TextFit.pad(TimeText.duration(c.idleMs), 9, right: true)
                    + (showInactive ? TextFit.pad(c.inactiveMs.map(TimeText.duration) ?? "·", 9, right: true) : "")
                buf.put(text, x: consumersRect.x + 1, y: consumersRect.y + 1 + i, style: idleStyle, maxWidth: consumersRect.width - 1)
            }
        }
        _ = now
    }

    mutating func pendingPane(_ buf: inout ScreenBuffer, _ rect: Rect) {
        let rows = state.visiblePending
        let cells = rows.map { [$0.id.description, $0.consumer.description, TimeText.duration($0.idleMs), "\($0.deliveries)"] }
        let styles: [Style?] = rows.map { r in
            if r.deliveries >= state.poisonDeliveries { return Style(fg: .magenta, bold: true) }
            if r.idleMs >= state.stuckIdleMs { return Style(fg: .red) }
            return nil
        }
        var marked = Set<Int>()
        for (i, r) in rows.enumerated() where state.marked.contains(r.id) { marked.insert(i) }
        var title = "4 Pending"
        if let g = state.selectedGroup { title += " of \(g)" }
        title += " (\(rows.count)\(rows.count == state.pending.count ? "" : "/\(state.pending.count)"))"
        if !state.marked.isEmpty { title += " · \(state.marked.count) marked" }
        if state.pendingSort != .id { title += " · by \(state.pendingSort.rawValue)" }
        if !state.pendingFilter.isEmpty { title += " · /\(state.pendingFilter)" }
        let t = Table(columns: [.init("id", .flex(min: 15)), .init("consumer", .flex(min: 8)),
                                .init("idle", .fixed(7), alignRight: true), .init("deliv", .fixed(5), alignRight: true)],
                      rows: cells, rowStyles: styles, selected: rows.firstIndex { $0.id == state.selectedPending }, marked: marked)
        table(&buf, .pending, rect, title: title, t,
              empty: state.selectedGroup == nil ? "select a group" : "nothing pending: every delivered entry is acknowledged")
        let legend = " red: idle ≥ \(TimeText.duration(state.stuckIdleMs)) · magenta: ≥ \(state.poisonDeliveries) deliveries "
        if rect.width > legend.count + 4 {
            buf.put(legend, x: rect.maxX - legend.count - 2, y: rect.maxY - 1, style: Style(fg: .gray), maxWidth: legend.count)
        }
    }

    func scrubberPane(_ buf: inout ScreenBuffer, _ rect: Rect) {
        let sc = state.scrubber
        var title = "Time"
        if !sc.counts.isEmpty {
            title += " \(TimeText.format(sc.span.lowerBound, utc: state.utc, millis: false)) → \(TimeText.format(sc.span.upperBound, utc: state.utc, millis: false))"
            if sc.window != nil { title += " (zoomed)" }
        }
        if let c = sc.cursorMs { title += " · cursor \(TimeText.format(c, utc: state.utc, millis: false))" }
        if let n = state.markedCount, let r = sc.markedTimes {
            let seconds = max(0.001, Double(r.upperBound - r.lowerBound + 1) / 1000)
            title += " · marked: \(n) entries, \(Format.rate(Double(n) / seconds))/s"
        }
        buf.box(rect, title: title, focused: false)
        let inside = rect.inset(1)
        guard !sc.counts.isEmpty else {
            buf.put("[ ] step  { } zoom  m marks a range", x: inside.x + 1, y: inside.y, style: Style(fg: .gray), maxWidth: inside.width - 1)
            return
        }
        var markers: [Int: (Character, Style)] = [:]
        // The selected group's pending span, under the bars, then every group's position.
        if let g = state.currentGroup, let first = g.oldestPending,
           let b0 = sc.bucket(of: first.ms), let b1 = sc.bucket(of: g.lastDeliveredID.ms), b0 <= b1 {
            for b in b0...b1 { markers[b] = ("━", Style(fg: .magenta)) }
        }
        for g in state.groups {
            if let b = sc.bucket(of: g.lastDeliveredID.ms), sc.span.contains(g.lastDeliveredID.ms) {
                let selected = g.name == state.selectedGroup
                markers[b] = (g.name.description.first ?? "g", selected ? Style(fg: .yellow, bold: true, reverse: true) : Style(fg: .yellow))
            }
        }
        Histogram(counts: sc.counts, cursor: sc.cursorBucket, markedRange: sc.markedBuckets, markers: markers)
            .render(into: &buf, inside)
    }

    // MARK: Modals

    func drawModal(_ modal: Modal, _ buf: inout ScreenBuffer) {
        switch modal {
        case .help: helpOverlay(&buf)
        case .text(let title, let lines, let scroll): textBox(&buf, title: title, lines: lines, scroll: scroll)
        case .confirm(let c): confirmBox(&buf, c)
        case .append(let form): appendForm(&buf, form)
        case .input(let purpose, let line):
            let r = layout.status
            line.render(into: &buf, r, prompt: purpose.prompt, style: Style(fg: .white, bg: .indexed(238)))
            if !line.completions.isEmpty && r.y > 2 {
                let text = " tab completes: " + line.completions.prefix(8).joined(separator: "  ")
                buf.fill(Rect(x: r.x, y: r.y - 1, width: r.width, height: 1), style: Style(bg: .indexed(236)))
                buf.put(text, x: r.x, y: r.y - 1, style: Style(fg: .gray, bg: .indexed(236)), maxWidth: r.width)
            }
        }
    }

    func modalRect(_ buf: ScreenBuffer, width: Int, height: Int) -> Rect {
        buf.bounds.centered(width: min(width, buf.width - 2), height: min(height, buf.height - 2))
    }

    func helpOverlay(_ buf: inout ScreenBuffer) {
        var lines: [(String, String, Bool)] = []
        let sections: [(String, (KeyBinding) -> Bool)] = [
            ("Everywhere", { $0.panes == nil }),
            ("Streams", { $0.panes?.contains(.streams) == true }),
            ("Entries and time", { $0.panes?.contains(.entries) == true && $0.panes?.contains(.streams) != true }),
            ("Groups", { $0.panes == [.groups] }),
            ("Pending", { $0.panes?.contains(.pending) == true && $0.panes?.contains(.streams) != true }),
        ]
        for (name, test) in sections {
            lines.append((name, "", false))
            for b in keyMap.bindings where test(b) { lines.append(("  " + b.keyLabel, b.help, b.destructive)) }
        }
        // One column when it fits, two side by side otherwise.
        let twoColumns = lines.count + 2 > buf.height - 2
        let perColumn = twoColumns ? (lines.count + 1) / 2 : lines.count
        let r = modalRect(buf, width: twoColumns ? 152 : 76, height: perColumn + 2)
        buf.fill(r)
        buf.box(r, title: "Keys (esc closes)" + (state.readOnly ? " · read-only: writes are off" : ""), focused: true)
        let inside = r.inset(1)
        let columnWidth = twoColumns ? inside.width / 2 : inside.width
        for (i, l) in lines.enumerated() {
            let column = i / max(1, perColumn)
            let y = inside.y + i % max(1, perColumn)
            let x = inside.x + column * columnWidth
            guard y < inside.maxY else { continue }
            if l.1.isEmpty {
                buf.put(l.0, x: x + 1, y: y, style: Style(fg: .yellow, bold: true), maxWidth: columnWidth - 1)
            } else {
                buf.put(l.0, x: x + 1, y: y, style: Style(fg: .cyan, bold: true), maxWidth: 12)
                buf.put(l.1 + (l.2 ? " (asks first)" : ""), x: x + 14, y: y, maxWidth: columnWidth - 15)
            }
        }
    }

    func textBox(_ buf: inout ScreenBuffer, title: String, lines: [String], scroll: Int) {
        let width = min(buf.width - 4, max(40, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
        let wrapped = lines.flatMap { TextFit.wrap($0, max(1, width - 4)) }
        let r = modalRect(buf, width: width, height: wrapped.count + 2)
        buf.fill(r)
        buf.box(r, title: title + " (esc closes, j/k scroll)", focused: true)
        let inside = r.inset(1)
        for (i, l) in wrapped.dropFirst(scroll).prefix(inside.height).enumerated() {
            buf.put(l, x: inside.x + 1, y: inside.y + i, maxWidth: inside.width - 1)
        }
    }

    func confirmBox(_ buf: inout ScreenBuffer, _ c: Confirmation) {
        let lines = c.question + ["", "y: yes    n or esc: no"] + ["", "runs: " + c.commands.prefix(3).map { $0.map(BinaryText.cliQuoted).joined(separator: " ") }.joined(separator: "; ")]
        let width = min(buf.width - 4, max(44, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
        let wrapped = lines.flatMap { TextFit.wrap($0, max(1, width - 4)) }
        let r = modalRect(buf, width: width, height: wrapped.count + 2)
        buf.fill(r)
        buf.box(r, title: "Confirm", focused: true)
        let inside = r.inset(1)
        for (i, l) in wrapped.prefix(inside.height).enumerated() {
            buf.put(l, x: inside.x + 1, y: inside.y + i, style: i == 0 ? Style(bold: true) : .plain, maxWidth: inside.width - 1)
        }
    }

    func appendForm(_ buf: inout ScreenBuffer, _ form: AppendForm) {
        let r = modalRect(buf, width: 72, height: 9)
        buf.fill(r)
        buf.box(r, title: "Append to \(state.currentStream?.name ?? "?") (tab: next line, enter: add, esc: cancel)", focused: true)
        let inside = r.inset(1)
        let labels = ["ID (* = auto)     ", "fields (k=v k=v) ", "MAXLEN (optional) "]
        let lines = [form.id, form.fields, form.maxlen]
        for i in 0..<3 {
            let row = Rect(x: inside.x + 1, y: inside.y + 1 + i * 2, width: inside.width - 2, height: 1)
            if i == form.field {
                lines[i].render(into: &buf, row, prompt: labels[i], style: Style(fg: .white, bg: .indexed(238)))
            } else {
                buf.put(labels[i], x: row.x, y: row.y, style: Style(bold: true))
                buf.put(lines[i].value, x: row.x + labels[i].count, y: row.y, maxWidth: row.width - labels[i].count)
            }
        }
    }
}

/// Numbers as the panes print them.
public enum Format {
    /// `999`, `12.3k`, `4.5M`.
    public static func count(_ n: Int) -> String {
        if n < 10_000 { return String(n) }
        if n < 1_000_000 { return oneDecimal(Double(n) / 1000) + "k" }
        return oneDecimal(Double(n) / 1_000_000) + "M"
    }

    /// `512 B`, `12.3 KB`, `4.5 MB`.
    public static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return oneDecimal(Double(n) / 1024) + " KB" }
        if n < 1 << 30 { return oneDecimal(Double(n) / 1_048_576) + " MB" }
        return oneDecimal(Double(n) / 1_073_741_824) + " GB"
    }

    public static func rate(_ r: Double) -> String {
        r >= 100 ? String(Int(r.rounded())) : oneDecimal(r)
    }

    public static func oneDecimal(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
