import Explorer
import RESP
import StreamEngine
import Testing
import TerminalUI

@Suite("Browsing streams, entries and time")
struct BrowsingTests {
    @Test("the first stream is selected and its tail shown, following")
    func opensOnTail() {
        let h = Harness()
        #expect(h.app.state.selectedStream == Array("orders".utf8))
        #expect(h.app.state.follow)
        #expect(h.app.state.entries.last?.id == StreamID(ms: 1_799_999_949_000, seq: 0))
        #expect(h.screenContains("item9"))
    }

    @Test("appended entries arrive at the tail; the append is logged as XADD")
    func appendArrives() {
        let h = Harness()
        h.press(.char("a"))
        h.type("item=zebra qty=9")
        h.press(.enter)
        #expect(h.app.state.entries.last?.pairs.first.map { String(decoding: $0.1, as: UTF8.self) } == "zebra")
        #expect(h.app.state.commandLog.last == "XADD orders * item zebra qty 9")
        _ = h.reply("XADD", "orders", "*", "item", "live", "qty", "1")
        h.app.tick()
        #expect(h.screenContains("live"))
    }

    @Test("a malformed append keeps the form open with an error")
    func appendError() {
        let h = Harness()
        h.press(.char("a"))
        h.type("novalue")
        h.press(.enter)
        #expect(h.app.state.statusIsError)
        if case .append? = h.app.state.modal {} else { Issue.record("form closed") }
    }

