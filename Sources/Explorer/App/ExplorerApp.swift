import RESP
import StreamCommands
import StreamEngine
import TerminalUI

/// The explorer's runtime: keys in, frames out. It owns the state, applies actions
/// through the pure `Reducer`, performs the effects against the data source and
/// refreshes what is on screen. No terminal I/O: the backend drives it, and tests
/// drive it the same way with key presses and read the frame as text.
public final class ExplorerApp {
    public private(set) var state = AppState()
    public let source: any StreamDataSource
    public let keyMap: KeyMap
    public var demo: DemoWorkload?
    public private(set) var width = 80
    public private(set) var height = 24
    private var offsets: [Pane: Int] = [:]
    private var lastStamp: UInt64?
    private var lastRefreshMs: UInt64 = 0
    private var lastRateMs: UInt64 = 0
    private var lastLengths: [[UInt8]: Int] = [:]
    /// Whether the last refresh failed (its error is on the status line).
    private var refreshFailed = false
    /// Entries scanned at most when a filter is on.
    public var filterScanLimit = 50_000

    /// Thresholds and names a user can set: stuck idle time, poison delivery count,
    /// the dead-letter stream's suffix.
    public func configure(stuckIdleMs: UInt64? = nil, poisonDeliveries: UInt64? = nil, deadLetterSuffix: String? = nil) {
        if let v = stuckIdleMs { state.stuckIdleMs = v }
        if let v = poisonDeliveries { state.poisonDeliveries = v }
        if let v = deadLetterSuffix { state.deadLetterSuffix = v }
    }

    public init(source: any StreamDataSource, readOnly: Bool = false, demo: DemoWorkload? = nil) {
        self.source = source
        self.keyMap = KeyMap.standard(readOnly: readOnly)
        self.demo = demo
        state.readOnly = readOnly
        state.sourceLabel = source.label
        state.commandNames = source.commandNames
        state.demoRunning = demo.map { _ in true }
    }

