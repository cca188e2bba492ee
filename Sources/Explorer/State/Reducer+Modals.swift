import RESP
import StreamEngine
import TerminalUI

/// The reducer's modal half: keys typed into an open box (help, text, confirmation,
/// input line, append form), and what a submitted form asks for.
extension Reducer {
    // MARK: Modals

    func modalInput(_ s: inout AppState, _ key: Key) -> [Effect] {
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
        if s.helpSearching {
            switch key {
            case .enter: s.helpSearching = false
            case .escape:
                s.helpSearching = false
                s.helpQuery = ""
            case .backspace: s.helpQuery = String(s.helpQuery.dropLast())
            case .char(let c): s.helpQuery.append(c)
            default: break
            }
            s.modal = .help(scroll: 0)
            return []
        }
        let lines = HelpText.lines(keyMap, query: s.helpQuery).count
        let most = ExplorerView.helpGeometry(lines: lines, width: s.screenWidth, height: s.screenHeight).overflow
        switch key {
        case .escape where !s.helpQuery.isEmpty:
            s.helpQuery = ""
            s.modal = .help(scroll: 0)
        case .escape, .char("?"), .char("q"), .enter:
            s.modal = nil
            s.helpQuery = ""
        case .char("/"):
            s.helpSearching = true
            s.helpQuery = ""
            s.modal = .help(scroll: 0)
        case .char("j"), .down: s.modal = .help(scroll: min(most, scroll + 1))
        case .char("k"), .up: s.modal = .help(scroll: max(0, min(most, scroll) - 1))
        case .pageDown, .char(" "): s.modal = .help(scroll: min(most, scroll + 10))
        case .pageUp: s.modal = .help(scroll: max(0, min(most, scroll) - 10))
        default: break
        }
        return []
    }

    func submitAppend(_ s: inout AppState, _ form: AppendForm) -> [Effect] {
        guard let key = s.selectedStream else { return [] }
        let pairs: [[UInt8]]
        switch Words.split(form.fields.value) {
        case .success(let words): pairs = words
        case .failure(let e):
            s.modal = .append(form)
            return Self.fail(&s, "cannot read the fields: \(e.message)")
        }
        var flat: [[UInt8]] = []
        for p in pairs {
            guard let eq = p.firstIndex(of: UInt8(ascii: "=")) else {
                s.modal = .append(form)
                return Self.fail(&s, "write fields as name=value (got '\(BinaryText.display(p))')")
            }
            flat += [Array(p[..<eq]), Array(p[(eq + 1)...])]
        }
        guard !flat.isEmpty else {
            s.modal = .append(form)
            return Self.fail(&s, "an entry needs at least one name=value pair")
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

    /// A submitted prompt: to the pane whose form it is, else the reducer's own forms.
    func submit(_ s: inout AppState, _ purpose: InputPurpose, _ text: String) -> [Effect] {
        // Forms that take words read them by the prompt's rule; the others take the text.
        var form = FormText(text: text, raw: [])
        if purpose.readsWords {
            switch Words.split(text) {
            case .success(let w): form.raw = w
            case .failure(let e): return Self.fail(&s, "cannot read that: \(e.message)")
            }
        }
        if let id = purpose.pane {
            return layout.pane(id)?.submit(purpose, form, &s) ?? []
        }
        switch purpose {
        case .command:
            switch PromptLine.parse(text) {
            case .empty: return []
            case .failure(let message): return Self.fail(&s, message)
            case .command(let args): return [.prompt(line: text, args: args)]
            }
        case .jump:
            guard let id = TimeText.parseJump(text, nowMs: s.nowMs, utc: s.utc) else {
                return Self.fail(&s, "cannot read '\(text)': give an ID (1700000000000-0), a time (2026-11-25T14:00) or -5m")
            }
            s.windowStart = id
            s.selectedEntry = nil
            s.focus = .entries
            s.scrubber.cursorMs = id.ms
            s.status = "jumped to \(id.ms == 0 ? id.description : TimeText.format(id.ms, utc: s.utc))"
            return [.refresh]
        case .trim:
            guard !form.raw.isEmpty else { return [] }
            return [.prepareTrim(form.words)]
        default:
            return []
        }
    }
}
