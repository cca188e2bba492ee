import Explorer
import Lessons
import RESP
import StreamEngine
import Testing

/// The explorer's demo: the bundled scenario (`Resources/demo.yaml`) played live by the
/// lesson simulation on the explorer's own engine, its clock following (simulated) wall
/// time as the explorer ticks.
@Suite("Demo")
struct DemoTests {
    let ordersKey = Array("orders".utf8)
    let payments = Array("payments".utf8)

    /// A fresh in-memory store with the demo on it, and the wall clock it follows.
    func demoApp() throws -> (ExplorerApp, EmbeddedSource, ManualClock) {
        let wall = ManualClock(milliseconds: 1_800_000_000_000)
        let source = EmbeddedSource(clock: LiveClock(wall: wall))
        let demo = try #require(try LiveLesson.demo(on: source))
        let app = ExplorerApp(source: source, demo: demo)
        app.resize(width: 120, height: 40)
        return (app, source, wall)
    }

    /// Lets `seconds` of wall time pass, ticking as the explorer does (ten times a second).
    func pass(_ seconds: Int, _ app: ExplorerApp, _ wall: ManualClock) {
        for _ in 0..<(seconds * 10) {
            wall.advance(by: 100)
            app.tick()
        }
    }

    @Test("in the demo idle times grow with time, delivery counts rise above 1, and the crashed worker's entries stay pending")
    func idleTimesAndDeliveriesMove() throws {
        let (app, source, wall) = try demoApp()
        // Ten minutes of history: the streams already hold entries and groups.
        #expect(try source.streams().map(\.name).starts(with: ["orders", "payments"]))
        let orders = try #require(try source.streams().first)
        #expect(orders.length > 1000)
        // ... written along lesson time: its IDs span the ten minutes before now.
        #expect(orders.firstID!.ms <= 1_800_000_000_000 - 590_000)
        #expect(orders.lastID!.ms >= 1_800_000_000_000 - 1000)
        // Payments that failed were claimed again before the explorer opened.
        #expect(try source.pending(payments, group: "ledger", count: 1000).contains { $0.deliveries > 1 })
        pass(5, app, wall)   // worker-2 dies three seconds after the start
        let stuck = try source.pending(ordersKey, group: "billing", count: 1000).filter { $0.consumer == "worker-2" }
        #expect(stuck.count >= 5)
        pass(10, app, wall)
        let later = try source.pending(ordersKey, group: "billing", count: 1000).filter { $0.consumer == "worker-2" }
        // Nobody touches them: the same entries, ten seconds idler each.
        #expect(later.map(\.id) == stuck.map(\.id))
        for (before, after) in zip(stuck, later) { #expect(after.idleMs == before.idleMs + 10_000) }
        // Failed payments are claimed again and again: their delivery counts rise.
        let ledger = try source.pending(payments, group: "ledger", count: 1000)
        #expect(ledger.contains { $0.deliveries > 1 })
        // The explorer's own clock is the lesson's: the pane's idle times move too.
        #expect(app.state.nowMs == 1_800_000_000_000 + 15_000)
    }

    @Test("what the user does in the explorer runs on the demo's engine: a hand claim of a crashed worker's entry sticks")
    func handClaimOnTheDemo() throws {
        let (app, source, wall) = try demoApp()
        pass(5, app, wall)
        let stuck = try #require(try source.pending(ordersKey, group: "billing", count: 1000).first { $0.consumer == "worker-2" })
        let reply = try source.execute(["XCLAIM", "orders", "billing", "rescuer", "1000", stuck.id.description])
        guard case .array(let claimed) = reply else { Issue.record("XCLAIM answered \(reply)"); return }
        #expect(claimed.count == 1)
        pass(3, app, wall)
        let row = try #require(try source.pending(ordersKey, group: "billing", count: 1000).first { $0.id == stuck.id })
        #expect(row.consumer == "rescuer")
        #expect(row.deliveries == stuck.deliveries + 1)
        #expect(row.idleMs == 3000)
        // And the demo goes on around it.
        let before = try source.streams().first!.length
        pass(2, app, wall)
        #expect(try source.streams().first!.length > before)
    }

    @Test("d pauses the demo: nothing more is written, yet idle times go on growing; d again resumes without a burst")
    func pauseAndResume() throws {
        let (app, source, wall) = try demoApp()
        pass(5, app, wall)
        app.handle(.char("d"))
        let length = try source.streams().first!.length
        let idle = try source.pending(ordersKey, group: "billing", count: 1000).first { $0.consumer == "worker-2" }!.idleMs
        pass(10, app, wall)
        #expect(try source.streams().first!.length == length)
        #expect(try source.pending(ordersKey, group: "billing", count: 1000).first { $0.consumer == "worker-2" }!.idleMs == idle + 10_000)
        app.handle(.char("d"))
        pass(2, app, wall)
        // Three orders a second, not the ten seconds it missed.
        let added = try source.streams().first!.length - length
        #expect(added >= 4 && added <= 8)
    }

    @Test("the demo stays out of a store holding other data, and resumes in its own without replaying its history")
    func ownStoreOnly() throws {
        let wall = ManualClock(milliseconds: 1_800_000_000_000)
        let other = EmbeddedSource(clock: LiveClock(wall: wall))
        _ = try other.execute(["XADD", "mine", "*", "f", "v"])
        #expect(try LiveLesson.demo(on: other) == nil)

        let source = EmbeddedSource(clock: LiveClock(wall: wall))
        _ = try #require(try LiveLesson.demo(on: source))
        let length = try source.streams().first!.length
        wall.advance(by: 60_000)
        let again = try #require(try LiveLesson.demo(on: source))
        again.step()
        // A second start on the same store adds no history, only what is due now.
        #expect(try source.streams().first!.length - length <= 3)
    }
}