    @Test("forms read words by redis-cli's quoting rule, as the prompt does; the log pastes back to the same bytes")
    func formQuoting() throws {
        let h = Harness()
        h.press(.char("a"))
        h.type(#"esc="a\"b" item='big lamp' raw="k\xff\t" plain=x"#)
        h.press(.enter)
        let pairs = try #require(h.app.state.entries.last?.pairs)
        #expect(pairs.map(\.0) == [Array("esc".utf8), Array("item".utf8), Array("raw".utf8), Array("plain".utf8)])
        #expect(pairs.map(\.1) == [Array("a\"b".utf8), Array("big lamp".utf8), [UInt8(ascii: "k"), 0xFF, 9], Array("x".utf8)])
        // The log line, read back by the same rule, is the command that ran.
        let logged = try #require(h.app.state.commandLog.last)
        guard case .command(let args) = PromptLine.parse(logged) else {
            Issue.record("the log line does not parse: \(logged)")
            return
        }
        #expect(args.count == 11 && Array(args.suffix(8)) == pairs.flatMap { [$0.0, $0.1] })
        // An unclosed quote is an error, not swallowed text; nothing is added.
        let before = h.app.state.entries.count
        h.press(.char("a"))
        h.type(#"item="oops"#)
        h.press(.enter)
        #expect(h.app.state.statusIsError && h.app.state.status?.contains("unbalanced") == true, "\(h.app.state.status ?? "")")
        if case .append? = h.app.state.modal {} else { Issue.record("form closed") }
        #expect(h.app.state.entries.count == before)
    }

    @Test("following keeps a selection the user made while entries arrive")
    func followKeepsSelection() {
        let h = Harness(height: 40)
        h.press(.char("2"), .char("k"), .char("k"))
        let chosen = h.app.state.selectedEntry!
        for i in 0..<3 { _ = h.reply("XADD", "orders", "*", "item", "new\(i)", "qty", "1") }
        h.app.tick()
        #expect(h.app.state.selectedEntry == chosen)
    }

    @Test("jump takes an ID, an ISO time or a relative time and pauses following")
    func jump() {
        let h = Harness()
        h.press(.char("2"), .char("g"))
        h.type("1799999945000")
        h.press(.enter)
        #expect(!h.app.state.follow)
        #expect(h.app.state.entries.first?.id == StreamID(ms: 1_799_999_945_000, seq: 0))
        h.press(.char("t"), .char("g"))  // UTC, so the ISO time below means the same everywhere
        h.type("2027-01-15T07:59:07Z")
        h.press(.enter)
        #expect(h.app.state.entries.first?.id == StreamID(ms: 1_799_999_947_000, seq: 0))
        h.press(.char("g"))
        h.type("-2m")
        h.press(.enter)
        #expect(h.app.state.entries.first?.id == StreamID(ms: 1_799_999_940_000, seq: 0))
        h.press(.char("f"))
        #expect(h.app.state.follow)
    }

    @Test("paging and moving past the window's edge scroll through the stream")
    func scrolling() {
        // Forty entries a second apart, more than the window holds.
        let h = Harness(height: 30, setup: (0..<40).map { i in ["XADD", "orders", "\(1_799_999_940_000 + UInt64(i) * 1000)-0", "n", "\(i)"] })
        h.press(.char("2"), .home)
        #expect(h.app.state.entries.first?.id == StreamID(ms: 1_799_999_940_000, seq: 0))
        let rows = h.app.state.entries.count
        #expect(rows > 0 && rows < 40, "the window shows part of the stream (\(rows) rows)")
        for _ in 0..<rows { h.press(.char("j")) }
        #expect(h.app.state.selectedEntry == StreamID(ms: 1_799_999_940_000 + UInt64(rows) * 1000, seq: 0))
        #expect(h.app.state.entries.first?.id != StreamID(ms: 1_799_999_940_000, seq: 0), "moving past the edge scrolls")
        h.press(.pageDown)
        let afterPage = h.app.state.entries.first?.id
        #expect(afterPage.map { $0 > StreamID(ms: 1_799_999_940_000 + UInt64(rows) * 1000, seq: 0) } == true, "a page down moves a window's worth")
    }

    @Test("the scrubber steps through time and the entries follow its cursor")
    func scrubber() {
        let h = Harness()
        h.press(.char("2"), .char("["))
        let start = h.app.state.scrubber.cursorMs!
        h.press(.char("["), .char("["))
        let earlier = h.app.state.scrubber.cursorMs!
        #expect(earlier < start)
        #expect(h.app.state.entries.first.map { $0.id.ms + 1000 >= earlier } ?? false)
        h.press(.char("m"), .char("]"), .char("]"), .char("]"))
        #expect(h.app.state.markedCount != nil)
        h.press(.char("}"))
        #expect(h.app.state.scrubber.window != nil)
    }

    @Test("the filter narrows entries to those with a matching field or value")
    func entryFilter() {
        let h = Harness()
        h.press(.char("2"), .char("/"))
        h.type("item7")
        h.press(.enter)
        #expect(h.app.state.entries.map(\.id) == [StreamID(ms: 1_799_999_947_000, seq: 0)])
    }

    @Test("trimming first lists the groups whose entries it would delete")
    func trimWarns() {
        let h = Harness()
        h.press(.char("T"))
        h.type("3")
        h.press(.enter)
        guard case .confirm(let c)? = h.app.state.modal else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.question.contains { $0.contains("group 'billing' loses 4 pending and 3 not yet delivered entries") })
        h.press(.char("y"))
        #expect(h.reply("XLEN", "orders") == .integer(3))
    }

    @Test("trimming a long stream reads at most the preview limit, from whichever end is nearer")
    func trimPreviewBounded() {
        let long = (0..<21_000).map { ["XADD", "big", "\($0 + 1)-0", "f", "v"] } + [["XGROUP", "CREATE", "big", "g", "0"]]
        let h = Harness(setup: long)
        h.press(.char("T"))
        h.type("20990")   // ten go: read from the head
        h.press(.enter)
        guard case .confirm(let near)? = h.app.state.modal else { Issue.record("no confirmation"); return }
        #expect(near.question.contains { $0.contains("Entries up to 10-0") })
        #expect(near.question.contains { $0.contains("group 'g' loses 10 not yet delivered") })
        h.press(.escape, .char("T"))
        h.type("5")       // 20,995 go and 5 stay: read the 6 newest
        h.press(.enter)
        guard case .confirm(let far)? = h.app.state.modal else { Issue.record("no confirmation"); return }
        #expect(far.question.contains { $0.contains("Entries up to 20995-0") })
        h.press(.escape, .char("T"))
        h.type("10500")   // 10,500 either way: over the limit, so no boundary read at all
        h.press(.enter)
        guard case .confirm(let big)? = h.app.state.modal else { Issue.record("no confirmation"); return }
        #expect(big.question.contains { $0.contains("too many to check") })
    }

    @Test("the prompt runs any command and shows a multi-line reply")
    func prompt() {
        let h = Harness()
        h.press(.char(":"))
        h.type("XINFO GROUPS orders")
        h.press(.enter)
        guard case .text(_, let lines, _)? = h.app.state.modal else {
            Issue.record("no reply shown")
            return
        }
        #expect(lines.contains { $0.contains("\"billing\"") })
        #expect(h.app.state.commandLog.last == "XINFO GROUPS orders")
    }

    @Test("groups can be created and destroyed, destroying after a confirmation")
    func groups() {
        let h = Harness()
        h.press(.char("3"), .char("n"))
        h.type("audit 0")
        h.press(.enter)
        #expect(h.app.state.groups.map(\.name).contains("audit"))
        #expect(h.app.state.selectedGroup == "audit")  // a new group is selected
        h.press(.char("D"), .char("y"))
        #expect(!h.app.state.groups.map(\.name).contains("audit"))
    }

    @Test("help lists every binding; q quits")
    func helpAndQuit() {
        let h = Harness()
        h.press(.char("?"))
        let screen = h.screen.joined(separator: "\n")
        for b in h.app.keyMap.bindings { #expect(screen.contains(String(b.help.prefix(25))), "help misses \(b.help)") }
        h.press(.escape, .char("q"))
        #expect(h.app.shouldQuit)
    }
}

@Suite("Read-only mode")
struct ReadOnlyTests {
    @Test("no write binding exists and the prompt refuses write commands")
    func readOnly() {
        let h = Harness(readOnly: true)
        #expect(h.app.keyMap.bindings.allSatisfy { !$0.writes })
        h.press(.char("4"), .char("x"))
        #expect(h.app.state.modal == nil)
        h.press(.char(":"))
        h.type("XADD orders * a b")
        h.press(.enter)
        #expect(h.app.state.statusIsError)
        #expect(h.reply("XLEN", "orders") == .integer(10))
        #expect(h.screenContains("READ-ONLY"))
    }
}

/// A source that answers like a Redis 7.2 server for consumers: with `inactive`.
@Suite("Newer servers")
struct NewerServerTests {
    final class Channel72: CommandChannel {
        var lastRoundTripMs: Double? { 0.1 }
        var lastError: String? { nil }
        func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
            commands.map { c in
                let name = String(decoding: c[0], as: UTF8.self) + " " + (c.count > 1 ? String(decoding: c[1], as: UTF8.self) : "")
                switch name {
                case "XINFO CONSUMERS":
                    return .array([.array([.bulk("name"), .bulk("alice"), .bulk("pending"), .integer(2), .bulk("idle"), .integer(1500),
                                           .bulk("inactive"), .integer(90_000)])])
                default:
                    return .array([])
                }
            }
        }
    }

    @Test("Redis 7.2's inactive time is read and shown when the server sends it")
    func inactiveShown() throws {
        let source = RedisSource(channel: Channel72(), label: "redis 7.2")
        let consumers = try source.consumers(Array("s".utf8), group: "g")
        #expect(consumers == [ConsumerSummary(name: "alice", pending: 2, idleMs: 1500, inactiveMs: 90_000)])
    }
}
