import Explorer
import Testing
import TerminalUI

/// The configuration file: what it sets, what it refuses (naming the line), and the
/// key overrides and theme as the explorer then behaves and draws.
@Suite("Configuration file")
struct ConfigTests {
    static let example = """
        # StreamScope
        theme = "high-contrast"

        [thresholds]
        stuck_idle = "45s"
        poison_deliveries = 3
        health_window = "1m"
        dead_letter_suffix = ":dlq"

        [keys]
        export = "E"
        trends = ["W", "f5"]

        [contexts.prod]
        url = "rediss://cache.internal:6380"
        tls_ca = "/etc/streamscope/ca.crt"
        read_only = true

        [contexts.local]
        url = "redis://127.0.0.1:6379"
        """

    @Test("every setting is read: thresholds, theme, key overrides, named connections")
    func readsEverything() throws {
        let c = try ExplorerConfig.parse(Self.example)
        #expect(c.theme == .highContrast)
        #expect(c.stuckIdleMs == 45_000 && c.poisonDeliveries == 3 && c.healthWindowMs == 60_000 && c.deadLetterSuffix == ":dlq")
        #expect(c.keys.map(\.name) == ["export", "trends"])
        #expect(c.keys.map(\.keys) == [[.char("E")], [.char("W"), .function(5)]])
        #expect(c.contexts["prod"] == ConnectionContext(url: "rediss://cache.internal:6380", tlsCA: "/etc/streamscope/ca.crt", readOnly: true))
        #expect(c.contexts["local"]?.url == "redis://127.0.0.1:6379" && c.contexts["local"]?.readOnly == false)
        #expect(try ExplorerConfig.parse("") == ExplorerConfig())
    }

    @Test("a mistake names its line", arguments: [
        ("[thresholds]\nstuck_idle = \"45s\nx = 1", 2),                     // an unclosed string: TOML's own error
        ("theme = \"dark\"", 1),
        ("\n\n[thresholds]\nstuck_idle = \"soon\"", 4),
        ("[thresholds]\npoison_deliveries = 0", 2),
        ("[thresholds]\n\nhealth_window = \"10ms\"", 3),
        ("[thresholds]\nstuck = \"1s\"", 2),
        ("colour = 1", 1),
        ("[keys]\nexport = \"banana\"", 2),
        ("[contexts.prod]\nread_only = true", 1),
        ("[contexts.prod]\nurl = \"redis://x\"\nread_only = \"yes\"", 3),
    ])
    func namesTheLine(_ text: String, _ line: Int) {
        #expect(throws: ConfigError.self) { try ExplorerConfig.parse(text) }
        do { _ = try ExplorerConfig.parse(text) } catch { #expect(error.line == line, "\(error)") }
    }

    @Test("no prefix of a valid file crashes the parser: each parses or says what is wrong")
    func truncationsNeverCrash() {
        var failures = 0
        for n in 0...Self.example.count {
            do { _ = try ExplorerConfig.parse(String(Self.example.prefix(n))) } catch {
                failures += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 0)
    }

    @Test("key overrides replace a binding's keys everywhere it works; a taken key or an unknown name is refused")
    func keyOverrides() throws {
        let c = try ExplorerConfig.parse(Self.example)
        let keyMap = try KeyMap(layout: .standard, readOnly: false).overriding(c.keys)
        let h = Harness()
        let app = ExplorerApp(source: h.source, keyMap: keyMap)
        app.resize(width: 120, height: 40)
        app.handle(.char("2"))
        app.handle(.char("e"))
        #expect(app.state.modal == nil)
        app.handle(.char("E"))
        guard case .input(let purpose, _)? = app.state.modal else { Issue.record("E did not open the export form"); return }
        #expect(purpose == .exportEntries)
        app.handle(.escape)
        app.handle(.char("3"))
        app.handle(.function(5))
        #expect(app.state.groupTrends)
        #expect(keyMap.bindings.first { $0.name == "export" }?.keyLabel == "E")
        // j is "down" everywhere; "bogus" names nothing.
        #expect(throws: ConfigError.self) { try KeyMap(layout: .standard, readOnly: false).overriding([("quit", [.char("j")], 3)]) }
        do { _ = try KeyMap(layout: .standard, readOnly: false).overriding([("quit", [.char("j")], 3)]) } catch {
            #expect(error == ConfigError(line: 3, message: "keys.quit: j is already down"))
        }
        do { _ = try KeyMap(layout: .standard, readOnly: false).overriding([("bogus", [.char("Z")], 7)]) } catch {
            #expect(error.line == 7 && error.message.hasPrefix("keys.bogus: no binding has that name; the names are ") && error.message.contains("export"))
        }
    }

    @Test("the high-contrast theme draws no dim or grey text, bright colours in bold, and a black title bar")
    func highContrast() {
        let h = Harness()
        h.app.theme = .highContrast
        let buf = h.app.render()
        var cells = 0
        for y in 0..<buf.height {
            for x in 0..<buf.width {
                let s = buf[x, y].style
                #expect(!s.dim && s.fg != .gray && s.bg != .blue && s.bg != .cyan, "cell \(x),\(y)")
                if case .indexed(let i) = s.fg, (9...14).contains(i) { cells += 1; #expect(s.bold) }
            }
        }
        #expect(cells > 0)
        #expect(buf[0, 0].style.bg == .black && buf[0, 0].style.fg == .indexed(15))
        h.app.theme = .standard
        #expect(h.app.render()[0, 0].style.bg == .blue)
    }
}