    public var layout: Layout { Layout(width: width, height: height, focus: state.focus) }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        refresh()
    }

    // MARK: Input

    /// Applies a key press: to the open modal, else through the key map.
    public func handle(_ key: Key) {
        if case .mouse(let m) = key { return mouse(m) }
        if key == .resize { return refresh() }
        if key == .ctrl("c") && state.modal == nil { return dispatch(.quit) }
        if state.modal != nil { return dispatch(.input(key)) }
        guard let action = keyMap.action(for: key, in: state.focus) else {
            state.status = "\(key.label) does nothing here: ? lists the keys"
            state.statusIsError = false
            return
        }
        dispatch(action)
    }

    public func dispatch(_ action: Action) {
        let focusBefore = state.focus
        let effects = Reducer.reduce(&state, action)
        for e in effects { perform(e) }
        if state.focus != focusBefore && effects.isEmpty { refresh() }
    }

    public var shouldQuit: Bool { state.quitRequested }

    private func mouse(_ m: MouseEvent) {
        guard state.modal == nil, let pane = layout.pane(atX: m.x, y: m.y), let rect = layout.panes[pane] else { return }
        state.focus = pane
        switch m.kind {
        case .wheelUp: dispatch(.scroll(-3))
        case .wheelDown: dispatch(.scroll(3))
        case .press:
            let row = m.y - rect.y - 2
            if row >= 0 { dispatch(.selectRow((offsets[pane] ?? 0) + row)) }
        }
    }

    // MARK: Time

    /// Runs the demo and refreshes when the data moved (or once a second, for idle times).
    public func tick() {
        if let demo, state.demoRunning == true { demo.step(source) }
        let now = source.nowMs
        if source.changeStamp != lastStamp || now >= lastRefreshMs + 1000 || now < lastRefreshMs {
            refresh()
        }
    }

    // MARK: Effects

    func perform(_ effect: Effect) {
        switch effect {
        case .refresh:
            refresh()
        case .run(let commands, let atomic):
            run(commands, atomic: atomic)
        case .command(let text):
            runPrompt(text)
        case .scrollEntries(let n):
            scrollEntries(n)
        case .showEntry(let id):
            guard let key = state.selectedStream else { return }
            if let row = try? source.entries(key, from: id, to: id, count: 1, reverse: false, filter: nil, scanLimit: 1).first {
                state.modal = .text(title: "entry \(id)", lines: EntryText.detail(row, utc: state.utc), scroll: 0)
            } else {
                fail("entry \(id) is no longer in the stream (deleted or trimmed); it is still pending")
            }
        case .prepareTrim(let words):
            prepareTrim(words)
        case .prepareDeadLetter(let ids):
            prepareDeadLetter(ids)
        case .toggleDemo:
            guard let running = state.demoRunning else { return fail("no demo workload in this session") }
            state.demoRunning = !running
            state.status = running ? "demo stopped: the data stays" : "demo running"
        }
    }

    func fail(_ message: String) {
        state.status = message
        state.statusIsError = true
    }

    /// Runs commands for the user, logs each, reports the outcome and refreshes.
    func run(_ commands: [[String]], atomic: Bool) {
        guard !state.readOnly else { return fail("read-only: nothing was written") }
        let args = commands.map { $0.map { Array($0.utf8) } }
        do {
            let replies = atomic ? try source.executeAtomically(args) : try args.map { try source.execute($0) }
            for c in commands { log(c) }
            if let err = replies.lazy.compactMap({ if case .error(let e) = $0 { return e } else { return nil } }).first {
                fail(err)
            } else {
                state.status = Self.summary(commands.last!, replies.last!)
                state.statusIsError = false
            }
        } catch {
            fail("\(error)")
        }
        refresh()
    }

    func log(_ command: [String]) {
        state.commandLog.append(command.map(Self.quoteIfNeeded).joined(separator: " "))
        if state.commandLog.count > 200 { state.commandLog.removeFirst(state.commandLog.count - 200) }
    }

    static func quoteIfNeeded(_ word: String) -> String {
        if word.isEmpty || word.contains(" ") || word.contains("\"") {
            return "\"" + word.replacingAll("\"", with: "\\\"") + "\""
        }
        return word
    }

    /// One line saying what a command did.
    static func summary(_ command: [String], _ reply: RESPValue) -> String {
        let name = command.first?.uppercased() ?? ""
        switch (name, reply) {
        case ("XADD", .bulkString(let id)): return "added \(String(decoding: id, as: UTF8.self))"
        case ("XACK", .integer(let n)): return "acknowledged \(n)"
        case ("XCLAIM", .array(let a)): return "claimed \(a.count) to \(command.count > 3 ? command[3] : "?")"
        case ("XAUTOCLAIM", .array(let a)) where a.count == 3:
            if case .array(let moved) = a[1] { return "autoclaimed \(moved.count) to \(command[3])" }
        case ("XTRIM", .integer(let n)): return "trimmed \(n) entries"
        default: break
        }
        return "\(name): " + ReplyText.render(reply).split(separator: "\n").prefix(1).joined()
    }

    /// Why the prompt refuses `args` in read-only mode, or nil to send it, from the
    /// command's record: an unknown command (it could be anything, EVAL included), a
    /// write, an admin command (CONFIG, SAVE, CLIENT KILL ...) or one that is journaled.
    /// Commands that only read, and those that touch no data (PING, XINFO HELP), pass.
    static func readOnlyRefusal(_ args: [[UInt8]]) -> String? {
        let name = String(decoding: args[0], as: UTF8.self).uppercased()
        guard let record = CommandServer.record(for: args) else { return "\(name) is not a command known here and was not sent" }
        if record.isReadOnly { return nil }
        if record.flags.contains(.write) || record.journaled { return "\(name) changes data and was not sent" }
        if record.flags.contains(.admin) { return "\(name) is an admin command and was not sent" }
        return nil
    }

    func runPrompt(_ text: String) {
        let args: [[UInt8]]
        switch PromptLine.parse(text) {
        case .empty: return
        case .failure(let message): return fail(message)
        case .command(let a): args = a
        }
        if state.readOnly, let refusal = Self.readOnlyRefusal(args) {
            return fail("read-only: " + refusal)
        }
        do {
            let reply = try source.execute(args)
            log(args.map { BinaryText.display($0) })
            let lines = ReplyText.render(reply).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.count <= 1 {
                state.status = lines.first ?? ""
                if case .error = reply { state.statusIsError = true }
            } else {
                state.modal = .text(title: text, lines: lines, scroll: 0)
            }
        } catch {
            fail("\(error)")
        }
        refresh()
    }

    func scrollEntries(_ n: Int) {
        guard let key = state.selectedStream, !state.entries.isEmpty else { return }
        let filter = state.entryFilter.isEmpty ? nil : state.entryFilter
        if n > 0 {
            guard let after = state.entries.last!.id.incremented(),
                  let more = try? source.entries(key, from: after, to: .max, count: n, reverse: false, filter: filter, scanLimit: filterScanLimit),
                  !more.isEmpty else {
                state.status = "at the tail: f follows new entries"
                return
            }
            let all = state.entries + more
            let start = min(more.count, all.count - 1)
            state.windowStart = all[start].id
            state.selectedEntry = abs(n) == 1 ? more.last!.id : nil
            if abs(n) > 1 { state.selectedEntry = all[min(all.count - 1, start)].id }
        } else {
            guard let before = state.entries.first!.id.decremented(),
                  let earlier = try? source.entries(key, from: .zero, to: before, count: -n, reverse: true, filter: filter, scanLimit: filterScanLimit),
                  !earlier.isEmpty else {
                state.status = "at the head of the stream"
                return
            }
            state.windowStart = earlier.last!.id
            state.selectedEntry = abs(n) == 1 ? earlier.first!.id : earlier.last!.id
        }
        refresh()
    }

    /// The most entries a trim preview reads to find where the trim would cut.
    public static let trimPreviewLimit = 10_000

    func prepareTrim(_ words: [String]) {
        guard let key = state.selectedStream, let stream = state.currentStream else { return }
        var w = words.map { $0.uppercased() }
        var strategy = "MAXLEN"
        if w.first == "MAXLEN" || w.first == "MINID" { strategy = w.removeFirst() }
        var approx = false
        if w.first == "~" || w.first == "=" { approx = w.removeFirst() == "~" }
        guard w.count == 1 else { return fail("trim takes a length, ~ length, or MINID <id>") }
        let arg = words.last!
        // The newest entry the trim would delete (exact trim; `~` deletes no more).
        var cutoff: StreamID?
        var unmeasured = false
        if strategy == "MAXLEN" {
            guard let n = Int(arg), n >= 0 else { return fail("'\(arg)' is not a length") }
            let doomed = stream.length - n
            if doomed <= 0 {
                cutoff = nil
            } else if min(doomed, n + 1) > Self.trimPreviewLimit {
                // Finding the exact boundary would read too much (from a server, too much
                // to ask of production): confirm without the per-group accounting.
                unmeasured = true
            } else if doomed <= n + 1 {
                cutoff = try? source.entries(key, from: .zero, to: .max, count: doomed, reverse: false, filter: nil, scanLimit: 0).last?.id
            } else {
                // The newest entry that goes is the (n+1)-th from the end.
                cutoff = try? source.entries(key, from: .zero, to: .max, count: n + 1, reverse: true, filter: nil, scanLimit: 0).last?.id
            }
        } else {
            guard let id = StreamIDParser.parseID(Array(arg.utf8)) else { return fail("'\(arg)' is not a stream ID") }
            cutoff = try? source.entries(key, from: .zero, to: id.decremented() ?? .zero, count: 1, reverse: true, filter: nil, scanLimit: 0).first?.id
        }
        if unmeasured {
            var cmd = ["XTRIM", BinaryText.display(key), strategy]
            if approx { cmd.append("~") }
            cmd.append(arg)
            state.modal = .confirm(Confirmation(question: [
                "Trim \(stream.name) with \(strategy)\(approx ? " ~" : "") \(arg)?",
                "About \(Format.count(stream.length - (Int(arg) ?? 0))) entries go: too many to check each group's pending and undelivered entries first (that would read more than \(Format.count(Self.trimPreviewLimit)) entries).",
            ], commands: [cmd]))
            return
        }
        guard let cutoff else {
            state.status = "nothing to trim: the stream already fits"
            return
        }
        var lines = ["Trim \(stream.name) with \(strategy)\(approx ? " ~" : "") \(arg)?",
                     "Entries up to \(cutoff) (\(TimeText.format(cutoff.ms, utc: state.utc))) are deleted\(approx ? " (whole nodes only, so possibly fewer)" : "")."]
        var hurt = false
        for g in state.groups {
            var notes: [String] = []
            if let p = g.oldestPending, p <= cutoff {
                let n = (try? source.pending(key, group: g.name, count: Self.trimPreviewLimit).filter { $0.id <= cutoff }.count) ?? 0
                notes.append("\(n) pending")
            }
            if g.lastDeliveredID < cutoff, let from = g.lastDeliveredID.incremented() {
                let n = (try? source.count(key, from: from, to: cutoff)) ?? 0
                if n > 0 { notes.append("\(n) not yet delivered") }
            }
            if !notes.isEmpty {
                hurt = true
                lines.append("  group '\(g.name)' loses " + notes.joined(separator: " and ") + " entries")
            }
        }
        if !hurt { lines.append("No group has pending or undelivered entries in that range.") }
        var cmd = ["XTRIM", BinaryText.display(key), strategy]
        if approx { cmd.append("~") }
        cmd.append(arg)
        state.modal = .confirm(Confirmation(question: lines, commands: [cmd]))
    }

    func prepareDeadLetter(_ ids: [StreamID]) {
        guard let key = state.selectedStream, let group = state.selectedGroup else { return }
        let keyText = BinaryText.display(key)
        let dead = keyText + state.deadLetterSuffix
        var commands: [[String]] = []
        var gone = 0
        for id in ids {
            let row = try? source.entries(key, from: id, to: id, count: 1, reverse: false, filter: nil, scanLimit: 1).first
            if let row {
                let deliveries = state.pending.first { $0.id == id }?.deliveries ?? 0
                var cmd = ["XADD", dead, "*", "source-id", id.description, "source-group", group, "deliveries", String(deliveries)]
                for (f, v) in row.pairs { cmd += [String(decoding: f, as: UTF8.self), String(decoding: v, as: UTF8.self)] }
                commands.append(cmd)
            } else {
                gone += 1
            }
            commands.append(["XACK", keyText, group, id.description])
        }
        var question = ["Move \(ids.count) \(ids.count == 1 ? "entry" : "entries") to '\(dead)' and acknowledge them in '\(group)'?",
                        Reducer.preview(ids)]
        if gone > 0 { question.append("\(gone) of them were deleted from the stream: they are only acknowledged.") }
        state.modal = .confirm(Confirmation(question: question, commands: commands, atomic: true))
    }

    // MARK: Refresh

    /// Reloads what the screen shows: the stream list, the selected stream's window of
    /// entries, its histogram, groups, consumers and pending entries.
    /// - Complexity: O(streams + rows on screen + pending shown + nodes in the histogram window)
    public func refresh() {
        let lay = layout
        state.entryRows = lay.compact ? max(1, height - 6) : lay.rows(.entries)
        state.scrubberBuckets = max(8, (lay.scrubber?.width ?? 62) - 2)
        state.nowMs = source.nowMs
        lastStamp = source.changeStamp
        defer { state.sourceHealth = source.health }
        lastRefreshMs = state.nowMs
        do {
            state.streams = try source.streams()
            sampleRates()
            let visible = state.visibleStreams
            if state.selectedStream == nil || !visible.contains(where: { $0.key == state.selectedStream }) {
                if let first = visible.first {
                    state.selectedStream = first.key
                    Reducer.resetStreamView(&state)
                } else {
                    state.selectedStream = nil
                    Reducer.resetStreamView(&state)
                    if refreshFailed { refreshFailed = false; state.status = nil; state.statusIsError = false }
                    return
                }
            }
            guard let key = state.selectedStream else { return }
            try refreshEntries(key)
            try refreshScrubber(key)
            try refreshGroups(key)
            if refreshFailed {
                // The source is back: the error the last refresh left is stale.
                refreshFailed = false
                state.status = nil
                state.statusIsError = false
            }
        } catch {
            refreshFailed = true
            fail("\(error)")
        }
    }

    private func sampleRates() {
        let now = state.nowMs
        guard now >= lastRateMs + 1000 || now < lastRateMs else { return }
        let seconds = lastRateMs == 0 ? 1 : max(1, Int((now - lastRateMs) / 1000))
        lastRateMs = now
        for s in state.streams {
            let before = lastLengths[s.key] ?? s.length
            var r = state.rates[s.key] ?? []
            r.append(max(0, s.length - before) / seconds)
            if r.count > 60 { r.removeFirst(r.count - 60) }
            state.rates[s.key] = r
            lastLengths[s.key] = s.length
        }
    }

    private func refreshEntries(_ key: [UInt8]) throws {
        let filter = state.entryFilter.isEmpty ? nil : state.entryFilter
        let n = state.entryRows
        if let start = state.windowStart {
            state.entries = try source.entries(key, from: start, to: .max, count: n, reverse: false, filter: filter, scanLimit: filterScanLimit)
        } else {
            let previousFirst = state.entries.first?.id
            let tail = try source.entries(key, from: .zero, to: .max, count: n, reverse: true, filter: filter, scanLimit: filterScanLimit)
            state.entries = tail.reversed()
            // Following keeps a selection the user made: if new entries would push it
            // off screen, the window stops there instead.
            if let sel = state.selectedEntry, let first = previousFirst, sel >= first,
               !state.entries.contains(where: { $0.id == sel }) {
                state.windowStart = first
                state.status = "follow paused to keep your selection: f follows again"
                state.entries = try source.entries(key, from: first, to: .max, count: n, reverse: false, filter: filter, scanLimit: filterScanLimit)
            }
        }
        if let sel = state.selectedEntry, !state.entries.contains(where: { $0.id == sel }) {
            state.selectedEntry = nil
        }
    }

    private func refreshScrubber(_ key: [UInt8]) throws {
        guard let s = state.currentStream, let first = s.firstID, let last = s.lastID else {
            state.scrubber.counts = []
            return
        }
        let whole = first.ms...max(last.ms, first.ms + 1)
        let span = state.scrubber.window ?? whole
        state.scrubber.span = span
        state.scrubber.counts = try source.histogram(key, fromMs: span.lowerBound, toMs: span.upperBound + 1, buckets: state.scrubberBuckets)
        if let r = state.scrubber.markedTimes {
            state.markedCount = try source.count(key, from: StreamID(ms: r.lowerBound, seq: 0), to: StreamID(ms: r.upperBound, seq: .max))
        } else {
            state.markedCount = nil
        }
    }

    private func refreshGroups(_ key: [UInt8]) throws {
        state.groups = try source.groups(key)
        if state.selectedGroup == nil || !state.groups.contains(where: { $0.name == state.selectedGroup }) {
            state.selectedGroup = state.groups.first?.name
            state.selectedPending = nil
            state.marked.removeAll()
        }
        guard let g = state.selectedGroup else {
            state.consumers = []
            state.pending = []
            return
        }
        state.consumers = try source.consumers(key, group: g)
        state.pending = try source.pending(key, group: g, count: 1000)
        let ids = Set(state.pending.map(\.id))
        state.marked.formIntersection(ids)
        if state.selectedPending == nil || !ids.contains(state.selectedPending!) {
            state.selectedPending = state.visiblePending.first?.id
        }
    }

    // MARK: Drawing

    /// The frame for the current state. - Complexity: O(screen cells)
    public func render() -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        var view = ExplorerView(state: state, keyMap: keyMap, layout: layout, previousOffsets: offsets)
        view.render(into: &buf)
        offsets = view.offsets
        return buf
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
