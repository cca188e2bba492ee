import StreamEngine
import TerminalUI

/// Work the reducer asks the runtime to do with the data source.
public enum Effect: Equatable, Sendable {
    /// Run Redis commands for the user (logged), then refresh. `atomic`: nothing in between.
    case run([[[UInt8]]], atomic: Bool)
    /// Send a line typed at the `:` prompt (`args`, as split) and show its reply; a
    /// read-only session first asks the source whether the command only reads.
    case prompt(line: String, args: [[UInt8]])
    /// Reload what is on screen.
    case refresh
    /// Move the entries window by this many rows (negative: earlier).
    case scrollEntries(Int)
    /// Open the detail view of an entry that may not be in the window.
    case showEntry(StreamID)
    /// Work out which groups a trim would cut into, then ask to confirm.
    case prepareTrim([String])
    /// Fetch the marked entries and ask to confirm moving them to the dead-letter stream.
    case prepareDeadLetter([StreamID])
    /// Read what an export asks for, write it as `format` to `path` (through the app's
    /// export writer), and say where.
    case export(ExportRequest, format: ExportFormat, path: String)
    /// Pause or resume the demo workload.
    case setDemo(running: Bool)
    /// Give up on what the source is doing (Esc while it keeps us waiting).
    case cancelSource
}

/// What reaches the explorer: input from the terminal, an action given directly, or
/// the result of an effect.
public enum Message: Sendable {
    /// A key press (a mouse event or a resize arrives as its `Key` too).
    case key(Key)
    /// The terminal is now this size.
    case resize(width: Int, height: Int)
    case action(Action)
    /// An effect ran against the source; here is what it found.
    case result(EffectResult)
    /// The source started or stopped keeping an effect waiting (Esc then cancels it).
    case sourceBusy(Bool)
}

/// The pure heart of the explorer, in the Elm shape: `update(state, message)` changes
/// the state and returns the effects for the runtime to perform against the data
/// source (`ExplorerApp` hands them to its `EffectRunner`); their results come back as
/// messages (`Message.result`, see `Reducer+Results`). No I/O. Keys go through the key map derived from the declared panes; what a
/// shared verb (move, open, back, filter ...) does is up to the focused pane.
public struct Reducer: Sendable {
    public let layout: ExplorerLayout
    public let keyMap: KeyMap

    /// `keyMap`: the layout's own bindings unless given (a configuration file's overrides).
    public init(layout: ExplorerLayout = .standard, readOnly: Bool, keyMap: KeyMap? = nil) {
        self.layout = layout
        self.keyMap = keyMap ?? KeyMap(layout: layout, readOnly: readOnly)
    }

    /// Applies one message. - Complexity: O(bindings) for a key, plus the action's own
    /// work (bounded by the rows in the state).
    public func update(_ s: inout AppState, _ message: Message) -> [Effect] {
        var effects = step(&s, message)
        if s.readOnly {
            let before = effects.count
            effects.removeAll { if case .run = $0 { return true } else { return false } }
            if effects.count < before { _ = Self.fail(&s, "read-only: nothing was written") }
        }
        fitToScreen(&s)
        return effects
    }

    private func step(_ s: inout AppState, _ message: Message) -> [Effect] {
        switch message {
        case .result(let result):
            return apply(&s, result)
        case .sourceBusy(let busy):
            s.sourceBusy = busy
            return []
        case .resize(let width, let height):
            s.screenWidth = width
            s.screenHeight = height
            return [.refresh]
        case .action(let action):
            return dispatch(&s, action)
        case .key(let key):
            if key == .escape && s.sourceBusy && s.modal == nil {
                // A slow server: give up on what it is doing; the next refresh tries again.
                s.status = "cancelled: \(s.sourceLabel) did not answer"
                s.statusIsError = true
                return [.cancelSource]
            }
            if case .mouse(let m) = key { return mouse(&s, m) }
            if key == .resize { return [.refresh] }
            if key == .ctrl("c") && s.modal == nil { return dispatch(&s, .quit) }
            if s.modal != nil { return dispatch(&s, .input(key)) }
            guard let action = keyMap.action(for: key, in: s.focus) else {
                s.status = "\(key.label) does nothing here: ? lists the keys"
                s.statusIsError = false
                return []
            }
            return dispatch(&s, action)
        }
    }

    /// Where the panes are for the state's screen size and focus.
    public func screenLayout(_ s: AppState) -> Layout {
        Layout(width: s.screenWidth, height: s.screenHeight, focus: s.focus, declared: layout)
    }

    /// An action; a change of pane with nothing else to do reloads the screen.
    func dispatch(_ s: inout AppState, _ action: Action) -> [Effect] {
        let focusBefore = s.focus
        let effects = reduce(&s, action)
        if s.focus != focusBefore && effects.isEmpty { return [.refresh] }
        return effects
    }

