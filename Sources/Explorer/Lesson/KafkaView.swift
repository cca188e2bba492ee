import KafkaModel
import Lessons
import TerminalUI

/// Draws the lesson's Kafka side (the lens, `K`): the topic's partitions as rows of
/// cells (the tape's counterpart) with each one's owner, committed offset and lag or
/// pause, the members and their assignments, the group's state, the rebalances with
/// their pauses, both sides' figures, and the Kafka events with the protocol step
/// behind each. It says what it is: a model of the protocol, not a broker.
struct KafkaView {
    let lens: KafkaLens
    var model: KafkaModel { lens.model }

    static let legend = "· not read yet  1-9/a-z fetched by that member, not committed (red: it crashed)  ✓ committed  ✗ archived"

    /// The panel's rows above the narration.
    func panelHeight(width: Int) -> Int {
        2 + 1 + model.partitionCount + memberLines(width: width - 2).count + min(3, model.rebalances.count) + figureRows(width - 2).count
    }

    /// Both sides' figures, wrapped to the panel.
    func figureRows(_ width: Int) -> [String] {
        lens.figureLines().flatMap { TextFit.wrap($0, max(1, width)) }
    }

    func render(into buf: inout ScreenBuffer, _ r: Rect) {
        guard r.width >= 20, r.height >= 4 else { return }
        let panel = min(panelHeight(width: r.width), max(3, r.height - 4))
        let top = Rect(x: r.x, y: r.y, width: r.width, height: r.height - 4 >= 3 ? panel : r.height)
        drawPanel(&buf, top)
        let rest = Rect(x: r.x, y: top.maxY, width: r.width, height: r.maxY - top.maxY)
        if rest.height >= 3 { drawNarration(&buf, rest) }
    }

    var marks: [String: Character] {
        var names: [String] = []
        for m in model.members where !names.contains(m.name) { names.append(m.name) }
        return LessonView.marks(names)
    }

    func drawPanel(_ buf: inout ScreenBuffer, _ r: Rect) {
        let generation = model.config.groupProtocol == .consumer || model.config.groupKind == .share ? "epoch" : "generation"
        buf.box(r, title: "Kafka · \(model.topic) · \(model.partitionCount) partitions · \(model.group): \(model.state.rawValue) (\(generation) \(model.generation))")
        let inner = r.inset(1)
        guard inner.height > 0, inner.width > 12 else { return }
        var y = inner.y
        buf.put(modelLine, x: inner.x, y: y, style: .plain.dimmed, maxWidth: inner.width)
        y += 1
        let info = min(36, inner.width / 3)
        let cellsX = inner.x + 5
        let cellsWidth = max(1, inner.width - 5 - info - 1)
        let step = LessonView.cellStep(cellsWidth)
        let count = cellsWidth / step
        let marks = self.marks
        for p in 0..<model.partitionCount where y < inner.maxY {
            buf.put("p\(p)", x: inner.x, y: y, style: Style(bold: true), maxWidth: 4)
            let log = model.partitions[p]
            let from = max(log.logStartOffset, log.logEndOffset - Int64(count))
            if from > 0 { buf.put("…", x: cellsX - 1, y: y, style: .plain.dimmed) }
            for (i, o) in (from..<log.logEndOffset).enumerated() {
                let (glyph, style) = cell(p, o, marks)
                buf.put(String(glyph), x: cellsX + i * step, y: y, style: style)
            }
            let (text, style) = partitionInfo(p, marks)
            buf.put(text, x: inner.maxX - info, y: y, style: style, maxWidth: info)
            y += 1
        }
        for line in memberLines(width: inner.width) where y < inner.maxY {
            var x = inner.x
            for (text, style) in line {
                x += buf.put(text, x: x, y: y, style: style, maxWidth: inner.maxX - x)
                x += buf.put(" · ", x: x, y: y, style: .plain.dimmed, maxWidth: inner.maxX - x)
            }
            y += 1
        }
        for rb in model.rebalances.suffix(3) where y < inner.maxY {
            buf.put(rebalanceLine(rb), x: inner.x, y: y, style: Style(fg: rb.endedMs == nil ? .red : .cyan), maxWidth: inner.width)
            y += 1
        }
        for line in figureRows(inner.width) where y < inner.maxY {
            buf.put(line, x: inner.x, y: y, style: Style(fg: .magenta), maxWidth: inner.width)
            y += 1
        }
    }

    var modelLine: String {
        let c = model.config
        var s = "a model of the protocol, not a broker · Kafka \(KafkaConfig.version) · "
        switch (c.groupKind, c.groupProtocol) {
        case (.share, _): s += "share group: lock \(c.recordLockDurationMs / 1000) s, \(c.deliveryCountLimit) deliveries"
        case (.consumer, .classic): s += "\(c.assignor.rawValue) (\(c.assignor.isCooperative ? "cooperative" : "eager")), session \(c.sessionTimeoutMs / 1000) s"
        case (.consumer, .consumer): s += "KIP-848, session \(c.consumerSessionTimeoutMs / 1000) s"
        }
        return s
    }

