import Lessons
import StreamEngine
import TerminalUI

/// The lesson screen's runtime: keys and wall-clock time in, frames out. It plays the
/// lesson at a chosen speed, steps and rewinds it, asks its checkpoints, and opens the
/// full explorer on the lesson's engine at the current instant. No terminal I/O: the
/// backend drives it, and tests drive it with key presses and read the frame as text.
public final class LessonApp {
    public let runner: LessonRunner
    /// Playback speeds `+` and `-` move between (simulated ms per wall ms).
    public static let speeds: [Double] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100]
    public private(set) var speedIndex = 3
    public var speed: Double { Self.speeds[speedIndex] }
    /// Playing, unless paused by Space, a chapter's introduction or a checkpoint.
    public private(set) var playing = false
    /// The chapter whose introduction is on screen (playback waits for a key).
    public private(set) var introChapter: Int?
    /// The verdict on the last answer, shown until a key is pressed.
    public private(set) var verdict: CheckpointResult?
    public private(set) var showingHelp = false
    /// The Kafka lens is on (`K`): beside the Redis view when the window is wide enough
    /// (`LessonView.sideBySideWidth`), in its place otherwise.
    public private(set) var showingKafka = false
    /// The explorer over the lesson's engine, while it is open (`e`).
    public private(set) var explorer: ExplorerApp?
    public private(set) var shouldQuit = false
    /// A line about the last key's effect.
    public private(set) var status: String?
    private var owedMs: Double = 0
    /// Wall and simulated time of the current measuring window (`reachedSpeed`).
    private var window: (wallMs: UInt64, simMs: UInt64, speed: Double) = (0, 0, 1)
    /// The speed playback really kept over the last full second of playing, when a
    /// lesson is too busy for the chosen one (the title then says so); nil while it
    /// keeps up, while paused, and for the first second at a new speed.
    public private(set) var reachedSpeed: Double?
    private var lastChapter = -1
    public private(set) var width = 80
    public private(set) var height = 24

    public init(runner: LessonRunner) {
        self.runner = runner
        noteChapter()
    }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        explorer?.resize(width: width, height: height)
    }

    // MARK: Time

    /// Wall-clock time passed: the simulation moves `elapsedMs × speed` while playing.
    /// Fractions of a simulated millisecond are carried to the next tick. With a
    /// budget (the terminal's loop gives one), a tick works at most that long and the
    /// simulated time it did not reach is carried too, so a fast lesson at 100x keeps
    /// frames short and catches up over the next frames; more than a second of wall
    /// time behind, the rest is let go (the lesson slows down rather than freezing).
    public func tick(elapsedMs: UInt64, budgetNanoseconds: UInt64? = nil) {
        if let explorer { explorer.tick(); return }
        guard playing, runner.pendingCheckpoint == nil, !runner.isFinished else {
            window = (0, 0, speed)
            reachedSpeed = nil
            return
        }
        owedMs += Double(elapsedMs) * speed
        if budgetNanoseconds != nil { owedMs = min(owedMs, speed * 1000) }
        let whole = UInt64(owedMs)
        var moved: UInt64 = 0
        if whole > 0 {
            if let budget = budgetNanoseconds {
                moved = runner.play(byMs: whole, budgetNanoseconds: budget)
                owedMs -= Double(moved)
            } else {
                owedMs -= Double(whole)
                let before = runner.elapsedMs
                _ = runner.advance(byMs: whole)
                moved = runner.elapsedMs - before
            }
        }
        measure(wallMs: elapsedMs, simMs: moved)
        if runner.pendingCheckpoint != nil || runner.isFinished { owedMs = 0 }
        if whole > 0 { afterMove() }
    }

    /// Counts a tick into the measuring window; each full second of wall time at one
    /// speed sets `reachedSpeed` (nil when playback kept within 10% of the speed).
    private func measure(wallMs: UInt64, simMs: UInt64) {
        if window.speed != speed { window = (0, 0, speed); reachedSpeed = nil }
        window.wallMs += wallMs
        window.simMs += simMs
        guard window.wallMs >= 1_000 else { return }
        let reached = Double(window.simMs) / Double(window.wallMs)
        // A checkpoint or the end stopped the clock inside the window: nothing to say.
        let stopped = runner.pendingCheckpoint != nil || runner.isFinished
        reachedSpeed = reached < speed * 0.9 && !stopped ? reached : nil
        window = (0, 0, speed)
    }

    /// Whether playback is behind the wall clock (a tick ran out of budget): the
    /// terminal's loop then waits less for keys, to catch up.
    public var isCatchingUp: Bool { playing && owedMs >= max(1, speed * 17) }

    /// After the simulation moved: a new chapter shows its introduction and waits; a
    /// checkpoint stops playback until it is answered.
    private func afterMove() {
        noteChapter()
        if runner.pendingCheckpoint != nil { playing = false }
        if runner.isFinished { playing = false }
    }

    private func noteChapter() {
        if runner.chapterIndex != lastChapter {
            lastChapter = runner.chapterIndex
            if !runner.lesson.chapters.isEmpty, runner.chapterIndex < runner.lesson.chapters.count,
               !runner.lesson.chapters[runner.chapterIndex].intro.isEmpty {
                introChapter = runner.chapterIndex
                playing = false
            }
        }
    }

    // MARK: Keys

    public func handle(_ key: Key) {
        if let explorer { return handleInExplorer(key, explorer) }
        if case .mouse(let m) = key { return mouse(m) }
        status = nil
        if key == .ctrl("c") || key == .char("q") { shouldQuit = true; return }
        if key == .resize { return }
        if showingHelp { showingHelp = false; return }
        if verdict != nil {
            verdict = nil
            playing = !runner.isFinished
            return
        }
        if key == .char("?") { showingHelp = true; return }
        // The lens changes only what is drawn: it works over an introduction or a question.
        if key == .char("K") { toggleKafka(); return }
        if let cp = runner.pendingCheckpoint, case .char(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= cp.answers.count {
            // An answer, even over a chapter's introduction.
            introChapter = nil
            verdict = runner.answer(n - 1)
            afterMove()
            return
        }
        if introChapter != nil {
            introChapter = nil
            if key == .char(" ") || key == .enter { playing = runner.pendingCheckpoint == nil }
            return
        }
        if let cp = runner.pendingCheckpoint {
            if ![Key.char("?"), .char(","), .char("."), .char("e"), .char("r"), .char("p"), .char("k"), .char("j"), .char("b")].contains(key) {
                status = "answer with 1-\(cp.answers.count)"
                return
            }
        }
        switch key {
        case .char(" "):
            playing.toggle()
            if runner.isFinished { playing = false; status = "the lesson is over: r starts it again" }
        case .char("."):
            playing = false
            if runner.stepForward() == nil { status = runner.isFinished ? "the lesson is over" : "answer the question first" }
            afterMove()
        case .char(","):
            playing = false
            runner.stepBack()
            lastChapter = runner.chapterIndex
        case .char("+"), .char("="):
            speedIndex = min(Self.speeds.count - 1, speedIndex + 1)
            status = "speed \(Self.label(speed))"
        case .char("-"), .char("_"):
            speedIndex = max(0, speedIndex - 1)
            status = "speed \(Self.label(speed))"
        case .char("n"):
            runner.nextChapter()
            afterMove()
        case .char("p"):
            runner.previousChapter()
            lastChapter = -1
            noteChapter()
        case .char("r"):
            runner.restart()
            lastChapter = -1
            verdict = nil
            noteChapter()
        case .char("e"):
            playing = false
            let source = LessonSource(runner: runner, label: "lesson \(runner.lesson.number) at \(Self.clock(runner.elapsedMs)) · esc returns")
            let app = ExplorerApp(source: source)
            app.resize(width: width, height: height)
            explorer = app
        case .char("k"):
            runner.crashConsumer()
            afterMove()
        case .char("j"):
            runner.addConsumer()
            afterMove()
        case .char("b"):
            runner.burst()
            afterMove()

        case .char("?"):
            showingHelp = true
        default:
            status = "\(key.label) does nothing here: ? lists the keys"
        }
    }

    private func toggleKafka() {
        showingKafka.toggle()
        if !showingKafka {
            status = "Redis view"
        } else if width >= LessonView.sideBySideWidth {
            status = "Kafka lens beside Redis (K hides it)"
        } else {
            status = "Kafka lens (K: back to Redis; from \(LessonView.sideBySideWidth) columns they sit side by side)"
        }
    }

    /// The mouse: a click on an answer answers it, a click elsewhere acts as a key
    /// (closes a box, or plays and pauses); the wheel steps back and forward.
    private func mouse(_ m: MouseEvent) {
        switch m.kind {
        case .wheelUp: handle(.char(","))
        case .wheelDown: handle(.char("."))
        case .press:
            if let cp = runner.pendingCheckpoint, verdict == nil, !showingHelp {
                if let n = LessonView.answer(atRow: m.y, cp, width: width, height: height) {
                    handle(.char(Character(String(n + 1))))
                }
                return
            }
            handle(.char(" "))
        }
    }

    /// In the explorer every key is the explorer's, but Esc with nothing to close (and
    /// `q`) come back to the lesson where it was.
    private func handleInExplorer(_ key: Key, _ app: ExplorerApp) {
        let idle = app.state.modal == nil && app.state.marked.isEmpty
        if key == .ctrl("c") { shouldQuit = true; return }
        if idle && (key == .escape || key == .char("q")) {
            explorer = nil
            status = "back in the lesson"
            return
        }
        if key == .resize { app.resize(width: width, height: height); return }
        app.handle(key)
    }

    // MARK: Drawing

    /// The frame for the current state. - Complexity: O(screen cells + events shown)
    public func render() -> ScreenBuffer {
        if let explorer { return explorer.render() }
        var buf = ScreenBuffer(width: width, height: height)
        LessonView(app: self).render(into: &buf)
        return buf
    }

    static func label(_ speed: Double) -> String {
        speed < 1 ? "\(speed)x" : "\(Int(speed))x"
    }

    static func clock(_ ms: UInt64) -> String {
        let m = ms / 60_000, s = ms / 1000 % 60, tenths = ms % 1000 / 100
        return "\(m):" + (s < 10 ? "0" : "") + "\(s).\(tenths)"
    }
}
