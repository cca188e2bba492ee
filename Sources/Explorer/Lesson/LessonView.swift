import Lessons
import RESP
import StreamEngine
import TerminalUI

/// Draws the lesson screen: a title bar, the tape (the stream as a row of cells, one per
/// entry, with each group's view of it), the consumers, the narration and the keys;
/// checkpoints, verdicts, help and the final score as boxes on top. Every state a cell
/// can be in has a glyph of its own, so the picture reads without colour too.
struct LessonView {
    let app: LessonApp
    var runner: LessonRunner { app.runner }

    /// The keys, as the help box and the hint bar list them.
    static let keys: [(key: String, label: String)] = [
        ("space", "play / pause"), (".", "one event forward"), (",", "one event back"),
        ("+ -", "faster / slower (0.1x to 100x)"), ("n p", "next / previous chapter"), ("r", "restart"),
        ("e", "open the explorer here (esc returns)"), ("k", "crash a consumer"), ("j", "add a consumer"),
        ("b", "a burst of entries"), ("K", "Kafka lens: the same workload as a Kafka topic and group"),
        ("1-4", "answer a question (or click the answer)"),
        ("wheel", "one event back / forward"), ("?", "these keys"), ("q", "quit"),
    ]
    static let hints: [(key: String, label: String)] = [
        ("space", "play"), (".", "step"), (",", "back"), ("+-", "speed"), ("n/p", "chapter"), ("e", "explorer"),
        ("?", "help"), ("q", "quit"), ("K", "kafka"), ("k", "crash"), ("j", "add"), ("b", "burst"),
    ]

    /// From this many columns the Kafka lens sits beside the Redis view.
    static let sideBySideWidth = 160

    static let legend = "· not delivered  1-9/a-z pending (underlined: delivered again, red: owner crashed)  ✓ acknowledged  × deleted"

    func render(into buf: inout ScreenBuffer) {
        let w = buf.width, h = buf.height
        guard w >= 20, h >= 8 else {
            buf.put("enlarge the terminal", x: 0, y: 0)
            return
        }
        titleBar(&buf)
        if app.showingKafka {
            let lens = runner.kafkaLens()
            if w >= Self.sideBySideWidth {
                let left = w / 2
                var redis = ScreenBuffer(width: left, height: h)
                body(&redis)
                for y in 1..<(h - 1) {
                    for x in 0..<left { buf[x, y] = redis[x, y] }
                }
                KafkaView(lens: lens).render(into: &buf, Rect(x: left, y: 1, width: w - left, height: h - 2))
            } else {
                KafkaView(lens: lens).render(into: &buf, Rect(x: 0, y: 1, width: w, height: h - 2))
            }
        } else {
            body(&buf)
        }
        HintBar.render(into: &buf, Rect(x: 0, y: h - 1, width: w, height: 1), hints: Self.hints,
                       right: app.status.map { " \($0) " } ?? "")
        if app.showingHelp {
            helpBox(&buf)
        } else if let verdict = app.verdict {
            verdictBox(&buf, verdict)
        } else if let cp = runner.pendingCheckpoint {
            checkpointBox(&buf, cp)
        } else if runner.isFinished {
            let s = runner.score
            modal(&buf, title: "Lesson complete", lines: [
                "Score: \(s.right) of \(s.asked) questions right.", "",
                "r plays it again · e opens the explorer on the final state · q quits",
            ])
        }
    }

    /// The Redis view below the title bar and above the hint bar: tape, consumers,
    /// narration, drawn across the whole width of `buf`.
    func body(_ buf: inout ScreenBuffer) {
        let w = buf.width, h = buf.height
        let tape = runner.tape(width: Self.cellCount(max(8, w - 17)))
        let tapeRows = 2 + 1 + max(1, tape.groups.count) * 2 + (tape.plainReaders.isEmpty ? 0 : tape.plainReaders.count) + (tape.journal == nil ? 0 : 1)
        let consumerRows = tape.consumers.isEmpty ? 0 : 2 + consumerLines(tape, width: w - 2).count
        var y = 1
        let tapeRect = Rect(x: 0, y: y, width: w, height: min(tapeRows, max(3, h - 6)))
        drawTape(&buf, tape, tapeRect)
        y = tapeRect.maxY
        if consumerRows > 0, y + consumerRows < h - 3 {
            let r = Rect(x: 0, y: y, width: w, height: consumerRows)
            drawConsumers(&buf, tape, r)
            y = r.maxY
        }
        drawNarration(&buf, Rect(x: 0, y: y, width: w, height: max(0, h - 1 - y)))
    }