    func cell(_ p: Int, _ o: Int64, _ marks: [String: Character]) -> (Character, Style) {
        if model.config.groupKind == .share {
            if let s = model.shareStates[p][o] {
                switch s.state {
                case .archived: return ("✗", Style(fg: .red))
                case .acknowledged: return ("✓", Style(fg: .green))
                case .available: return ("·", Style(fg: .yellow, underline: true))
                case .acquired:
                    let m = model.members.first { $0.memberID == s.owner }
                    var style = Style(fg: m?.alive == false ? .red : .yellow, bold: true)
                    if s.deliveries > 1 { style.underline = true }
                    if m?.alive == false { style.reverse = true }
                    return (m.flatMap { marks[$0.name] } ?? "•", style)
                }
            }
            return o < model.shareStartOffsets[p] ? ("✓", Style(fg: .green)) : ("·", Style(fg: .gray))
        }
        if let c = model.committed[p], o < c { return ("✓", Style(fg: .green)) }
        // The member whose position is past it: fetched (and maybe processed), not committed.
        for m in model.members.reversed() where m.alive ? m.owned.contains(p) : true {
            if let pos = model.position(of: m.name, in: p), o < pos, m.owned.contains(p) || !m.alive {
                if !m.alive, model.committed[p].map({ o < $0 }) ?? false { continue }
                let style = m.alive ? Style(fg: .yellow, bold: true) : Style(fg: .red, bold: true, reverse: true)
                return (marks[m.name] ?? "•", style)
            }
        }
        return ("·", Style(fg: .gray))
    }

    func partitionInfo(_ p: Int, _ marks: [String: Character]) -> (String, Style) {
        if model.config.groupKind == .share {
            let c = model.shareCounts(p)
            return ("start \(model.shareStartOffsets[p]) · \(c.acquired) locked · \(c.available) free", .plain)
        }
        let lag = "lag \(model.lag(p))"
        let committed = model.committed[p].map { "@\($0)" } ?? "@–"
        if let paused = model.pausedFor(p) {
            return ("❚❚ \(TimeText.duration(paused)) · \(committed) · \(lag)", Style(fg: .red, bold: true))
        }
        guard let owner = model.owner(of: p) else { return ("no owner · \(committed) · \(lag)", .plain.dimmed) }
        return ("[\(marks[owner.name] ?? "•")] \(owner.name) \(committed) \(lag)", .plain)
    }

    func memberLines(width: Int) -> [[(String, Style)]] {
        let marks = self.marks
        let items = model.members.filter { $0.alive || $0.inGroup }.map { m -> (String, Style) in
            var text = "[\(marks[m.name] ?? "•")] \(m.name)"
            if !m.alive {
                text += " ✗ crashed"
                if let t = model.sessionExpiry(of: m.name), t > model.now { text += ", expires in \(TimeText.duration(t - model.now))" }
            } else if !m.inGroup {
                text += " out of the group"
            } else if model.config.groupKind == .share {
                text += " holds \(m.batch.count)"
            } else {
                let owned = m.owned.map { "p\($0)" }.joined(separator: ",")
                text += " " + (owned.isEmpty ? "idle" : owned)
                if !m.pendingRevoke.isEmpty { text += " (giving up " + m.pendingRevoke.map { "p\($0)" }.joined(separator: ",") + ")" }
            }
            return (text, !m.alive ? Style(fg: .red, bold: true) : Style())
        }
        return LessonView.pack(items, width: width).filter { !$0.isEmpty }
    }

    func rebalanceLine(_ r: KafkaRebalance) -> String {
        let end = r.endedMs.map { LessonApp.clock($0) } ?? "…"
        var s = "rebalance \(r.generation) \(LessonApp.clock(r.startedMs))→\(end) (\(r.reason))"
        let paused = r.paused.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if !paused.isEmpty {
            s += " paused " + paused.map { "p\($0.key) \(TimeText.duration($0.value))" }.joined(separator: " ")
        }
        return s
    }

    func drawNarration(_ buf: inout ScreenBuffer, _ r: Rect) {
        buf.box(r, title: "On the Kafka side (each event, and the protocol step behind it)")
        let inner = r.inset(1)
        guard inner.height > 0 else { return }
        var rows: [(String, Style)] = []
        for e in model.events.reversed() {
            var block: [(String, Style)] = []
            let style: Style = e.kind == .rebalance || e.kind == .membership ? Style(fg: .cyan, bold: true) : Style(bold: true)
            for (i, l) in TextFit.wrap(e.sentence, max(1, inner.width - 9)).enumerated() {
                block.append(((i == 0 ? TextFit.pad(LessonApp.clock(e.timeMs), 8) : String(repeating: " ", count: 8)) + l, style))
            }
            block.append((TextFit.truncate("        > " + e.step, inner.width - 1), Style(fg: .gray)))
            rows.insert(contentsOf: block, at: 0)
            if rows.count >= inner.height { break }
        }
        if rows.isEmpty { rows = [(lens.banner, Style(fg: .cyan))] }
        for (i, row) in rows.suffix(inner.height).enumerated() {
            buf.put(row.0, x: inner.x + 1, y: inner.y + i, style: row.1, maxWidth: inner.width - 1)
        }
    }
}
