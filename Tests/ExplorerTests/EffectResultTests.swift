@testable import Explorer
import RESP
import StreamEngine
import Testing
import TerminalUI

/// The second half of the Elm loop: what an effect found comes back as a message, and
/// the reducer alone decides what it does to the screen. No source, no runtime.
@Suite("Effect results: I/O outcomes as messages to the reducer")
struct EffectResultTests {
    let reducer = Reducer(readOnly: false)
    let orders = Array("orders".utf8)

    func send(_ s: inout AppState, _ r: EffectResult) -> [Effect] { reducer.update(&s, .result(r)) }

    @Test("commands run atomically are logged inside MULTI and EXEC, summarised, and the screen reloads")
    func ranAtomically() {
        var s = ReducerTests.state()
        let cmds = [Args.of("XACK", "orders", "billing", "1-0"), Args.of("XACK", "orders", "billing", "2-0")]
        let effects = send(&s, .ran(commands: cmds, atomic: true, .success([.integer(1), .integer(1)])))
        #expect(effects == [.refresh])
        #expect(s.commandLog == ["MULTI", "XACK orders billing 1-0", "XACK orders billing 2-0", "EXEC"])
        #expect(s.status?.isEmpty == false && !s.statusIsError)
    }

    @Test("an error reply among the results is the status line, marked as an error; a failed call says why")
    func ranWithError() {
        var s = ReducerTests.state()
        _ = send(&s, .ran(commands: [Args.of("XADD", "orders", "0-1", "f", "v")], atomic: false,
                          .success([.error("ERR The ID specified in XADD is equal or smaller than the target stream top item")])))
        #expect(s.status == "ERR The ID specified in XADD is equal or smaller than the target stream top item" && s.statusIsError)
        #expect(s.commandLog.count == 1, "the command was sent, so it is logged")
        var t = ReducerTests.state()
        _ = send(&t, .ran(commands: [Args.of("XACK", "orders", "billing", "1-0")], atomic: false, .failure(DataSourceError("connection refused"))))
        #expect(t.status == "connection refused" && t.statusIsError)
        #expect(t.commandLog.isEmpty, "nothing reached the source")
    }

    @Test("a read-only session never sends a write: the reducer drops every run effect and says so")
    func readOnlyDropsWrites() {
        let ro = Reducer(readOnly: true)
        var s = ReducerTests.state()
        s.readOnly = true
        s.modal = .confirm(Confirmation(question: ["ack?"], commands: [Args.of("XACK", "orders", "billing", "1-0")]))
        let effects = ro.update(&s, .key(.char("y")))
        #expect(!effects.contains { if case .run = $0 { return true } else { return false } })
        #expect(s.status == "read-only: nothing was written" && s.statusIsError)
    }

    @Test("a tick asks for a refresh when the data moved or a second passed, and not otherwise")
    func tickDecides() {
        var s = ReducerTests.state()
        s.refreshClock.stamp = 7
        s.refreshClock.loadedMs = 10_000
        #expect(send(&s, .ticked(nowMs: 10_400, stamp: 7)).isEmpty)
        #expect(send(&s, .ticked(nowMs: 10_400, stamp: 8)) == [.refresh])
        #expect(send(&s, .ticked(nowMs: 11_000, stamp: 7)) == [.refresh], "idle times move once a second")
        #expect(send(&s, .ticked(nowMs: 9_000, stamp: 7)) == [.refresh], "the source's clock went back")
    }

    func load(from s: AppState, streams: [StreamSummary], now: UInt64 = 5_000, error: String? = nil) -> ScreenLoadResult {
        var loaded = s
        loaded.streams = streams
        return ScreenLoadResult(state: loaded, error: error, nowMs: now, stamp: 3, health: "rtt 80 µs",
                                view: ScreenLoad.ViewKey(s), statusBefore: s.status)
    }

    @Test("a load made for the view on screen is installed; one made before the user moved is dropped and the screen reloaded")
    func staleLoadDropped() {
        var s = ReducerTests.state()
        let grown = [StreamSummary(key: orders, length: 9, firstID: nil, lastID: nil, groups: 2, pending: 3, memory: nil)]
        let r = load(from: s, streams: grown)
        #expect(send(&s, .loaded(r)).isEmpty)
        #expect(s.streams.first?.length == 9 && s.sourceHealth == "rtt 80 µs" && s.nowMs == 5_000)

        var moved = ReducerTests.state()
        let stale = load(from: moved, streams: grown)
        moved.selectedGroup = "shipping"
        #expect(send(&moved, .loaded(stale)) == [.refresh])
        #expect(moved.streams.first?.length == 3, "the stale load was not installed")
    }

    @Test("a failed load shows its error; the next good load clears it")
    func failedLoadRecovers() {
        var s = ReducerTests.state()
        _ = send(&s, .loaded(load(from: s, streams: s.streams, error: "connection reset")))
        #expect(s.status == "connection reset" && s.statusIsError)
        _ = send(&s, .loaded(load(from: s, streams: s.streams, now: 6_000)))
        #expect(s.status == nil && !s.statusIsError)
    }