    func titleBar(_ buf: inout ScreenBuffer) {
        let chapters = runner.lesson.chapters
        let ch = min(runner.chapterIndex, max(0, chapters.count - 1))
        let chapter = chapters.isEmpty ? "" : " │ \(ch + 1)/\(chapters.count) \(chapters[ch].title)"
        // A lesson too busy for the chosen speed says how fast it really plays.
        let reached = app.reachedSpeed.map { " (reaching \(LessonApp.label(max(0.1, ($0 * 10).rounded() / 10))))" } ?? ""
        let play = app.playing ? "▶ \(LessonApp.label(app.speed))\(reached)" : "❚❚ paused (\(LessonApp.label(app.speed)))"
        let right = " \(LessonApp.clock(runner.elapsedMs)) │ \(play) "
        buf.fill(Rect(x: 0, y: 0, width: buf.width, height: 1), style: Style(reverse: true))
        let left = " StreamScope learn │ \(runner.lesson.number). \(runner.lesson.title)\(chapter)"
        buf.put(left, x: 0, y: 0, style: Style(bold: true, reverse: true), maxWidth: max(0, buf.width - DisplayWidth.of(right)))
        buf.put(right, x: max(0, buf.width - DisplayWidth.of(right)), y: 0, style: Style(reverse: true))
    }

    /// One mark per consumer of a group: its name's last digit when it has one and it is
    /// unique, else its first letter, else its position.
    static func marks(_ names: [String]) -> [String: Character] {
        var out: [String: Character] = [:]
        var used: Set<Character> = []
        for (i, n) in names.enumerated() {
            let candidates = [n.last.flatMap { $0.isNumber ? $0 : nil }, n.first.map { Character($0.lowercased()) }]
            let mark = candidates.compactMap { $0 }.first { !used.contains($0) }
                ?? Character(String(i % 10))
            used.insert(mark)
            out[n] = mark
        }
        return out
    }

    func drawTape(_ buf: inout ScreenBuffer, _ tape: Tape, _ r: Rect) {
        var title = "\(tape.stream) · \(tape.length) entries"
        if let cut = tape.trimmedBefore { title += " · trimmed below \(cut)" }
        buf.box(r, title: title)
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 16 else { return }
        let labelWidth = 15
        let cellsX = inner.x + labelWidth
        let cellsWidth = inner.width - labelWidth
        let step = Self.cellStep(cellsWidth)
        var y = inner.y
        // The IDs the window spans.
        let ids = tape.groups.first?.cells.map(\.id) ?? []
        if let first = ids.first, let last = ids.last {
            buf.put("\(first) → \(last)", x: cellsX, y: y, style: .plain.dimmed, maxWidth: cellsWidth)
        }
        buf.put("entry IDs", x: inner.x, y: y, style: .plain.dimmed, maxWidth: labelWidth - 1)
        y += 1
        let crashed = Set(tape.consumers.filter(\.crashed).map { "\($0.group)/\($0.name)" })
        for line in tape.groups where y + 1 < inner.maxY + 1 {
            let marks = Self.marks(tape.consumers.filter { $0.group == line.group }.map(\.name))
            buf.put(line.group, x: inner.x, y: y, style: Style(bold: true), maxWidth: labelWidth - 1)
            var cursorColumn: Int?
            for (i, cell) in line.cells.suffix(cellsWidth / step).enumerated() {
                let (glyph, style) = Self.glyph(cell.state, marks: marks, crashed: { crashed.contains("\(line.group)/\($0)") })
                buf.put(String(glyph), x: cellsX + i * step, y: y, style: style)
                if cell.id == line.cursor { cursorColumn = cellsX + i * step }
            }
            if y + 1 < inner.maxY {
                let stats = "lag \(line.lag.map { String($0) } ?? "?") pend \(line.pending)"
                buf.put(TextFit.truncate(stats, labelWidth - 1), x: inner.x, y: y + 1, style: .plain.dimmed)
                // Pending entries older than the window still count: say where they are.
                let shown = line.cells.suffix(cellsWidth / step).filter { if case .pending = $0.state { return true } else { return false } }.count
                let hidden = line.pending > shown ? " · \(line.pending - shown) pending further back" : ""
                if !hidden.isEmpty, let c = cursorColumn, DisplayWidth.of(hidden) + 1 < c - cellsX {
                    buf.put("◀" + hidden.dropFirst(2), x: cellsX, y: y + 1, style: Style(fg: .yellow, bold: true))
                }
                let read = line.entriesRead.map { " · read \($0)" } ?? ""
                if let c = cursorColumn {
                    let text = "▲ last delivered" + read
                    // Near the right edge the label goes to the marker's left.
                    let x = c + DisplayWidth.of(text) <= inner.maxX ? c : max(cellsX, c + 1 - DisplayWidth.of(text))
                    let shown = x == c ? text : String(text.dropFirst(2)) + " ▲"
                    buf.put(shown, x: x, y: y + 1, style: Style(fg: .cyan), maxWidth: inner.maxX - x)
                } else if line.cursor < (line.cells.first?.id ?? .zero) {
                    buf.put("◀ last delivered \(line.cursor)" + hidden, x: cellsX, y: y + 1, style: Style(fg: .cyan), maxWidth: cellsWidth)
                }
            }
            y += 2
        }
        if tape.groups.isEmpty && y < inner.maxY {
            buf.put("no consumer group yet", x: inner.x, y: y, style: .plain.dimmed, maxWidth: inner.width)
            y += 1
        }
        for reader in tape.plainReaders where y < inner.maxY {
            buf.put(reader.name, x: inner.x, y: y, style: Style(bold: true), maxWidth: labelWidth - 1)
            for (i, id) in ids.suffix(cellsWidth / step).enumerated() {
                buf.put(id <= reader.lastID ? "✓" : "·", x: cellsX + i * step, y: y, style: id <= reader.lastID ? Style(fg: .green) : Style(fg: .gray))
            }
            y += 1
        }
        if let j = tape.journal, y < inner.maxY {
            let text = "journal (\(j.policy)): \(j.written) written, \(j.synced) on disk, last fsync at \(LessonApp.clock(j.lastSyncMs))"
            buf.put(text, x: inner.x, y: y, style: Style(fg: .magenta), maxWidth: inner.width)
        }
    }

