import Explorer
import RESP
import StreamCommands
import StreamEngine
import Testing
import TerminalUI

/// The pending pane's release (XNACK, Redis 8.8), offered only where the source has it:
/// the embedded engine in its newest dialect, or a server whose INFO says 8.8 or later.
@Suite("Pending entries: release (XNACK) where the source has it")
struct ReleaseTests {
    /// A Redis server made of the engine (newest dialect), reporting `version` in INFO.
    final class EngineChannel: CommandChannel {
        let server: CommandServer
        var session = CommandSession()
        let version: String
        init(clock: ManualClock, version: String) {
            server = CommandServer(clock: clock)
            server.keyspace.dialect = .redis8
            self.version = version
        }
        var lastRoundTripMs: Double? { 0.1 }
        var lastError: String? { nil }
        func cancel() {}
        func pipeline(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
            commands.map { args in
                if args.first.map({ String(decoding: $0, as: UTF8.self).uppercased() }) == "INFO" {
                    return .bulk("# Server\r\nredis_version:\(version)\r\nredis_mode:standalone\r\n")
                }
                return server.execute(args, session: &session)
            }
        }
    }

    @Test("R releases the marked rows as the mode typed: XNACK logged, rows ownerless, the group counts them")
    func releaseOnTheEngine() {
        let h = Harness(dialect: .redis8)
        #expect(h.app.state.features == .all)
        h.press(.char("4"), .char(" "), .char(" "), .char("R"))
        guard case .input(.release, _)? = h.app.state.modal else { Issue.record("no release prompt"); return }
        let ids = h.app.state.pending.prefix(2).map(\.id)
        h.type("fail")
        h.press(.enter)
        #expect(h.app.state.commandLog.last == "XNACK orders billing FAIL IDS 2 \(ids[0]) \(ids[1])")
        #expect(h.app.state.pending.filter(\.isReleased).map(\.id) == ids)
        #expect(h.screenContains("(released)"))
        #expect(h.app.state.groups.first { $0.name == "billing" }?.released == 2)
        #expect(h.screenContains("4 (2 nack)"))
        // A claim takes them back to a consumer.
        h.press(.home, .char(" "), .char("c"))
        h.type("rescuer")
        h.press(.enter)
        #expect(h.app.state.pending.first { $0.id == ids[0] }?.consumer == "rescuer")
    }

    @Test("release offers the three modes for Tab completion and refuses any other word")
    func modes() {
        let h = Harness(dialect: .redis8)
        h.press(.char("4"), .char("R"), .char("s"), .tab)
        guard case .input(.release, let line)? = h.app.state.modal else { Issue.record("no release prompt"); return }
        #expect(line.value == "silent")
        h.press(.escape, .char("R"))
        h.type("maybe")
        h.press(.enter)
        #expect(h.app.state.status == "release as silent, fail or fatal")
        #expect(h.app.state.pending.allSatisfy { !$0.isReleased })
    }

    @Test("where the source has no XNACK, R says which Redis added it and which the source is; the help says it too")
    func refusedOnOlderDialects() {
        for (dialect, version) in [(RedisDialect.redis8_0, "8.0.2"), (.redis7_0, "7.0.15")] {
            let h = Harness(dialect: dialect)
            h.press(.char("4"), .char("R"))
            #expect(h.app.state.modal == nil)
            #expect(h.app.state.status == "release needs XNACK (Redis 8.8); this source answers as Redis \(version)")
            #expect(h.app.state.groups.first { $0.name == "billing" }?.released == nil)
        }
        let h = Harness()
        h.press(.char("?"))
        #expect(h.screenContains("(XNACK, Redis 8.8+)"))
        #expect(h.screenContains("source: Redis 7.0.15"))
    }

    @Test("a Redis source reads the version from INFO: 8.8 offers release and counts it, 8.6 does not")
    func redisSourceFollowsItsVersion() throws {
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        for (version, offered) in [("8.8.0", true), ("8.6.2", false)] {
            let channel = EngineChannel(clock: clock, version: version)
            var session = CommandSession()
            for cmd in Harness.stuckOrders where cmd != ["ADVANCE"] {
                _ = channel.server.execute(cmd.map { Array($0.utf8) }, session: &session)
            }
            let source = RedisSource(channel: channel, label: "redis \(version)")
            #expect(source.redisVersion == version)
            #expect(source.features.contains(.release) == offered)
            let app = ExplorerApp(source: source)
            app.resize(width: 120, height: 40)
            for k: Key in [.char("4"), .char(" "), .char("R")] { app.handle(k) }
            if offered {
                for c in "fatal" { app.handle(.char(c)) }
                app.handle(.enter)
                #expect(app.state.commandLog.last?.hasPrefix("XNACK orders billing FATAL IDS 1 ") == true)
                #expect(app.state.pending.first?.isReleased == true)
                #expect(app.state.groups.first { $0.name == "billing" }?.released == 1)
            } else {
                #expect(app.state.modal == nil)
                #expect(app.state.status?.contains("this source answers as Redis 8.6.2") == true)
            }
        }
    }

    @Test("features follow the version a server reports")
    func featuresFromVersions() {
        #expect(RedisFeatures(redisVersion: "7.0.15") == [])
        #expect(RedisFeatures(redisVersion: "8.0.2") == [])
        #expect(RedisFeatures(redisVersion: "8.2.1") == [.referencePolicies])
        #expect(RedisFeatures(redisVersion: "8.8.0") == [.referencePolicies, .claimOnRead, .idempotency, .release])
        #expect(RedisFeatures(redisVersion: "8.10.0") == .all)
        #expect(RedisFeatures(redisVersion: "9.0.0") == .all)
        #expect(RedisFeatures(redisVersion: "unknown") == [])
    }
}
