import Lessons
import RESP
import StreamCommands
import StreamEngine
import TerminalUI

/// The explorer's runtime: keys in, frames out. It owns the state, sends every key,
/// click and resize as a `Message` through the pure `Reducer` and hands the effects it
/// returns to an `EffectRunner`: at once (tests, the embedded engine), or on a worker
/// thread so that a slow or hung server never holds up keys or frames (`--redis`).
/// Results come back on the UI thread as messages (`Message.result`) to the same
/// reducer: this type keeps only the loop and the I/O, never a decision. No terminal
/// I/O: the backend drives it, and tests drive it the same way with key presses and
/// read the frame as text.
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
    /// Entries scanned at most when a filter is on.
    public var filterScanLimit = 50_000
    /// Where work on the source runs (see `EffectRunner`).
    public let effects: any EffectRunner
    /// Writes an export's bytes to a path and returns where they went (an absolute
    /// path); the program gives one that writes files. nil: exports are refused.
    public var exportWriter: ((String, [UInt8]) throws -> String)?
    /// After this long in flight, the status line says the explorer is waiting.
    public static let waitingAfterMs: UInt64 = 300

    /// Thresholds and names a user can set: stuck idle time, poison delivery count,
    /// the dead-letter stream's suffix, the health evaluator's window, and the globs whose
    /// keys are partitions of one logical stream.
    public func configure(stuckIdleMs: UInt64? = nil, poisonDeliveries: UInt64? = nil, deadLetterSuffix: String? = nil,
                          healthWindowMs: UInt64? = nil, partitions: [String] = []) {
        if let v = healthWindowMs { state.healthWindowMs = v }
        state.partitionRules = PartitionRules(patterns: partitions)
        if let v = stuckIdleMs { state.stuckIdleMs = v }
        if let v = poisonDeliveries { state.poisonDeliveries = v }
        if let v = deadLetterSuffix { state.deadLetterSuffix = v }
    }

    /// The colour theme every frame is drawn in.
    public var theme: Theme = .standard

    /// `keyMap`: the layout's bindings with a configuration file's overrides, if any.
    public init(source: any StreamDataSource, readOnly: Bool = false, demo: LiveLesson? = nil,
                effects: any EffectRunner = InlineEffects(), layout: ExplorerLayout = .standard, keyMap: KeyMap? = nil) {
        self.source = source
        self.effects = effects
        self.reducer = Reducer(layout: layout, readOnly: readOnly, keyMap: keyMap)
        self.demo = demo
        state.readOnly = readOnly
        state.sourceLabel = source.label
        state.commandNames = source.commandNames
        state.redisVersion = source.redisVersion
        state.features = source.features
        state.demoRunning = demo.map { _ in true }
    }

    public var layout: Layout { reducer.screenLayout(state) }

    public func resize(width: Int, height: Int) { send(.resize(width: width, height: height)) }

    // MARK: The loop

    /// A key press (or a click, or a resize), as a message to the reducer.
    public func handle(_ key: Key) {
        takeResults()
        send(.key(key))
    }

    /// Applies a message and performs the effects the reducer returns.
    public func send(_ message: Message) {
        for e in reducer.update(&state, message) { perform(e) }
    }

    public var shouldQuit: Bool { state.quitRequested }

    /// Sends the results that came back as messages, and tells the reducer when the
    /// source starts or stops keeping us waiting.
    private func takeResults() {
        effects.drain()
        let busy = effects.busyMs > 0
        if busy != state.sourceBusy { send(.sourceBusy(busy)) }
    }

    /// Takes the results that came back, steps the demo and asks the source whether the
    /// data moved (the reducer decides whether to refresh). While work is in flight
    /// nothing more is asked of the source: a slow server gets one request at a time.
    public func tick() {
        takeResults()
        guard effects.inFlight == 0 else { return }
        let demo = self.demo
        run { source in
            demo?.step()
            return .ticked(nowMs: source.nowMs, stamp: source.changeStamp)
        }
    }

    /// Reloads what the screen shows (the `refresh` effect).
    public func refresh() { perform(.refresh) }

    /// Runs `work` with the source where the runner says; its result comes back to the
    /// reducer as a message, on the UI thread.
    private func run(_ work: @escaping (any StreamDataSource) -> EffectResult) {
        let source = self.source
        effects.perform({ work(source) as Any }, then: { [weak self] result in
            guard let self, let result = result as? EffectResult else { return }
            self.send(.result(result))
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

    /// Performs one effect: the I/O it needs, off the UI thread when the runner says so.
    /// Everything the effect needs from the state is copied before it leaves.
    func perform(_ effect: Effect) {
        switch effect {
        case .refresh:
            let before = state
            let limit = filterScanLimit
            let needs = reducer.layout.needs
            run { source in
                var loaded = before
                var error: String?
                do { try ScreenLoad.load(into: &loaded, from: source, scanLimit: limit, needs: needs) } catch let e { error = "\(e)" }
                return .loaded(ScreenLoadResult(state: loaded, error: error, nowMs: source.nowMs, stamp: source.changeStamp,
                                                health: source.health, view: ScreenLoad.ViewKey(before), statusBefore: before.status))
            }
        case .run(let commands, let atomic):
            run { source in
                let outcome = Result<[RESPValue], any Error> {
                    atomic ? try source.executeAtomically(commands) : try commands.map { try source.execute($0) }
                }
                return .ran(commands: commands, atomic: atomic, outcome.mapError { DataSourceError("\($0)") })
            }
        case .prompt(let line, let args):
            let readOnly = state.readOnly
            run { source in
                if readOnly, let refusal = Self.readOnlyRefusal(args, source) {
                    return .answered(line: line, args: args, .failure(DataSourceError(refusal)))
                }
                let outcome = Result<RESPValue, any Error> { try source.prompt(args) }
                return .answered(line: line, args: args, outcome.mapError { DataSourceError("\($0)") })
            }
        case .scrollEntries(let n):
            guard let key = state.selectedStream, let firstShown = state.entries.first?.id,
                  let lastShown = state.entries.last?.id else { return }
            let filter = state.entryFilter.isEmpty ? nil : state.entryFilter
            let limit = filterScanLimit
            run { source in
                var rows: [EntryRow] = []
                if n > 0, let after = lastShown.incremented() {
                    rows = (try? source.entries(key, from: after, to: .max, count: n, reverse: false, filter: filter, scanLimit: limit)) ?? []
                } else if n < 0, let before = firstShown.decremented() {
                    rows = (try? source.entries(key, from: .zero, to: before, count: -n, reverse: true, filter: filter, scanLimit: limit)) ?? []
                }
                return .scrolled(by: n, stream: key, firstShown: firstShown, rows: rows)
            }
        case .showEntry(let id):
            guard let key = state.selectedStream else { return }
            run { source in
                .entryFetched(id, try? source.entries(key, from: id, to: id, count: 1, reverse: false, filter: nil, scanLimit: 1).first)
            }
        case .prepareTrim(let words):
            guard let stream = state.currentStream else { return }
            let (groups, utc) = (state.groups, state.utc)
            switch TrimPlan.parse(words) {
            case .failure(let e):
                send(.result(.trimPlanned(.invalid(e.message))))
            case .success(let request):
                let limit = Self.trimPreviewLimit
                let offersACKED = state.features.contains(.referencePolicies)
                if request.policy != nil && !offersACKED {
                    let v = state.redisVersion ?? "of unknown version"
                    send(.result(.trimPlanned(.invalid("\(request.policy!) needs Redis 8.2; this source answers as Redis \(v)"))))
                    return
                }
                run { source in
                    let facts = TrimPlan.measure(request, stream: stream, groups: groups, limit: limit, source: source)
                    return .trimPlanned(TrimPlan.outcome(request, stream: stream, facts: facts, utc: utc, limit: limit, offersACKED: offersACKED))
                }
            }
        case .prepareDeadLetter(let ids):
            guard let key = state.selectedStream, let group = state.selectedGroup else { return }
            let suffix = state.deadLetterSuffix
            var deliveries: [StreamID: UInt64] = [:]
            for p in state.pending { deliveries[p.id] = p.deliveries }
            run { source in
                let rows = DeadLetterPlan.fetch(ids, key: key, source: source)
                return .deadLetterPlanned(DeadLetterPlan.confirmation(ids, rows: rows, key: key, group: group, suffix: suffix,
                                                                      deliveries: deliveries))
            }
        case .export(let request, let format, let path):
            guard let write = exportWriter else {
                send(.result(.exported(.failure(DataSourceError("this session cannot write files")))))
                return
            }
            let limit = filterScanLimit
            run { source in
                let outcome = Result<ExportSummary, any Error> {
                    try ExportPlan.run(request, format: format, path: path, source: source, scanLimit: limit, write: write)
                }
                return .exported(outcome.mapError { DataSourceError("\($0)") })
            }
        case .setDemo(let running):
            if running { demo?.resume() } else { demo?.pause() }
        case .cancelSource:
            source.cancel()
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

    /// The most entries a trim preview reads to find where the trim would cut.
    public static let trimPreviewLimit = 10_000

    // MARK: Drawing

    /// The frame for the current state. - Complexity: O(screen cells)
    public func render() -> ScreenBuffer {
        var buf = ScreenBuffer(width: width, height: height)
        effects.drain()
        var view = ExplorerView(state: shownState, keyMap: keyMap, layout: layout, panes: reducer.layout,
                                previousOffsets: state.tableOffsets)
        view.render(into: &buf)
        theme.apply(to: &buf)
        state.tableOffsets = view.offsets
        return buf
    }
}
