import RESP
import StreamCommands
import StreamEngine

/// The lesson's world: a plan, its state, and the engine every action runs on. Each
/// step finds the earliest thing due (ties in a fixed order), runs it through
/// `CommandServer.execute` with the clock set to that instant, and returns the event.
///
/// Complexity: O(producers + consumers + timers) per step to find what is due, plus
/// the commands' own cost.
final class Simulation {
    let plan: LessonPlan
    let server: CommandServer
    let clock: any LessonClock
    var state: SimState
    var session = CommandSession()
    /// Command records by the name as the simulation spells it (see `execute`).
    private var records: [[UInt8]: CommandServer.Entry] = [:]
    /// Answers the runner holds: an answered checkpoint no longer halts the run.
    var isAnswered: (Int) -> Bool = { _ in false }
    /// The journal's image at its last fsync (everysec and no), for a machine crash.
    var syncedImage: KeyspaceImage.Capture?

    /// What comes next, in the order ties are broken.
    enum Due: Comparable {
        case queued, chapterEnd, question, step, life(Int), produce(Int), trim(Int), claim(Int), read(Int), work(Int)
    }

    init(plan: LessonPlan, seed: UInt64, server: CommandServer, clock: any LessonClock) {
        self.plan = plan
        self.server = server
        self.clock = clock
        state = Simulation.initialState(plan, seed: seed)
        // Entry lists come back in wire form: no tree of copies per entry, and an event
        // keeps one buffer per reply. Readers decode them when they are shown.
        session.encodedReplies = true
    }

    static func initialState(_ plan: LessonPlan, seed: UInt64) -> SimState {
        let spec = plan.spec
        let consumers = (spec.consumers ?? []).enumerated().map { (i, c) in
            SimState.ConsumerState(name: c.name, group: plan.group(named: c.group) ?? 0, template: i,
                                   startAt: UInt64(c.startMs ?? 0), crashAt: c.crashMs.map(UInt64.init),
                                   restartAt: c.restartMs.map(UInt64.init))
        }
        var s = SimState(random: LessonRandom(seed: seed),
                         producers: plan.producers.map { _ in SimState.ProducerState() },
                         consumers: consumers,
                         readers: (spec.readers ?? []).map { .init(lastID: nil, nextAt: UInt64($0.startMs ?? 0)) },
                         claims: (spec.claims ?? []).map { .init(nextAt: UInt64($0.startMs ?? $0.everyMs)) },
                         trims: (spec.trims ?? []).map { .init(nextAt: UInt64($0.atMs ?? $0.everyMs ?? 0)) },
                         processed: plan.groups.map { _ in [] },
                         poison: plan.streams.map { _ in [] },
                         firstIDs: plan.streams.map { _ in nil })
        s.queue = plan.groups.indices.map { .setUpGroup($0) }
        if let j = spec.journal {
            s.journal = .init(policy: j.fsync, nextSyncMs: syncInterval(j.fsync, spec) ?? 0)
        }
        return s
    }

    static func syncInterval(_ policy: String, _ spec: LessonSpec) -> UInt64? {
        switch policy {
        case "everysec": return 1000
        case "no": return UInt64(spec.journal?.osFlushMs ?? 30_000)
        default: return nil
        }
    }

    // MARK: What is due