    /// Columns per entry: two (a gap between cells) when that still shows 20 entries.
    static func cellStep(_ columns: Int) -> Int { columns / 2 >= 20 ? 2 : 1 }

    /// How many entries the tape shows in `columns`.
    static func cellCount(_ columns: Int) -> Int { columns / cellStep(columns) }

    /// A cell's glyph and style for a group.
    static func glyph(_ state: Tape.CellState, marks: [String: Character], crashed: (String) -> Bool) -> (Character, Style) {
        switch state {
        case .undelivered: return ("·", Style(fg: .gray))
        case .acknowledged: return ("✓", Style(fg: .green))
        case .deleted: return ("×", Style(fg: .gray, dim: true))
        case .pending(let owner, let deliveries):
            var style = Style(fg: crashed(owner) ? .red : .yellow, bold: true)
            if deliveries > 1 { style.underline = true }
            if crashed(owner) { style.reverse = true }
            return (marks[owner] ?? "•", style)
        }
    }

    func consumerLines(_ tape: Tape, width: Int) -> [[(String, Style)]] {
        let items = tape.consumers.map { c -> (String, Style) in
            let marks = Self.marks(tape.consumers.filter { $0.group == c.group }.map(\.name))
            var text = "[\(marks[c.name] ?? "•")] \(c.name)"
            if tape.groups.count > 1 { text += " (\(c.group))" }
            text += c.crashed ? " ✗ crashed" : ""
            text += " holds \(c.holding)"
            if let idle = c.oldestIdleMs, c.holding > 0 { text += ", oldest \(TimeText.duration(idle))" }
            return (text, c.crashed ? Style(fg: .red, bold: true) : Style())
        }
        return Self.pack(items, width: width)
    }

    /// Items laid out in lines of `width` columns, each followed by ` · `.
    /// - Complexity: O(items)
    static func pack(_ items: [(String, Style)], width: Int) -> [[(String, Style)]] {
        var lines: [[(String, Style)]] = [[]]
        var used = 0
        for item in items {
            let size = DisplayWidth.of(item.0) + 3
            if used > 0 && used + size > width {
                lines.append([])
                used = 0
            }
            lines[lines.count - 1].append(item)
            used += size
        }
        return lines
    }

    func drawConsumers(_ buf: inout ScreenBuffer, _ tape: Tape, _ r: Rect) {
        buf.box(r, title: "Consumers")
        for (i, line) in consumerLines(tape, width: r.width - 2).enumerated() where r.y + 1 + i < r.maxY - 1 {
            var x = r.x + 1
            for (text, style) in line {
                x += buf.put(text, x: x, y: r.y + 1 + i, style: style, maxWidth: r.maxX - 1 - x)
                x += buf.put(" · ", x: x, y: r.y + 1 + i, style: .plain.dimmed, maxWidth: r.maxX - 1 - x)
            }
        }
    }

