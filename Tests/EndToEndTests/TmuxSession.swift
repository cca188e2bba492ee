import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `streamscope` binary in a tmux pane: keys go in with `send-keys`, the
/// screen comes out with `capture-pane`. Tests wait for text, never for time.
/// A missing tmux or binary fails the test loudly (the README's test command installs
/// tmux and builds the binary first).
final class TmuxSession {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let socket: String
    let session = "e2e"
    private static let counter = Counter()

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["STREAMSCOPE_BINARY"] { return b }
        return packageRoot.appendingPathComponent(".build/debug/streamscope").path
    }

    /// Starts `streamscope <arguments>` in a fresh tmux server; after it exits the pane
    /// prints its exit status and the terminal's mode (`stty -a`), then waits.
    init(arguments: [String] = [], width: Int = 140, height: Int = 42) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw Failure(description: "\(Self.binary) is missing: build first (`swift build --build-tests`, as scripts/test.sh does)")
        }
        socket = "streamscope-e2e-\(getpid())-\(Self.counter.next())"
        let command = ([Self.binary] + arguments).joined(separator: " ")
        let script = "\(command); echo EXIT=$?; echo STTY: $(stty -a); sleep 600"
        // Each session gets its own default data directory, never the user's.
        dataHome = NSTemporaryDirectory() + socket + "-data"
        try tmux(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                  "env TERM=xterm-256color LANG=C.UTF-8 XDG_DATA_HOME=\(dataHome) sh -c '\(script)'"])
    }

    /// The XDG data home the binary sees: its default store is `dataHome/streamscope`.
    let dataHome: String

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: dataHome)
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let (status, text) = try Self.spawn(["tmux", "-L", socket] + args)
        if status != 0 && args.first != "kill-server" {
            throw Failure(description: "tmux \(args.joined(separator: " ")) failed (\(status)): \(text)")
        }
        return text
    }

    /// Runs a program found on PATH and returns its exit status and output. posix_spawn
    /// and waitpid, not Foundation's Process: the tmux server that `new-session` leaves
    /// behind inherits Process's exit-watching descriptor, and Process then never sees
    /// the client exit.
    static func spawn(_ argv: [String]) throws -> (Int32, String) {
        let outPath = NSTemporaryDirectory() + "streamscope-e2e-\(getpid())-\(counter.next()).out"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        // Nothing inherited (see markDescriptorsCloseOnExec), and no signals blocked: test
        // threads block SIGTERM and friends, and a tmux server that inherited that mask
        // could not end its panes on kill-server.
        markDescriptorsCloseOnExec()
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, &cargs, environ)
        guard rc == 0 else {
            throw Failure(description: "cannot run \(argv[0]): error \(rc) (install it: apt-get install -y tmux)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), text)
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.contains(text) { return true }
            usleep(50_000)
        }
        Issue.record("waited \(timeout)s for '\(text)'; the screen shows:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// Keys by tmux name (`Enter`, `Escape`, `Space`, `C-c`) or single characters.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// Literal text.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", "--", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// The pid of the process running in the pane (the shell's child).
    func appPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let (_, out) = try Self.spawn(["pgrep", "-P", shell, "-f", "streamscope"])
        return Int32(out.split(separator: "\n").first ?? "")
    }

    /// After exit: the terminal is back in cooked mode with echo (what `stty -a` reported).
    func expectTerminalRestored(sourceLocation: SourceLocation = #_sourceLocation) {
        guard waitFor("STTY:", sourceLocation: sourceLocation) else { return }
        let s = screen
        #expect(s.contains(" icanon") && !s.contains("-icanon"), "terminal left in raw mode:\n\(s)", sourceLocation: sourceLocation)
        #expect(s.contains(" echo ") && !s.contains("-echo "), "terminal left without echo:\n\(s)", sourceLocation: sourceLocation)
        #expect(!s.contains("StreamScope │"), "the explorer's screen is still up:\n\(s)", sourceLocation: sourceLocation)
    }

    final class Counter: @unchecked Sendable {
        private var n = 0
        private let lock = NSLock()
        func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
    }
}
