import RESP
import StreamEngine
import TerminalUI

/// The reducer's modal half: keys typed into an open box (help, text, confirmation,
/// input line, append form), and what a submitted form asks for.
extension Reducer {
    // MARK: Modals

    static func modalInput(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard let modal = s.modal else { return [] }
        switch modal {
        case .help:
            return []  // `helpInput`: it needs the key map
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

    /// Keys in the help overlay: close it, or scroll it as far as it overflows.
    func helpInput(_ s: inout AppState, _ key: Key, scroll: Int) -> [Effect] {
        let lines = keyMap.bindings.count + keyMap.sections.count
        let most = ExplorerView.helpGeometry(lines: lines, width: s.screenWidth, height: s.screenHeight).overflow
        switch key {
        case .escape, .char("?"), .char("q"), .enter: s.modal = nil
        case .char("j"), .down: s.modal = .help(scroll: min(most, scroll + 1))
        case .char("k"), .up: s.modal = .help(scroll: max(0, min(most, scroll) - 1))
        case .pageDown, .char(" "): s.modal = .help(scroll: min(most, scroll + 10))
        case .pageUp: s.modal = .help(scroll: max(0, min(most, scroll) - 10))
        default: break
        }
        return []
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
