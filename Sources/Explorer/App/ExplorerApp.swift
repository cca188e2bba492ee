import Lessons
import RESP
import StreamCommands
import StreamEngine
import TerminalUI

/// The explorer's runtime: keys in, frames out. It owns the state, sends every key,
/// click and resize as a `Message` through the pure `Reducer` and hands the effects it
/// returns to an `EffectRunner`: at once (tests, the embedded engine), or on a worker thread so that
/// a slow or hung server never holds up keys or frames (`--redis`). Results come back
/// as state changes on the UI thread. No terminal I/O: the backend drives it, and tests
/// drive it the same way with key presses and read the frame as text.
public final class ExplorerApp {
    public private(set) var state = AppState()
    public let source: any StreamDataSource
    /// The update function, with the key map derived from the declared panes.
    public let reducer: Reducer
    public var keyMap: KeyMap { reducer.keyMap }
    /// The demo: a lesson played live on the source's engine (see `LiveLesson`).
    public var demo: LiveLesson?
    public var width: Int { state.screenWidth }
    public var height: Int { state.screenHeight }
    private var lastStamp: UInt64?
    private var lastRefreshMs: UInt64 = 0
    private var lastRateMs: UInt64 = 0
    private var lastLengths: [[UInt8]: Int] = [:]
    /// Whether the last refresh failed (its error is on the status line).
    private var refreshFailed = false
    /// Entries scanned at most when a filter is on.
    public var filterScanLimit = 50_000
    /// Where work on the source runs (see `EffectRunner`).
    public let effects: any EffectRunner
    /// After this long in flight, the status line says the explorer is waiting.
    public static let waitingAfterMs: UInt64 = 300

    /// Thresholds and names a user can set: stuck idle time, poison delivery count,
    /// the dead-letter stream's suffix.
    public func configure(stuckIdleMs: UInt64? = nil, poisonDeliveries: UInt64? = nil, deadLetterSuffix: String? = nil) {
        if let v = stuckIdleMs { state.stuckIdleMs = v }
        if let v = poisonDeliveries { state.poisonDeliveries = v }
        if let v = deadLetterSuffix { state.deadLetterSuffix = v }
    }

    public init(source: any StreamDataSource, readOnly: Bool = false, demo: LiveLesson? = nil,
                effects: any EffectRunner = InlineEffects(), layout: ExplorerLayout = .standard) {
        self.source = source
        self.effects = effects
        self.reducer = Reducer(layout: layout, readOnly: readOnly)
        self.demo = demo
        state.readOnly = readOnly
        state.sourceLabel = source.label
        state.commandNames = source.commandNames
        state.demoRunning = demo.map { _ in true }
    }

    public var layout: Layout { reducer.screenLayout(state) }

    public func resize(width: Int, height: Int) { send(.resize(width: width, height: height)) }

    // MARK: Input

    /// A key press (or a click, or a resize), as a message to the reducer.
    public func handle(_ key: Key) {
        effects.drain()
        state.sourceBusy = effects.busyMs > 0
        send(.key(key))
    }

    /// Applies a message and performs the effects the reducer returns.
    public func send(_ message: Message) {
        for e in reducer.update(&state, message) { perform(e) }
    }

    public var shouldQuit: Bool { state.quitRequested }

    // MARK: Time

    /// Takes the results that came back, runs the demo and refreshes when the data
    /// moved (or once a second, for idle times). While work is in flight nothing more is
    /// asked of the source: a slow server gets one request at a time.
    public func tick() {
        effects.drain()
        guard effects.inFlight == 0 else { return }
        let demo = self.demo
        effect({ source -> (now: UInt64, stamp: UInt64) in
            demo?.step()
            return (source.nowMs, source.changeStamp)
        }, then: { app, r in
            if r.stamp != app.lastStamp || r.now >= app.lastRefreshMs + 1000 || r.now < app.lastRefreshMs {
                app.refresh()
            }
        })
    }

    /// Runs `work` with the source where the runner says, then `apply` on the UI thread.
    func effect<T>(_ work: @escaping (any StreamDataSource) -> T, then apply: @escaping (ExplorerApp, T) -> Void) {
        let source = self.source
        effects.perform({ work(source) }, then: { [weak self] result in
            guard let self, let value = result as? T else { return }
            apply(self, value)
        })
    }

