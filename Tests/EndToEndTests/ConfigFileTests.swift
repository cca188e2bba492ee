import Foundation
import Testing
import TestSupport

/// The configuration file from the built binary: a mistake stops it with the file's name
/// and the line, a named context is found (or the known ones are listed). Standard input
/// is /dev/null, so an explorer that got past the configuration stops at "needs a
/// terminal".
@Suite("Configuration file on the command line")
struct ConfigFileTests {
    func withFile(_ text: String, _ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "streamscope-config-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        try body(path)
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try spawnAndWait([streamscopeBinary] + arguments, captureOutput: true)
    }

    @Test("a bad file is named with its line and stops the explorer before it starts (status 2)", arguments: [
        ("[thresholds]\nstuck_idle = 30\n", "line 2: thresholds.stuck_idle is a duration"),
        ("theme = \"default\"\n[keys]\nquit = \"j\"\n", "line 3: keys.quit: j is already down"),
        ("[contexts.prod]\nurl = \"redis://x\"\nread_only = maybe\n", "line 3"),
    ])
    func badFile(_ text: String, _ message: String) throws {
        try withFile(text) { path in
            let (status, output) = try run(["--config", path, "--memory"])
            #expect(status == 2)
            #expect(output.contains("streamscope: \(path): \(message)"), "\(output)")
        }
    }

    @Test("--context finds a saved connection, and an unknown one lists those there are; XDG_CONFIG_HOME is where the file is looked for")
    func contexts() throws {
        let text = "[contexts.prod]\nurl = \"redis://127.0.0.1:1\"\nread_only = true\n[contexts.local]\nurl = \"redis://127.0.0.1:2\"\n"
        try withFile(text) { path in
            let unknown = try run(["--config", path, "--context", "staging"])
            #expect(unknown.status == 64)
            #expect(unknown.output.contains("no context 'staging' in the configuration file; it has local, prod"), "\(unknown.output)")
            let known = try run(["--config", path, "--context", "prod"])
            #expect(known.status == 2 && known.output.contains("needs a terminal"), "\(known.output)")
            let both = try run(["--config", path, "--context", "prod", "--redis", "redis://localhost"])
            #expect(both.status == 64 && both.output.contains("cannot be combined with --redis"), "\(both.output)")
        }
        let home = NSTemporaryDirectory() + "streamscope-xdg-\(getpid())"
        try FileManager.default.createDirectory(atPath: home + "/streamscope", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "theme = \"neon\"\n".write(toFile: home + "/streamscope/config.toml", atomically: true, encoding: .utf8)
        let (status, output) = try spawnAndWait(["/usr/bin/env", "XDG_CONFIG_HOME=\(home)", streamscopeBinary, "--memory"], captureOutput: true)
        #expect(status == 2 && output.contains("\(home)/streamscope/config.toml: line 1: theme is \"default\" or \"high-contrast\""), "\(output)")
    }
}
