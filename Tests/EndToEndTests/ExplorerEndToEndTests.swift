import Foundation
import RESP
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The binary as a person uses it, in a real terminal (tmux).
@Suite("Explorer end to end in tmux", .serialized)
struct ExplorerEndToEndTests {
    @Test("browse, claim, acknowledge, append, jump, resize, quit: the terminal comes back")
    func newcomerSession() throws {
        let t = try TmuxSession()
        t.waitFor("DEMO running")
        t.waitFor("orders")
        // Pending entries of billing: worker-2 holds a batch it will never finish.
        try t.press("4")
        t.waitFor("4 Pending of billing")
        t.waitFor("worker-2")
        try t.press("c")
        t.waitFor("claim to consumer")
        try t.type("rescuer")
        try t.press("Enter")
        t.waitFor("claimed 1 to rescuer")
        t.waitFor("XCLAIM orders billing rescuer 0")
        // Acknowledge the row under the cursor, after confirming.
        try t.press("x")
        t.waitFor("Acknowledge 1 pending entry")
        try t.press("y")
        t.waitFor("acknowledged 1")
        // Append an entry and watch it arrive in the entries pane.
        try t.press("a")
        t.waitFor("Append to orders")
        try t.type("item=e2e-zebra qty=7")
        try t.press("Enter")
        try t.press("2")
        t.waitFor("e2e-zebra")
        // Jump ten minutes back in time.
        try t.press("g")
        try t.type("-10m")
        try t.press("Enter")
        t.waitFor("jumped to")
        t.waitFor("paused (f follows)")
        // Help, then a projector's terminal: the tab strip, the entries pane alone.
        try t.press("?")
        t.waitFor("Keys (esc closes, / finds)")
        try t.press("Escape")
        try t.resize(width: 80, height: 24)
        t.waitFor("[2 Entries]")
        t.waitFor("2 Entries of orders")
        try t.press("4")
        t.waitFor("[4 Pending]")
        t.waitFor("3 Groups")
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }

    @Test("SIGTERM and SIGHUP end the explorer through its normal exit, with 143 and 129: the terminal comes back",
          arguments: [(SIGTERM, "143"), (SIGHUP, "129")])
    func signals(_ signal: Int32, _ status: String) throws {
        let t = try TmuxSession(arguments: ["--no-demo"])
        t.waitFor("no streams yet")
        guard let pid = try t.appPID() else {
            Issue.record("no streamscope process under the pane")
            return
        }
        kill(pid, signal)
        t.waitFor("EXIT=\(status)")
        t.expectTerminalRestored()
    }

    @Test("on a real Redis: claim and acknowledge through the keys, then check with the server")
    func onRedis() throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        for i in 0..<6 { _ = try redis.main.command(["XADD", "jobs", "\(1_700_000_000_000 + i * 1000)-0", "task", "t\(i)"]) }
        _ = try redis.main.command(["XGROUP", "CREATE", "jobs", "workers", "0"])
        _ = try redis.main.command(["XREADGROUP", "GROUP", "workers", "crashed", "COUNT", "3", "STREAMS", "jobs", ">"])
        let t = try TmuxSession(arguments: ["--redis", "redis://127.0.0.1:\(redis.port)"])
        t.waitFor("redis://127.0.0.1:\(redis.port)")
        t.waitFor("jobs")
        try t.press("4")
        t.waitFor("crashed")
        try t.press("c")
        try t.type("rescuer")
        try t.press("Enter")
        t.waitFor("claimed 1 to rescuer")
        try t.press("j", "x")
        t.waitFor("Acknowledge 1 pending entry")
        try t.press("y")
        t.waitFor("acknowledged 1")
        // What the server says now: one entry moved to rescuer, one acknowledged, one left.
        let summary = RESPEncoder.encode(try redis.main.command(["XPENDING", "jobs", "workers"]))
        #expect(summary.starts(with: Array("*4\r\n:2\r\n".utf8)), "\(String(decoding: summary, as: UTF8.self))")
        let owners = String(decoding: RESPEncoder.encode(try redis.main.command(["XPENDING", "jobs", "workers", "-", "+", "10"])), as: UTF8.self)
        #expect(owners.contains("rescuer") && owners.contains("crashed"))
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }

    @Test("--listen: a Redis client's entries appear live, and the explorer's append wakes a blocked reader")
    func listen() throws {
        let port = try #require(freeLoopbackPort())
        let t = try TmuxSession(arguments: ["--memory", "--no-demo", "--listen", String(port)])
        t.waitFor("serving on 127.0.0.1:\(port)")
        let producer = try RedisConnection(port: port)
        defer { producer.close() }
        _ = try producer.command(["XADD", "outside", "*", "source", "redis-client"])
        t.waitFor("redis-client")
        // A reader blocks for the next entry; the explorer appends it.
        let reader = try RedisConnection(port: port)
        defer { reader.close() }
        try reader.sendCommand(["XREAD", "BLOCK", "10000", "STREAMS", "outside", "$"].map { Array($0.utf8) })
        // The append must come after the server parked the reader: wait for that.
        var parked = false
        for _ in 0..<200 where !parked {
            parked = try String(decoding: producer.rawCommand(["INFO", "clients"]), as: UTF8.self).contains("blocked_clients:1")
            if !parked { usleep(25_000) }
        }
        #expect(parked, "the reader never blocked")
        try t.press("a")
        t.waitFor("Append to outside")
        try t.type("source=explorer")
        try t.press("Enter")
        let woken = try #require(try reader.readRaw(timeoutMs: 10_000))
        #expect(String(decoding: woken, as: UTF8.self).contains("explorer"))
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }

    @Test("read-only shows its badge and refuses writes")
    func readOnly() throws {
        let t = try TmuxSession(arguments: ["--read-only"])
        t.waitFor("READ-ONLY")
        try t.press(":")
        try t.type("XADD orders * a b")
        try t.press("Enter")
        t.waitFor("read-only: XADD is not a read-only command and was not sent")
        try t.press("C-c")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }
}
