import Explorer
import RESP
import StreamEngine
import StreamNetwork
import Testing
import TestSupport
import TerminalUI

/// The `:` prompt on a server runs on a connection of its own: a typed MULTI queues the
/// typed commands only, never the panes' reads, and EXEC runs them, as in redis-cli.
@Suite("The prompt's own connection on redis-server", .serialized)
struct PromptConnectionTests {
    final class Session {
        let redis: RedisOracle
        let app: ExplorerApp
        init(ownConnection: Bool = true) throws {
            redis = try RedisOracle()
            for i in 0..<5 { _ = try redis.main.rawCommand(["XADD", "orders", "\(i + 1)-0", "item", "i\(i)"]) }
            let url = RedisURL(port: redis.port)
            let source = RedisSource(channel: RedisClient(url: url), label: "redis",
                                     promptChannel: ownConnection ? RedisClient(url: url) : nil)
            app = ExplorerApp(source: source)
            app.resize(width: 120, height: 40)
        }
        deinit { redis.stop() }

        func prompt(_ line: String) {
            app.handle(.char(":"))
            for c in line { app.handle(.char(c)) }
            app.handle(.enter)
        }
        func length() throws -> RESPValue { try redis.main.command(["XLEN", "orders"]) }
    }

    @Test("MULTI typed at the prompt queues only typed commands: the panes keep refreshing, EXEC runs the queue")
    func multiAtThePrompt() throws {
        let s = try Session()
        s.prompt("MULTI")
        #expect(s.app.state.status == "OK")
        s.app.refresh()
        #expect(s.app.state.streams.first?.length == 5, "the panes' reads were answered, not queued")
        #expect(s.app.state.entries.count == 5)
        s.prompt("XADD orders 6-0 item i5")
        #expect(s.app.state.status == "QUEUED")
        #expect(try s.length() == .integer(5), "queued, not run")
        s.prompt("EXEC")
        #expect(try s.length() == .integer(6))
        s.app.refresh()
        #expect(s.app.state.streams.first?.length == 6)
    }

    @Test("on one shared connection the same MULTI would swallow the panes' reads (what the own connection prevents)")
    func sharedConnectionBreaks() throws {
        let s = try Session(ownConnection: false)
        s.prompt("MULTI")
        s.app.refresh()
        #expect(s.app.state.statusIsError, "the panes' reads were queued by the typed MULTI: \(s.app.state.status ?? "")")
        s.prompt("DISCARD")
    }

    @Test("SUBSCRIBE and MONITOR are refused with a reason; the prompt's connection stays usable")
    func takeoversRefused() throws {
        let s = try Session()
        for line in ["SUBSCRIBE news", "monitor", "PSUBSCRIBE n*"] {
            s.prompt(line)
            #expect(s.app.state.statusIsError && s.app.state.status?.contains("use redis-cli") == true, "\(line)")
        }
        s.prompt("PING")
        #expect(s.app.state.status == "PONG")
    }
}
