import StreamCommands
import StreamEngine

/// A lesson played along the wall clock on an engine someone is using, for as long as
/// it runs: the explorer's demo and `streamscope prompt --demo`. The engine must read a
/// `LiveClock`: the lesson holds it at each event's instant while it plays and at wall
/// time between, so idle times and delivery times are the lesson's, and the user's own
/// commands (appends, claims, acks) run on the same engine in between and the lesson's
/// consumers simply meet their effects. Events are played and not kept: nobody steps
/// back in a demo, and a demo runs for hours.
public final class LiveLesson {
    public let lesson: Lesson
    private let sim: Simulation
    private let clock: LiveClock
    /// Whether the lesson plays; paused, the engine's clock still follows wall time.
    public private(set) var isRunning = true
    /// Events played so far.
    public private(set) var eventCount = 0

    public struct NotALiveClock: Error, CustomStringConvertible {
        public var description: String { "a live lesson needs an engine that reads a LiveClock" }
    }

    /// Starts the lesson so that its time `liveFromMs` is now. With `history` (a fresh
    /// store) everything before that plays at once; without (a store the lesson filled
    /// in an earlier run) it starts there and goes on from what the store holds.
    /// - Complexity: O(events of the history played).
    public init(lesson: Lesson, server: CommandServer, history: Bool) throws {
        guard let clock = server.keyspace.clock as? LiveClock else { throw NotALiveClock() }
        self.lesson = lesson
        self.clock = clock
        let wall = clock.wall.nowMilliseconds()
        let from = min(UInt64(lesson.spec.liveFromMs ?? 0), wall)
        sim = Simulation(plan: LessonPlan(lesson.spec, base: wall - from), seed: lesson.defaultSeed, server: server, clock: clock)
        // No one is there to answer: a question never stops a live lesson.
        sim.isAnswered = { _ in true }
        if !history { sim.skip(to: from) }
        step()
    }

    /// The streams the lesson writes.
    public var streams: [String] { sim.plan.streams }

    /// Whether a store holding `streams` (and nothing else) is the lesson's own: its
    /// streams and their `:dead` letter streams. Running it there mixes into nobody's
    /// data. O(streams).
    public static func owns(_ lesson: Lesson, _ streams: [String]) -> Bool {
        let own = lesson.spec.streams.flatMap { [$0.key, $0.key + ":dead"] }
        return Set(streams).isSubset(of: Set(own))
    }

    /// Plays every event due up to the wall clock's now and leaves the engine's clock
    /// there; paused, only the clock moves. O(events due).
    public func step() {
        let wall = clock.wall.nowMilliseconds()
        guard isRunning else { return clock.set(wall) }
        let target = wall > sim.plan.base ? wall - sim.plan.base : 0
        while true {
            switch sim.advance(notAfter: target) {
            case .event: eventCount += 1
            case .silent: continue
            case .idle:
                sim.moveTime(to: target)
                return
            }
        }
    }

    /// Stops playing; the data stays, and the clock goes on with wall time.
    public func pause() { isRunning = false }

    /// Plays again from now on, without catching up on the time it was paused.
    public func resume() {
        guard !isRunning else { return }
        isRunning = true
        let wall = clock.wall.nowMilliseconds()
        sim.skip(to: wall > sim.plan.base ? wall - sim.plan.base : 0)
    }
}