    /// The time and kind of the next thing to happen, or nil when the lesson is over
    /// or waits on a checkpoint.
    func peek() -> (time: UInt64, due: Due)? {
        let now = state.now
        // Queued actions (setup, free play, dead-lettering) run even while a question waits.
        if !state.begun || !state.queue.isEmpty { return (now, .queued) }
        if state.halted != nil || state.finished { return nil }
        var best: (time: UInt64, due: Due)?
        func offer(_ time: UInt64?, _ due: Due) {
            guard let time else { return }
            let t = max(time, now)
            if best == nil || (t, due) < (best!.time, best!.due) { best = (t, due) }
        }
        if let until = plan.spec.chapters[state.chapter].untilMs { offer(UInt64(until), .chapterEnd) }
        if let n = plan.spec.chapters[state.chapter].events, state.eventsInChapter >= n { offer(now, .chapterEnd) }
        if !state.dueQuestions.isEmpty { offer(now, .question) }
        if state.nextTimedQuestion < plan.timedQuestions.count {
            offer(UInt64(plan.questions[plan.timedQuestions[state.nextTimedQuestion]].spec.atMs!), .question)
        }
        if state.nextStep < plan.steps.count { offer(UInt64(plan.steps[state.nextStep].spec.atMs), .step) }
        // Whether each group has entries to give out, asked once per group, not per consumer.
        var groupHasNew: [Bool?] = Array(repeating: nil, count: plan.groups.count)
        // By index, field by field: copying a consumer's state (its arrays) per peek shows.
        for i in state.consumers.indices {
            if !state.consumers[i].present { offer(state.consumers[i].startAt, .life(i)) }
            else if !state.consumers[i].crashed {
                offer(state.consumers[i].crashAt, .life(i))
                offer(workTime(i, &groupHasNew), .work(i))
            } else { offer(state.consumers[i].restartAt, .life(i)) }
        }
        for i in plan.producers.indices { offer(produceTime(i), .produce(i)) }
        for i in state.trims.indices { offer(state.trims[i].nextAt, .trim(i)) }
        for i in state.claims.indices { offer(state.claims[i].nextAt, .claim(i)) }
        for i in state.readers.indices { offer(state.readers[i].nextAt, .read(i)) }
        // A chapter counted in events whose world has gone quiet ends now rather than never.
        return best ?? (now, .chapterEnd)
    }

    private func produceTime(_ i: Int) -> UInt64? {
        let p = plan.producers[i].spec
        let k = Double(state.producers[i].scheduled)
        let t = UInt64(p.startMs ?? 0) + UInt64((k * 1000 / p.ratePerSecond).rounded(.down))
        if let stop = p.stopMs, t >= UInt64(stop) { return nil }
        return t
    }

    private func workTime(_ i: Int, _ groupHasNew: inout [Bool?]) -> UInt64? {
        if !state.consumers[i].held.isEmpty { return state.consumers[i].busyUntil }
        if !state.consumers[i].done.isEmpty || state.consumers[i].recoverFrom != nil { return state.now }
        let group = state.consumers[i].group
        if groupHasNew[group] == nil { groupHasNew[group] = hasNew(group) }
        guard groupHasNew[group]! else { return nil }
        let poll = plan.consumers[state.consumers[i].template].pollMs.map { state.consumers[i].lastReadAt + UInt64($0) } ?? 0
        return max(state.now, poll)
    }

    /// Whether the group has entries it has not delivered yet: O(1) when the stream
    /// ends at the group's position, else O(log n) to find the next live entry.
    func hasNew(_ group: Int) -> Bool {
        guard let stream = stream(plan.groups[group].stream), let cg = stream.group(named: plan.groupKeys[group]),
              stream.length > 0, stream.lastID > cg.lastID, let from = cg.lastID.incremented() else { return false }
        var found = false
        stream.forEachID(from: from) { _ in found = true; return false }
        return found
    }

    func stream(_ index: Int) -> Stream? { try? server.keyspace.stream(0, plan.streamKeys[index]) }

    /// What capturing the lesson's streams costs, in units of about a node: their nodes
    /// plus a quarter of their pending entries. O(streams + groups).
    func captureWeight() -> Int {
        plan.streamKeys.indices.reduce(0) { total, s in
            guard let stream = stream(s) else { return total }
            return total + stream.nodeCount + stream.groups.reduce(0) { $0 + $1.pendingCount } / 4
        }
    }

    func consumerGroup(_ group: Int) -> ConsumerGroup? {
        stream(plan.groups[group].stream)?.group(named: plan.groupKeys[group])
    }

    // MARK: Running

    /// What one step did.
    enum Step {
        case event(LessonEvent)
        /// Something ran that says nothing (a timer finding its consumer down).
        case silent
        /// Nothing is due: the run waits on a checkpoint or is over.
        case idle
    }

    /// Runs the next thing due and returns its event, if it made one.
    func step() -> LessonEvent? {
        if case .event(let e) = advance() { return e }
        return nil
    }