    /// A click focuses the pane under it and selects the row; the wheel scrolls it.
    func mouse(_ s: inout AppState, _ m: MouseEvent) -> [Effect] {
        let screen = screenLayout(s)
        guard s.modal == nil, let pane = screen.pane(atX: m.x, y: m.y) else { return [] }
        if let tabs = screen.tabs, m.y == tabs.y {
            // A tab of the strip: go to its pane.
            guard m.kind == .press, pane != s.focus else { return [] }
            s.focus = pane
            return [.refresh]
        }
        guard let rect = screen.rect(pane) else { return [] }
        s.focus = pane
        switch m.kind {
        case .wheelUp: return reduce(&s, .scroll(-3))
        case .wheelDown: return reduce(&s, .scroll(3))
        case .press:
            guard let p = layout.pane(pane) else { return [] }
            s.status = nil
            s.statusIsError = false
            return p.click(&s, y: m.y, in: rect)
        }
    }

    func reduce(_ s: inout AppState, _ action: Action) -> [Effect] {
        if s.modal != nil, case .input(let key) = action {
            if case .help(let scroll) = s.modal { return helpInput(&s, key, scroll: scroll) }
            return modalInput(&s, key)
        }
        s.status = nil
        s.statusIsError = false
        guard let pane = layout.pane(s.focus) else { return [] }
        switch action {
        case .quit:
            s.quitRequested = true
        case .toggleHelp:
            s.modal = .help(scroll: 0)
        case .back:
            if s.modal != nil { s.modal = nil; return [] }
            return pane.back(&s)
        case .focusNext, .focusPrevious:
            let order = layout.focusOrder.map(\.id)
            guard let i = order.firstIndex(of: s.focus) else { return [] }
            s.focus = order[(i + (action == .focusNext ? 1 : order.count - 1)) % order.count]
        case .focus(let p):
            s.focus = p
        case .move(let n), .scroll(let n):
            return pane.move(&s, by: n)
        case .page(let n):
            return pane.page(&s, by: n)
        case .selectRow(let i):
            return pane.select(&s, row: i)
        case .first:
            return pane.first(&s)
        case .last:
            return pane.last(&s)
        case .open:
            return pane.open(&s)
        case .openFilter:
            return pane.filter(&s)
        case .openPrompt:
            s.modal = .input(.command, InputLine("", history: s.promptHistory, completions: s.commandNames))
        case .toggleUTC:
            s.utc.toggle()
            s.status = s.utc ? "times in UTC" : "times in local time"
        case .toggleDemo:
            guard let running = s.demoRunning else { return Self.fail(&s, "no demo workload in this session") }
            s.demoRunning = !running
            s.status = running ? "demo stopped: the data stays" : "demo running"
            return [.setDemo(running: !running)]
        case .append:
            guard s.selectedStream != nil else { return Self.fail(&s, "select a stream first") }
            s.modal = .append(AppendForm())
        case .input:
            break
        default:
            // The focused pane's own bindings.
            return pane.perform(action, &s)
        }
        return []
    }

    /// Opens the jump prompt (streams and entries panes).
    static func openJump(_ s: inout AppState) -> [Effect] {
        guard s.selectedStream != nil else { return fail(&s, "select a stream first") }
        s.modal = .input(.jump, InputLine(""))
        return []
    }

    /// Opens the trim prompt (streams and entries panes).
    static func openTrim(_ s: inout AppState) -> [Effect] {
        guard s.selectedStream != nil else { return fail(&s, "select a stream first") }
        s.modal = .input(.trim, InputLine(""))
        return []
    }

    static func fail(_ s: inout AppState, _ message: String) -> [Effect] {
        s.status = message
        s.statusIsError = true
        return []
    }

    static func preview(_ ids: [StreamID]) -> String {
        let shown = ids.prefix(4).map(\.description).joined(separator: " ")
        return ids.count > 4 ? shown + " … (\(ids.count - 4) more)" : shown
    }

    // MARK: Shared steps

    /// A new stream selected: its entries from the tail, its first group, no marks.
    static func resetStreamView(_ s: inout AppState) {
        s.entries = []
        s.selectedEntry = nil
        s.windowStart = nil
        s.entryFilter = ""
        s.scrubber = Scrubber()
        s.markedCount = nil
        s.groups = []
        s.selectedGroup = nil
        s.consumers = []
        s.selectedConsumer = nil
        s.pendingConsumer = nil
        s.pending = []
        s.pendingOnScreen = []
        s.selectedPending = nil
        s.marked.removeAll()
    }
}