    func drawNarration(_ buf: inout ScreenBuffer, _ r: Rect) {
        guard r.height >= 3 else { return }
        let inner = r.inset(1)
        let chapters = runner.lesson.chapters
        if let c = app.introChapter, c < chapters.count {
            buf.box(r, title: "Chapter \(c + 1): \(chapters[c].title)", focused: true)
            var lines: [(String, Style)] = []
            for para in chapters[c].intro {
                for l in TextFit.wrap(para, max(1, inner.width - 1)) { lines.append((l, .plain)) }
            }
            lines.append(("", .plain))
            lines.append(("space plays it · . steps one event · any other key reads first", Style(fg: .cyan)))
            for (i, l) in lines.prefix(inner.height).enumerated() {
                buf.put(l.0, x: inner.x + 1, y: inner.y + i, style: l.1, maxWidth: inner.width - 1)
            }
            return
        }
        buf.box(r, title: "What happens (each event, and the Redis command behind it)")
        // Newest last: lay out events from the end until the box is full.
        var rows: [(String, Style)] = []
        for e in runner.events.reversed() {
            var block: [(String, Style)] = []
            let time = LessonApp.clock(e.timeMs)
            let style: Style = e.kind == .chapter ? Style(fg: .cyan, bold: true) : e.kind == .checkpoint ? Style(fg: .magenta, bold: true) : Style(bold: true)
            for (i, l) in TextFit.wrap(e.sentence, max(1, inner.width - 9)).enumerated() {
                block.append(((i == 0 ? TextFit.pad(time, 8) : String(repeating: " ", count: 8)) + l, style))
            }
            if e.atomic { block.append(("        > MULTI", .plain.dimmed)) }
            let replies = e.replies
            for (i, c) in e.commands.enumerated() {
                let command = "        > " + c.map(BinaryText.cliQuoted).joined(separator: " ")
                let reply = i < replies.count ? "  → " + replies[i] : ""
                block.append((TextFit.truncate(command + reply, inner.width - 1), Style(fg: .gray)))
            }
            if e.atomic { block.append(("        > EXEC", .plain.dimmed)) }
            rows.insert(contentsOf: block, at: 0)
            if rows.count >= inner.height { break }
        }
        if rows.isEmpty { rows = [("space starts the lesson; . steps one event at a time", Style(fg: .cyan))] }
        for (i, row) in rows.suffix(inner.height).enumerated() {
            buf.put(row.0, x: inner.x + 1, y: inner.y + i, style: row.1, maxWidth: inner.width - 1)
        }
    }

    func checkpointBox(_ buf: inout ScreenBuffer, _ cp: Checkpoint) {
        modal(&buf, title: "Question", lines: Self.checkpointLines(cp))
    }

    func verdictBox(_ buf: inout ScreenBuffer, _ v: CheckpointResult) {
        modal(&buf, title: v.correct ? "Right" : "Not quite", lines: [v.explanation, "", "any key: watch it happen"])
    }

    func helpBox(_ buf: inout ScreenBuffer) {
        var lines = Self.keys.map { TextFit.pad($0.key, 7) + $0.label }
        lines += ["", "The tape:", Self.legend, "", "The Kafka lens (K):", KafkaView.legend]
        modal(&buf, title: "Keys (any key closes)", lines: lines)
    }

    /// Where a box of `lines` goes on a `width`×`height` screen, and its lines wrapped.
    static func modalLayout(width screenWidth: Int, height screenHeight: Int, lines: [String]) -> (rect: Rect, lines: [String]) {
        let width = min(screenWidth - 2, max(40, min(76, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4)))
        let wrapped = lines.flatMap { $0.isEmpty ? [""] : TextFit.wrap($0, max(1, width - 4)) }
        let height = min(screenHeight - 2, wrapped.count + 2)
        return (Rect(x: 0, y: 0, width: screenWidth, height: screenHeight).centered(width: width, height: height), wrapped)
    }

    /// A question's lines, as its box shows them.
    static func checkpointLines(_ cp: Checkpoint) -> [String] {
        var lines = [cp.question, ""]
        for (i, a) in cp.answers.enumerated() { lines.append("\(i + 1)  \(a)") }
        return lines + ["", "press 1-\(cp.answers.count) to answer (or click one)"]
    }

    /// The answer (0-based) drawn on screen row `y` of a question's box, if any.
    static func answer(atRow y: Int, _ cp: Checkpoint, width: Int, height: Int) -> Int? {
        let (r, wrapped) = modalLayout(width: width, height: height, lines: checkpointLines(cp))
        var current: Int?
        for (i, line) in wrapped.enumerated() {
            if let n = Int(line.prefix { $0.isNumber }), line.dropFirst(String(n).count).hasPrefix("  "), n >= 1, n <= cp.answers.count {
                current = n - 1
            } else if line.isEmpty {
                current = nil
            }
            if r.y + 1 + i == y { return current }
        }
        return nil
    }

    func modal(_ buf: inout ScreenBuffer, title: String, lines: [String]) {
        let (r, wrapped) = Self.modalLayout(width: buf.width, height: buf.height, lines: lines)
        let (width, height) = (r.width, r.height)
        buf.fill(r)
        buf.box(r, title: title, focused: true)
        for (i, l) in wrapped.prefix(height - 2).enumerated() {
            buf.put(l, x: r.x + 2, y: r.y + 1 + i, maxWidth: width - 4)
        }
    }
}
