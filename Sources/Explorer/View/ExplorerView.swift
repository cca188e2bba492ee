import RESP
import StreamEngine
import TerminalUI

/// Draws the whole screen from `AppState`: pure, into a `ScreenBuffer`.
/// - Complexity: O(screen cells); data on screen is already bounded by the panes.
public struct ExplorerView {
    public let state: AppState
    public let keyMap: KeyMap
    public let layout: Layout
    public let panes: ExplorerLayout
    /// The first row shown in each table, so a click can be mapped back to a row.
    public private(set) var offsets: [PaneID: Int] = [:]

    public init(state: AppState, keyMap: KeyMap, layout: Layout, panes: ExplorerLayout = .standard,
                previousOffsets: [PaneID: Int] = [:]) {
        self.state = state
        self.keyMap = keyMap
        self.layout = layout
        self.panes = panes
        self.offsets = previousOffsets
    }

    public mutating func render(into buf: inout ScreenBuffer) {
        titleBar(&buf)
        tabStrip(&buf)
        for (id, rect) in layout.placed {
            guard let pane = panes.pane(id) else { continue }
            var context = PaneContext(state: state, focused: state.focus == id, heading: panes.heading(pane), offset: offsets[id] ?? 0)
            pane.render(&context, into: rect, &buf)
            offsets[id] = context.offset
        }
        statusLine(&buf)
        let hints = keyMap.hints(for: state.focus).map { (key: $0.keyLabel, label: $0.hint ?? $0.help) }
        HintBar.render(into: &buf, layout.hints, hints: hints, right: state.readOnly ? " READ-ONLY " : "")
        if let modal = state.modal { drawModal(modal, &buf) }
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

    /// Every pane by number and name, the focused one in brackets and reversed, so a
    /// small screen that shows one or two panes still says where the others are.
    func tabStrip(_ buf: inout ScreenBuffer) {
        guard let strip = layout.tabs else { return }
        buf.fill(strip, style: Style(bg: .indexed(236)))
        for hit in layout.tabHits {
            let focused = hit.id == state.focus
            guard hit.x.lowerBound < strip.maxX else { break }
            buf.put(hit.label, x: hit.x.lowerBound, y: strip.y,
                    style: focused ? Style(bold: true, reverse: true) : Style(fg: .gray, bg: .indexed(236)),
                    maxWidth: strip.maxX - hit.x.lowerBound)
        }
    }

    func statusLine(_ buf: inout ScreenBuffer) {
        let r = layout.status
        if let status = state.status {
            buf.put(" " + status, x: r.x, y: r.y, style: state.statusIsError ? Style(fg: .red, bold: true) : Style(fg: .green), maxWidth: r.width)
        } else if let marked = state.markedRangeText, let times = state.scrubber.markedTimes {
            let from = TimeText.format(times.lowerBound, utc: state.utc, millis: false)
            let to = TimeText.format(times.upperBound, utc: state.utc, millis: false)
            buf.put(" \(marked) from \(from) to \(to.dropFirst(from.prefix(10) == to.prefix(10) ? 11 : 0)) (m clears)",
                    x: r.x, y: r.y, style: Style(fg: .magenta, bold: true), maxWidth: r.width)
        } else if let last = state.commandLog.last {
            buf.put(" last command: " + last, x: r.x, y: r.y, style: Style(fg: .gray), maxWidth: r.width)
        }
    }

    // MARK: Modals

    func drawModal(_ modal: Modal, _ buf: inout ScreenBuffer) {
        switch modal {
        case .help(let scroll): helpOverlay(&buf, scroll: scroll)
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

    /// Every binding under its section. One column when it fits, two side by side on a
    /// wide screen; what still does not fit scrolls (`scroll` rows down each column).
    func helpOverlay(_ buf: inout ScreenBuffer, scroll: Int) {
        let lines = HelpText.lines(keyMap, query: state.helpQuery)
        let (twoColumns, perColumn, overflow) = Self.helpGeometry(lines: max(1, lines.count), width: buf.width, height: buf.height)
        let r = modalRect(buf, width: twoColumns ? 152 : 76, height: max(1, perColumn) + 2)
        let inside = r.inset(1)
        let top = min(scroll, overflow)
        buf.fill(r)
        var title: String
        if state.helpSearching {
            title = "Keys · find: \(state.helpQuery)▏ (enter keeps, esc clears)"
        } else if !state.helpQuery.isEmpty {
            title = "Keys · '\(state.helpQuery)' (esc shows all" + (overflow > 0 ? ", j/k scroll)" : ")")
        } else {
            title = "Keys (esc closes, / finds" + (overflow > 0 ? ", j/k scroll)" : ")")
        }
        if state.readOnly { title += " · read-only: writes are off" }
        // Keys that need a newer Redis say which; the title says which this source is.
        if let v = state.redisVersion { title += " · source: Redis \(v)" }
        buf.box(r, title: title, focused: true)
        if lines.isEmpty {
            buf.put("no key matches '\(state.helpQuery)'", x: inside.x + 1, y: inside.y, style: Style(fg: .gray), maxWidth: inside.width - 1)
            return
        }
        let columnWidth = twoColumns ? inside.width / 2 : inside.width
        for (i, l) in lines.enumerated() {
            let column = i / max(1, perColumn)
            let y = inside.y + i % max(1, perColumn) - top
            let x = inside.x + column * columnWidth
            guard y >= inside.y, y < inside.maxY else { continue }
            if l.text.isEmpty {
                buf.put(l.key, x: x + 1, y: y, style: Style(fg: .yellow, bold: true), maxWidth: columnWidth - 1)
            } else {
                buf.put(l.key, x: x + 1, y: y, style: Style(fg: .cyan, bold: true), maxWidth: 12)
                buf.put(l.text + (l.asksFirst ? " (asks first)" : ""), x: x + 14, y: y, maxWidth: columnWidth - 15)
            }
        }
    }

    /// How the help's `lines` fit a screen: side by side in two columns when they do not
    /// fit in one and the screen is wide enough; the rows of a column that do not fit.
    static func helpGeometry(lines: Int, width: Int, height: Int) -> (twoColumns: Bool, perColumn: Int, overflow: Int) {
        let twoColumns = lines + 2 > height - 2 && width >= 100
        let perColumn = twoColumns ? (lines + 1) / 2 : lines
        let shown = max(0, min(perColumn + 2, height - 2) - 2)
        return (twoColumns, perColumn, max(0, perColumn - shown))
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
