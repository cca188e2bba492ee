import Dispatch
import RESP
import StreamCommands
import StreamEngine

/// Plays a lesson: steps, time, checkpoints, free play, and replay backwards.
///
/// Stepping back restores the nearest snapshot (simulation state plus a keyspace
/// capture, taken every `snapshotEvery` events or, once the streams are long, every
/// quarter of their capture weight in events) and replays forward with the recorded
/// free-play actions, so its cost is O(max(snapshotEvery, nodes / 4)) events plus
/// O(keyspace) to load the image.
public final class LessonRunner {
    public let lesson: Lesson
    public var server: CommandServer { sim.server }
    public let clock: ManualClock
    public private(set) var events: [LessonEvent] = []

    private let sim: Simulation
    private let seed: UInt64
    /// Checkpoint number → the answer given.
    private var answers: [Int: Int] = [:]
    private var inputs: [Input] = []
    private var snapshots: [Snapshot] = []
    /// Events between snapshots, at least: a keyspace whose capture is heavier (a long
    /// stream) waits for a quarter of its `Simulation.captureWeight` in events, so that
    /// capturing costs O(1) an event and the snapshots' memory grows linearly with the
    /// run rather than with its square; stepping back then replays at most that many.
    let snapshotEvery = 256

    /// A free-play action, recorded with the moment it was made.
    private struct Input {
        var atEvent: Int
        var timeMs: UInt64
        var action: SimState.Action
    }

    private struct Snapshot {
        var state: SimState
        var image: KeyspaceImage.Capture
        var synced: KeyspaceImage.Capture?
        var kafka: KafkaLens?
    }

    /// The Kafka side (fed in `record`): from the start for a lesson with a `kafka:`
    /// section; for one without, made with Kafka's defaults when first asked for
    /// (`kafkaLens()`), so that lessons nobody looks at through it pay nothing.
    private var lens: KafkaLens?

    public init(lesson: Lesson, seed: UInt64? = nil) throws {
        self.lesson = lesson
        self.seed = seed ?? lesson.defaultSeed
        let plan = LessonPlan(lesson.spec)
        let clock = ManualClock(milliseconds: plan.base)
        self.clock = clock
        sim = Simulation(plan: plan, seed: self.seed, server: CommandServer(clock: clock), clock: clock)
        lens = lesson.spec.kafka == nil ? nil : KafkaLens(plan: plan)
        sim.isAnswered = { [unowned self] in self.answers[$0] != nil }
        takeSnapshot()
    }

    /// The chapter the run is in (from 0).
    public var chapterIndex: Int { sim.state.chapter }
    /// Simulated milliseconds since the lesson's start.
    public var elapsedMs: UInt64 { sim.state.now }
    /// The last chapter has ended.
    public var isFinished: Bool { sim.state.finished }

    /// The question the run waits on; answer it with `answer(_:)`.
    public var pendingCheckpoint: Checkpoint? {
        sim.state.halted.map { checkpoint($0) }
    }

    /// First answers given, and how many were right.
    public var score: (right: Int, asked: Int) {
        let right = answers.filter { checkpoint($0.key).correct == $0.value }.count
        return (right, answers.count)
    }

    var tapeBuilder: TapeBuilder { TapeBuilder(sim: sim) }

    /// The checkpoint an event asked and the answer given to it (nil if none yet).
    func answerGiven(atEvent index: Int) -> (Checkpoint, Int?)? {
        guard let number = events[index].checkpoint else { return nil }
        return (checkpoint(number), answers[number])
    }

    /// Checkpoint `number` (the plan numbers them across chapters, in order). O(chapters).
    private func checkpoint(_ number: Int) -> Checkpoint {
        let q = sim.plan.questions[number]
        let first = sim.plan.questions.firstIndex { $0.chapter == q.chapter } ?? number
        return lesson.chapters[q.chapter].checkpoints[number - first]
    }

    // MARK: The Kafka side

    /// Whether the lesson file has a Kafka side of its own (a `kafka:` section): its
    /// transcript then tells the Kafka events too.
    public var hasKafkaSide: Bool { lesson.spec.kafka != nil }