    /// The frame's state: the status line says so while the source keeps us waiting.
    var shownState: AppState {
        let busy = effects.busyMs
        guard busy >= Self.waitingAfterMs else { return state }
        var s = state
        s.status = "waiting \(TimeText.duration(busy)) for \(state.sourceLabel)… esc cancels"
        s.statusIsError = true
        return s
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
            showEntry(id)
        case .prepareTrim(let words):
            prepareTrim(words)
        case .prepareDeadLetter(let ids):
            prepareDeadLetter(ids)
        case .toggleDemo:
            guard let running = state.demoRunning else { return fail("no demo workload in this session") }
            state.demoRunning = !running
            if running { demo?.pause() } else { demo?.resume() }
            state.status = running ? "demo stopped: the data stays" : "demo running"
        case .cancelSource:
            source.cancel()
        }
    }

    func fail(_ message: String) {
        state.status = message
        state.statusIsError = true
    }

    /// Runs commands for the user, logs each, reports the outcome and refreshes.
    func run(_ args: [[[UInt8]]], atomic: Bool) {
        guard !state.readOnly else { return fail("read-only: nothing was written") }
        effect({ source in
            Result { atomic ? try source.executeAtomically(args) : try args.map { try source.execute($0) } }
        }, then: { app, result in
            app.finishRun(args, atomic: atomic, result)
        })
    }

    func finishRun(_ args: [[[UInt8]]], atomic: Bool, _ result: Result<[RESPValue], any Error>) {
        switch result {
        case .success(let replies):
            if atomic { log(Args.of("MULTI")) }
            for c in args { log(c) }
            if atomic { log(Args.of("EXEC")) }
            if let err = replies.lazy.compactMap({ if case .error(let e) = $0 { return e } else { return nil } }).first {
                fail(err)
            } else if !replies.isEmpty {
                state.status = RunSummary.line(args, replies, pending: state.pending)
                state.statusIsError = false
            }
        case .failure(let error):
            fail("\(error)")
        }
        refresh()
    }

    /// Logs a command as redis-cli would read it back to the same bytes.
    func log(_ command: [[UInt8]]) {
        state.commandLog.append(command.map(BinaryText.cliQuoted).joined(separator: " "))
        let over = state.commandLog.count - AppState.commandLogLimit
        if over > 0 {
            state.commandLog.removeFirst(over)
            // A line being read stays selected while older ones fall off.
            state.logSelected = state.logSelected.map { max(0, $0 - over) }
        }
    }

    /// Why a read-only session refuses `args` at the prompt, or nil to send it: only
    /// commands the source marks `readonly` are sent (an allow-list).
    static func readOnlyRefusal(_ args: [[UInt8]], _ source: any StreamDataSource) -> String? {
        do {
            let commands = try source.readOnlyCommands()
            if commands.allows(args) { return nil }
            return "read-only: \(commands.displayName(args)) is not a read-only command and was not sent"
        } catch {
            return "read-only: \(BinaryText.display(Array(args[0].prefix(64))).uppercased()) was not sent (\(error))"
        }
    }

    func runPrompt(_ text: String) {
        let args: [[UInt8]]
        switch PromptLine.parse(text) {
        case .empty: return
        case .failure(let message): return fail(message)
        case .command(let a): args = a
        }
        let readOnly = state.readOnly
        effect({ source -> Result<RESPValue, any Error> in
            if readOnly, let refusal = Self.readOnlyRefusal(args, source) { return .failure(DataSourceError(refusal)) }
            return Result { try source.execute(args) }
        }, then: { app, result in
            switch result {
            case .success(let reply):
                app.log(args)
                let lines = ReplyText.render(reply).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.count <= 1 {
                    app.state.status = lines.first ?? ""
                    if case .error = reply { app.state.statusIsError = true }
                } else {
                    app.state.modal = .text(title: text, lines: lines, scroll: 0)
                }
            case .failure(let error):
                app.fail("\(error)")
            }
            app.refresh()
        })
    }

    func showEntry(_ id: StreamID) {
        guard let key = state.selectedStream else { return }
        effect({ source in
            try? source.entries(key, from: id, to: id, count: 1, reverse: false, filter: nil, scanLimit: 1).first
        }, then: { app, row in
            if let row {
                app.state.modal = .text(title: "entry \(id)", lines: EntryText.detail(row, utc: app.state.utc), scroll: 0)
            } else {
                app.fail("entry \(id) is no longer in the stream (deleted or trimmed); it is still pending")
            }
        })
    }

    func scrollEntries(_ n: Int) {
        guard let key = state.selectedStream, let firstShown = state.entries.first?.id, let lastShown = state.entries.last?.id else { return }
        let filter = state.entryFilter.isEmpty ? nil : state.entryFilter
        let limit = filterScanLimit
        effect({ source -> [EntryRow] in
            if n > 0 {
                guard let after = lastShown.incremented() else { return [] }
                return (try? source.entries(key, from: after, to: .max, count: n, reverse: false, filter: filter, scanLimit: limit)) ?? []
            }
            guard let before = firstShown.decremented() else { return [] }
            return (try? source.entries(key, from: .zero, to: before, count: -n, reverse: true, filter: filter, scanLimit: limit)) ?? []
        }, then: { app, rows in
            // The user may have moved on meanwhile.
            guard app.state.selectedStream == key, app.state.entries.first?.id == firstShown else { return }
            guard !rows.isEmpty else {
                app.state.status = n > 0 ? "at the tail: f follows new entries" : "at the head of the stream"
                return
            }
            if n > 0 {
                let all = app.state.entries + rows
                let start = min(rows.count, all.count - 1)
                app.state.windowStart = all[start].id
                app.state.selectedEntry = abs(n) == 1 ? rows.last!.id : all[min(all.count - 1, start)].id
            } else {
                app.state.windowStart = rows.last!.id
                app.state.selectedEntry = abs(n) == 1 ? rows.first!.id : rows.last!.id
            }
            app.refresh()
        })
    }

    /// The most entries a trim preview reads to find where the trim would cut.
    public static let trimPreviewLimit = 10_000

    func prepareTrim(_ words: [String]) {
        guard let stream = state.currentStream else { return }
        let request: TrimPlan.Request
        switch TrimPlan.parse(words) {
        case .failure(let e): return fail(e.message)
        case .success(let r): request = r
        }
        let (groups, utc) = (state.groups, state.utc)
        effect({ source in
            TrimPlan.plan(request, stream: stream, groups: groups, utc: utc, limit: Self.trimPreviewLimit, source: source)
        }, then: { app, outcome in
            switch outcome {
            case .invalid(let message): app.fail(message)
            case .nothing(let message): app.state.status = message
            case .confirm(let c): app.state.modal = .confirm(c)
            }
        })
    }

    func prepareDeadLetter(_ ids: [StreamID]) {
        guard let key = state.selectedStream, let group = state.selectedGroup else { return }
        let suffix = state.deadLetterSuffix
        var deliveries: [StreamID: UInt64] = [:]
        for p in state.pending { deliveries[p.id] = p.deliveries }
        effect({ source in
            DeadLetterPlan.plan(ids, key: key, group: group, suffix: suffix, deliveries: deliveries, source: source)
        }, then: { app, confirmation in
            app.state.modal = .confirm(confirmation)
        })
    }

    // MARK: Refresh

    /// Reloads what the screen shows (see `ScreenLoad`). The load works on a copy of the
    /// state; if the user moved meanwhile it is dropped and the screen loaded again.
    /// - Complexity: O(streams + rows on screen + pending shown + nodes in the histogram window)
    public func refresh() {
        let lay = layout
        state.entryRows = lay.compact ? max(1, height - 6) : lay.rows(.entries)
        state.scrubberBuckets = max(8, (lay.rect(.timeScrubber)?.width ?? 62) - 2)
        let before = state
        let limit = filterScanLimit
        let needs = reducer.layout.needs
        effect({ source -> (state: AppState, error: String?, now: UInt64, stamp: UInt64, health: String?) in
            var s = before
            var error: String?
            do { try ScreenLoad.load(into: &s, from: source, scanLimit: limit, needs: needs) } catch let e { error = "\(e)" }
            return (s, error, source.nowMs, source.changeStamp, source.health)
        }, then: { app, r in
            app.lastStamp = r.stamp
            app.lastRefreshMs = r.now
            app.state.nowMs = r.now
            app.state.sourceHealth = r.health
            if let error = r.error {
                app.refreshFailed = true
                app.fail(error)
                return
            }
            guard ScreenLoad.ViewKey(app.state) == ScreenLoad.ViewKey(before) else {
                app.refresh()
                return
            }
            ScreenLoad.install(r.state, into: &app.state)
            if r.state.status != before.status { app.state.status = r.state.status }
            app.sampleRates()
            if app.refreshFailed {
                // The source is back: the error the last refresh left is stale.
                app.refreshFailed = false
                app.state.status = nil
                app.state.statusIsError = false
            }
        })
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

    // MARK: Drawing

    /// The frame for the current state. - Complexity: O(screen cells)
    public func render() -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        effects.drain()
        var view = ExplorerView(state: shownState, keyMap: keyMap, layout: layout, panes: reducer.layout,
                                previousOffsets: state.tableOffsets)
        view.render(into: &buf)
        state.tableOffsets = view.offsets
        return buf
    }
}