    /// Runs the next thing due, if it is due no later than `limit`.
    func advance(notAfter limit: UInt64 = .max) -> Step {
        guard let (time, due) = peek(), time <= limit else { return .idle }
        moveTime(to: time)
        var draft: Draft?
        switch due {
        case .queued: draft = runQueued()
        case .chapterEnd: draft = endChapter()
        case .question: draft = askQuestion()
        case .step: draft = runStep()
        case .life(let i): draft = consumerLife(i)
        case .produce(let i):
            // A producer's arrivals due at the same millisecond are one event: a fast
            // producer's entries in one line, so a lesson at thousands of entries a second
            // plays as fast as its XADDs run. One arrival at a time is one event, as ever.
            state.producers[i].scheduled += 1
            var count = 1
            while count < Self.largestProducerBatch, produceTime(i) == time {
                state.producers[i].scheduled += 1
                count += 1
            }
            draft = count == 1 ? produce(i) : produce(i, count: count)
        case .trim(let i): draft = trim(i)
        case .claim(let i): draft = claim(i)
        case .read(let i): draft = read(i)
        case .work(let i): draft = work(i)
        }
        guard let draft else { return .silent }
        return .event(emit(draft))
    }

    /// The most arrivals of one producer that one event holds.
    static let largestProducerBatch = 1_000

    /// Moves simulated time forward (never back), with the journal's fsyncs on the way.
    func moveTime(to time: UInt64) {
        if time > state.now { state.now = time }
        clock.set(plan.base + state.now)
        syncJournal()
    }

    /// An event before it has its number.
    struct Draft {
        var sentence: String
        var commands: [[[UInt8]]] = []
        var replies: [RESPValue] = []
        var atomic = false
        var kind: LessonEvent.Kind = .command
        var name: String? = nil
        var checkpoint: Int? = nil
        var action: LessonAction = .other
    }

    private func emit(_ d: Draft) -> LessonEvent {
        let e = LessonEvent(index: state.eventCount, timeMs: state.now, chapter: state.chapter, sentence: d.sentence,
                            wire: CommandWire(d.commands), replyWire: ReplyWire(d.replies),
                            atomic: d.atomic, checkpoint: d.checkpoint, action: d.action, kind: d.commands.isEmpty && d.kind == .command ? .narration : d.kind)
        state.eventCount += 1
        state.eventsInChapter += 1
        if let name = d.name {
            state.dueQuestions += plan.questions.indices.filter { plan.questions[$0].spec.after == name }
        }
        return e
    }

    /// Runs one command at the current instant, its record looked up once per name.
    /// O(the command).
    func execute(_ args: [[UInt8]]) -> RESPValue {
        clock.set(plan.base + state.now)
        let reply: RESPValue
        if let name = args.first, let entry = records[name] ?? record(named: name) {
            switch server.run(args, entry: entry, session: &session) {
            case .reply(let r): reply = r
            case .block: reply = .nullArray
            }
        } else {
            reply = server.execute(args, session: &session)
        }
        if var j = state.journal, CommandServer.mayChangeData(args) {
            if case .error = reply {} else {
                j.written += 1
                j.writtenBytes += RESPText.encodedSize(args)
                if j.policy == "always" { j.synced = j.written; j.syncedBytes = j.writtenBytes; j.lastSyncMs = state.now }
                state.journal = j
            }
        }
        if case .error = reply {} else if args.count > 2, args[0] == Array("XADD".utf8) {
            noteFirstID(args[1])
        }
        return reply
    }

    /// The command record of a name as spelt, remembered. O(name length).
    private func record(named name: [UInt8]) -> CommandServer.Entry? {
        let entry = server.entry(named: String(decoding: name, as: UTF8.self).lowercased())
        if let entry { records[name] = entry }
        return entry
    }

    private func noteFirstID(_ key: [UInt8]) {
        // Known for every stream soon after the start: then nothing to look up.
        guard state.firstIDs.contains(where: { $0 == nil }), let s = plan.streamKeys.firstIndex(of: key), state.firstIDs[s] == nil,
              let stream = stream(s), stream.length > 0 else { return }
        state.firstIDs[s] = stream.firstID
    }

    func command(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
}