    /// The Kafka side at the lesson's present instant: the model is first let run to it
    /// (the same run whether it is asked often or never). O(the model's steps to now);
    /// the first call on a lesson without a `kafka:` section replays the run so far from
    /// its start with the lens on (O(events so far)), free play and answers included.
    public func kafkaLens() -> KafkaLens {
        if lens == nil {
            let now = sim.state.now
            lens = KafkaLens(plan: sim.plan)
            snapshots[0].kafka = lens
            snapshots.removeSubrange(1...)
            rewind(to: events.count)
            sim.moveTime(to: now)
        }
        lens!.advance(to: sim.state.now, lastEvent: events.count - 1)
        return lens!
    }

    // MARK: Forward

    /// Applies the next event; nil while a checkpoint waits or at the end.
    @discardableResult
    public func stepForward() -> LessonEvent? {
        while true {
            applyInputs()
            switch sim.advance() {
            case .event(let e):
                record(e)
                return e
            case .silent: continue
            case .idle: return nil
            }
        }
    }

    /// Lets `byMs` of simulated time pass, applying every event due; stops early at a
    /// checkpoint (time then stays at its instant).
    public func advance(byMs: UInt64) -> [LessonEvent] {
        let first = events.count
        run(until: sim.state.now + byMs, deadline: nil)
        return Array(events[first...])
    }

    /// What a screen's frame may spend playing (`play(byMs:budgetNanoseconds:)`): 3 ms,
    /// so that with the tape and the text drawn a frame stays under 5 ms.
    public static let frameBudgetNanoseconds: UInt64 = 3_000_000

    /// Lets up to `byMs` of simulated time pass as `advance(byMs:)` does, but stops at
    /// the first event boundary after `budgetNanoseconds` of wall time (looked at every
    /// 32 events), so a screen's frame stays short however much is due; the caller
    /// carries the rest to its next frame. Where it stops changes nothing in the run:
    /// the next call goes on from the same event. Returns the simulated ms it moved.
    /// - Complexity: O(events due within the budget).
    public func play(byMs: UInt64, budgetNanoseconds: UInt64) -> UInt64 {
        let start = sim.state.now
        let deadline = DispatchTime.now().uptimeNanoseconds &+ budgetNanoseconds
        run(until: start + byMs, deadline: deadline)
        return sim.state.now - start
    }

    /// Applies every event due up to `target`, then moves time there (unless a
    /// checkpoint or the end stops it, or the deadline passes first).
    private func run(until target: UInt64, deadline: UInt64?) {
        var sinceLook = 0
        while true {
            applyInputs()
            switch sim.advance(notAfter: target) {
            case .event(let e):
                record(e)
                sinceLook += 1
                if let deadline, sinceLook >= 32 {
                    sinceLook = 0
                    if DispatchTime.now().uptimeNanoseconds >= deadline { return }
                }
            case .silent: continue
            case .idle:
                if sim.state.halted == nil && !sim.state.finished { sim.moveTime(to: target) }
                return
            }
        }
    }

    private func record(_ e: LessonEvent) {
        lens?.feed(e, sim: sim)
        events.append(e)
        let since = sim.state.eventCount - snapshots.last!.state.eventCount
        if since >= snapshotEvery && since >= sim.captureWeight() / 4 { takeSnapshot() }
    }

    /// The event count at each snapshot held, for tests of their spacing. O(snapshots).
    var snapshotEvents: [Int] { snapshots.map(\.state.eventCount) }

    private func takeSnapshot() {
        snapshots.append(Snapshot(state: sim.state, image: KeyspaceImage.capture(sim.server.keyspace), synced: sim.syncedImage, kafka: lens))
    }

    /// Queues the recorded free-play actions made at this point of the run (on replay
    /// after a step back; in a straight run there are none ahead).
    private func applyInputs() {
        while replayedInputs < inputs.count && inputs[replayedInputs].atEvent == sim.state.eventCount {
            sim.moveTime(to: inputs[replayedInputs].timeMs)
            sim.state.queue.append(inputs[replayedInputs].action)
            replayedInputs += 1
        }
    }

    // MARK: Checkpoints