    @Test("rates are each stream's growth per second between loads a second or more apart")
    func ratesSampled() {
        var s = ReducerTests.state()
        func grow(to n: Int, at now: UInt64) {
            let streams = [StreamSummary(key: orders, length: n, firstID: nil, lastID: nil, groups: 2, pending: 3, memory: nil)]
            _ = send(&s, .loaded(load(from: s, streams: streams, now: now)))
        }
        grow(to: 10, at: 1_000)
        grow(to: 30, at: 3_000)
        grow(to: 99, at: 3_500)   // within the second: not sampled
        grow(to: 110, at: 4_000)
        #expect(s.rates[orders] == [0, 10, 80])
    }

    @Test("a scroll result moves the window only if the user is still where it was read; at the edge it says so")
    func scrolled() {
        var s = ReducerTests.state()
        let more = (4...5).map { EntryRow(id: StreamID(ms: UInt64($0), seq: 0), pairs: []) }
        #expect(send(&s, .scrolled(by: 1, stream: orders, firstShown: StreamID(ms: 1, seq: 0), rows: more)) == [.refresh])
        #expect(s.windowStart != nil && s.selectedEntry == StreamID(ms: 5, seq: 0))

        var elsewhere = ReducerTests.state()
        #expect(send(&elsewhere, .scrolled(by: 1, stream: Array("payments".utf8), firstShown: StreamID(ms: 1, seq: 0), rows: more)).isEmpty)
        #expect(elsewhere.windowStart == nil)

        var edge = ReducerTests.state()
        _ = send(&edge, .scrolled(by: -1, stream: orders, firstShown: StreamID(ms: 1, seq: 0), rows: []))
        #expect(edge.status == "at the head of the stream")
    }

    @Test("a prompt reply of several lines opens a text view titled with the line typed; one line is the status")
    func answered() {
        var s = ReducerTests.state()
        _ = send(&s, .answered(line: "xlen orders", args: Args.of("xlen", "orders"), .success(.integer(3))))
        #expect(s.status == "(integer) 3" && s.modal == nil)
        _ = send(&s, .answered(line: "xrange orders - +", args: Args.of("xrange", "orders", "-", "+"),
                               .success(.array([.bulkString(Array("1-0".utf8)), .bulkString(Array("2-0".utf8))]))))
        guard case .text(let title, let lines, _) = s.modal else { Issue.record("no text view"); return }
        #expect(title == "xrange orders - +" && lines.count == 2)
        #expect(s.commandLog == ["xlen orders", "xrange orders - +"])
    }

    @Test("a trim's preview is pure: the facts read decide the question, group by group")
    func trimOutcome() throws {
        let stream = StreamSummary(key: orders, length: 100, firstID: nil, lastID: nil, groups: 2, pending: 3, memory: nil)
        let request = try TrimPlan.parse(["MAXLEN", "40"]).get()
        var facts = TrimPlan.Facts(cutoff: StreamID(ms: 60, seq: 0))
        facts.losses = [TrimPlan.Loss(group: "billing", pending: 4, undelivered: nil),
                        TrimPlan.Loss(group: "shipping", pending: nil, undelivered: 12),
                        TrimPlan.Loss(group: "ledger", pending: nil, undelivered: 0)]
        guard case .confirm(let c) = TrimPlan.outcome(request, stream: stream, facts: facts, utc: true, limit: 10_000) else {
            Issue.record("no confirmation"); return
        }
        #expect(c.commands == [Args.of("XTRIM", "orders", "MAXLEN", "40")])
        #expect(c.question.contains("  group 'billing' loses 4 pending entries"))
        #expect(c.question.contains("  group 'shipping' loses 12 not yet delivered entries"))
        #expect(!c.question.contains { $0.contains("ledger") }, "a group that loses nothing is not named")
        guard case .nothing = TrimPlan.outcome(request, stream: stream, facts: TrimPlan.Facts(), utc: true, limit: 10_000) else {
            Issue.record("a trim that cuts nothing asks nothing"); return
        }
    }

    @Test("a dead-letter batch is pure: an XADD with the entry's fields and an XACK per entry; a vanished entry is only acknowledged")
    func deadLetterConfirmation() {
        let ids = [StreamID(ms: 1, seq: 0), StreamID(ms: 2, seq: 0)]
        let rows: [EntryRow?] = [EntryRow(id: ids[0], pairs: [(Array("item".utf8), Array("x".utf8))]), nil]
        let c = DeadLetterPlan.confirmation(ids, rows: rows, key: orders, group: "billing", suffix: ":dead", deliveries: [ids[0]: 6])
        #expect(c.atomic)
        #expect(c.commands == [
            Args.of("XADD", "orders:dead", "*", "source-id", "1-0", "source-group", "billing", "deliveries", "6", "item", "x"),
            Args.of("XACK", "orders", "billing", "1-0"),
            Args.of("XACK", "orders", "billing", "2-0"),
        ])
        #expect(c.question.last == "1 of them were deleted from the stream: they are only acknowledged.")
    }
}
