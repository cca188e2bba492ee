import Foundation
import StreamCommands
import Testing
import TestSupport

/// The command line of the built binary: version, generated help, refused values and
/// completion scripts. Nothing here starts the explorer on a terminal or a server that
/// stays up: standard input is /dev/null, so an explorer that a broken parser let
/// through stops at once ("needs a terminal"), and a server gets an unusable --data.
@Suite("Command line")
struct CommandLineTests {
    /// `streamscope ARGS` with the output and errors together.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try spawnAndWait([streamscopeBinary] + arguments, captureOutput: true)
    }

    /// ArgumentParser's exit status for a usage error (EX_USAGE).
    static let usageError: Int32 = 64

    @Test("--version prints the version the server reports")
    func version() throws {
        let (status, output) = try run(["--version"])
        #expect(status == 0)
        #expect(output == ServerInfo.version + "\n")
    }

    @Test("--help of the root names every subcommand and how to see their options")
    func rootHelp() throws {
        let (status, output) = try run(["--help"])
        #expect(status == 0)
        for word in ["explore", "serve", "prompt", "check", "(default)", "--version", "streamscope help <subcommand>"] {
            #expect(output.contains(word), "\(word) missing from:\n\(output)")
        }
    }

    @Test("--help of each subcommand lists its options", arguments: [
        (["explore", "--help"], ["--data", "--memory", "--appendfsync", "--redis", "--tls-ca", "--tls-cert", "--tls-key",
                                 "--tls-insecure", "--read-only", "--no-demo", "--listen", "--stuck-idle",
                                 "--poison-deliveries", "--dead-letter-suffix", "REDISCLI_AUTH"]),
        (["serve", "--help"], ["--bind", "--port", "--memory", "--data", "--appendfsync", "--requirepass", "--log-level",
                               "(default: 6379)", "(default: 127.0.0.1)", "--redis-version", "default: 8)"]),
        (["prompt", "--help"], ["--demo", "--empty", "--data", "--appendfsync", "--redis-version"]),
        (["check", "--help"], ["<dir>", "--repair"]),
        (["help", "serve"], ["--bind", "--port", "--requirepass"]),
    ])
    func subcommandHelp(_ arguments: [String], _ expected: [String]) throws {
        let (status, output) = try run(arguments)
        #expect(status == 0)
        for option in expected {
            #expect(output.contains(option), "\(option) missing from `\(arguments.joined(separator: " "))`:\n\(output)")
        }
    }

    @Test("a bad value is a usage error that names the option", arguments: [
        (["--stuck-idle", "banana"], "--stuck-idle"),
        (["--poison-deliveries", "0"], "--poison-deliveries"),
        (["--dead-letter-suffix", ""], "--dead-letter-suffix"),
        (["--appendfsync", "sometimes"], "--appendfsync"),
        (["--listen", "seven"], "--listen"),
        (["--listen", "10.1.2.3:7000"], "--listen binds loopback addresses only"),
        (["--redis", "redis://127.0.0.1:1", "--listen", "7000"], "cannot be combined with --redis"),
        (["--no-such-option"], "--no-such-option"),
        (["explore", "--data"], "--data"),
        (["serve", "--data", "/dev/null/store", "--port", "notanumber"], "--port"),
        (["serve", "--data", "/dev/null/store", "--port", "70000"], "--port wants a number from 0 to 65535"),
        (["serve", "--data", "/dev/null/store", "--log-level", "loud"], "--log-level"),
        (["serve", "--data", "/dev/null/store", "--bind", "0.0.0.0"], "--requirepass"),
        (["prompt", "--appendfsync", "sometimes"], "--appendfsync"),
        (["serve", "--redis-version", "6.2"], "--redis-version"),
        (["--redis-version", "9"], "--redis-version"),
        (["check"], "<dir>"),
    ])
    func badValue(_ arguments: [String], _ named: String) throws {
        let (status, output) = try run(arguments)
        #expect(status == Self.usageError, "\(arguments): \(output)")
        #expect(output.contains(named), "\(arguments): \(output)")
    }

    @Test("check on a missing directory or on a file says so, not that another process holds it")
    func checkOnWhatIsNotADirectory() throws {
        let file = NSTemporaryDirectory() + "streamscope-check-\(getpid()).txt"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (path, expected) in [("/nonexistent/streamscope-dir", "does not exist"), (file, "is not a data directory")] {
            let (status, output) = try run(["check", path])
            #expect(status != 0)
            #expect(output.contains(expected) && !output.contains("in use"), "check \(path): \(output)")
        }
    }

    @Test("no subcommand runs the explorer, which needs a terminal")
    func defaultSubcommand() throws {
        let (status, output) = try run(["--memory", "--no-demo"])
        #expect(status == 2)
        #expect(output.contains("the explorer needs a terminal"), "\(output)")
    }

    @Test("completion scripts for bash, zsh and fish know the subcommands and their options",
          arguments: ["bash", "zsh", "fish"])
    func completionScript(_ shell: String) throws {
        let (status, script) = try run(["--generate-completion-script", shell])
        #expect(status == 0)
        // Long options without their dashes: fish's `complete -l` spells them so.
        for word in ["explore", "serve", "prompt", "check", "stuck-idle", "requirepass", "repair", "everysec"] {
            #expect(script.contains(word), "\(shell) script lacks \(word)")
        }
    }
}