    public func answer(_ choice: Int) -> CheckpointResult? {
        guard let number = sim.state.halted else { return nil }
        let cp = checkpoint(number)
        guard cp.answers.indices.contains(choice) else { return nil }
        answers[number] = choice
        sim.state.halted = nil
        return CheckpointResult(correct: choice == cp.correct, explanation: cp.explanation)
    }

    // MARK: Back, chapters, restart

    /// Returns to the state one event earlier, by replay from the nearest snapshot.
    public func stepBack() {
        guard !events.isEmpty else { return }
        rewind(to: events.count - 1)
    }

    /// Runs forward until the chapter changes (or a checkpoint or the end stops it).
    public func nextChapter() {
        let start = chapterIndex
        while chapterIndex == start, stepForward() != nil {}
    }

    /// Back to the start of this chapter, or of the one before when already there.
    public func previousChapter() {
        let starts = events.filter { $0.kind == .chapter && $0.sentence.hasPrefix("Chapter") }.map(\.index)
        guard let current = starts.last(where: { $0 < events.count }) else { return }
        let target = events.count - 1 > current ? current : (starts.last(where: { $0 < current }) ?? 0)
        rewind(to: target + 1)
    }

    public func restart() {
        answers = [:]
        inputs = []
        snapshots.removeSubrange(1...)
        rewind(to: 0)
    }

    /// Puts the run back to just after `count` events.
    private func rewind(to count: Int) {
        let snap = snapshots.last { $0.state.eventCount <= count }!
        snapshots.removeAll { $0.state.eventCount > snap.state.eventCount }
        var bytes: [UInt8] = []
        snap.image.write(into: &bytes)
        try? KeyspaceImage.load(bytes, into: sim.server.keyspace)
        sim.state = snap.state
        sim.syncedImage = snap.synced
        lens = snap.kafka
        if let h = sim.state.halted, answers[h] != nil { sim.state.halted = nil }
        sim.moveTime(to: sim.state.now)
        events.removeSubrange(snap.state.eventCount...)
        replayedInputs = inputs.firstIndex { $0.atEvent >= snap.state.eventCount } ?? inputs.count
        while events.count < count, stepForward() != nil {}
    }

    // MARK: Free play

    private var replayedInputs = 0

    /// Crashes the live consumer of the main group holding the most entries.
    public func crashConsumer() {
        let group = sim.plan.mainGroup
        let live = sim.state.consumers.indices.filter {
            sim.state.consumers[$0].present && !sim.state.consumers[$0].crashed && sim.state.consumers[$0].group == group
        }
        guard let c = live.max(by: { sim.state.consumers[$0].held.count <= sim.state.consumers[$1].held.count }) else { return }
        play(.crash(c))
    }

    /// Adds a consumer to the main group, a copy of its first one.
    public func addConsumer() {
        guard let group = sim.plan.mainGroup,
              let template = (lesson.spec.consumers ?? []).indices.first(where: { sim.plan.group(named: lesson.spec.consumers![$0].group) == group })
        else { return }
        var n = sim.state.consumers.count + 1
        while sim.state.consumers.contains(where: { $0.name == "worker-\(n)" }) { n += 1 }
        play(.addConsumer(name: "worker-\(n)", template: template))
    }

    /// Adds `count` entries to the main stream at once.
    public func burst(count: Int = 20) {
        guard let p = sim.burstProducer() else { return }
        for _ in 0..<count { play(.produce(p)) }
    }

    /// Runs commands the user typed or chose (the explorer opened on the lesson) as one
    /// free-play event, recorded like the others so that stepping back and forth
    /// replays them. Returns their replies.
    @discardableResult
    public func perform(_ commands: [[[UInt8]]], atomic: Bool = false) -> [RESPValue] {
        let before = events.count
        play(.manual(commands, atomic: atomic))
        let replies = events.dropFirst(before).last { $0.commands == commands }?.replyValues ?? []
        return replies.map { $0.decoded ?? $0 }
    }

    private func play(_ action: SimState.Action) {
        inputs.removeSubrange(replayedInputs...)
        inputs.append(Input(atEvent: events.count, timeMs: sim.state.now, action: action))
        replayedInputs = inputs.count
        sim.state.queue.append(action)
        while !sim.state.queue.isEmpty { if let e = sim.step() { record(e) } }
    }
}
