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

    static var binary: String { streamscopeBinary }

    /// Starts `streamscope <arguments>` in a fresh tmux server; after it exits the pane
    /// prints its exit status and the terminal's mode (`stty -a`), then waits.
    init(arguments: [String] = [], width: Int = 140, height: Int = 42, term: String = "xterm-256color",
         environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw Failure(description: "\(Self.binary) is missing: build first (`swift build --build-tests`, as scripts/test.sh does)")
        }
        socket = "streamscope-e2e-\(getpid())-\(Self.counter.next())"
        let command = ([Self.binary] + arguments).joined(separator: " ")
        let script = "\(command); echo EXIT=$?; echo STTY: $(stty -a); sleep 600"
        // Each session gets its own default data directory, never the user's.
        dataHome = NSTemporaryDirectory() + socket + "-data"
        try tmux(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                  "env TERM=\(term) \(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value) " }.joined())LANG=C.UTF-8 XDG_DATA_HOME=\(dataHome) sh -c '\(script)'"])
    }

    /// The XDG data home the binary sees: its default store is `dataHome/streamscope`.
    let dataHome: String

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: dataHome)
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let (status, text): (Int32, String)
        do { (status, text) = try spawnAndWait(["tmux", "-L", socket] + args, captureOutput: true) } catch {
            throw Failure(description: "\(error) (install it: apt-get install -y tmux)")
        }
        if status != 0 && args.first != "kill-server" {
            throw Failure(description: "tmux \(args.joined(separator: " ")) failed (\(status)): \(text)")
        }
        return text
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

    /// Waits until the screen no longer shows `text` (a closed overlay); fails with the
    /// screen if it stays.
    @discardableResult
    func waitUntilGone(_ text: String, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !screen.contains(text) { return true }
            usleep(50_000)
        }
        Issue.record("waited \(timeout)s for '\(text)' to go; the screen shows:\n\(screen)", sourceLocation: sourceLocation)
        return false
    }

    /// Keys by tmux name (`Enter`, `Escape`, `Space`, `C-c`) or single characters.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// Raw bytes, as a terminal would send them (`"1b 5b 31 7e"` is Home from tmux).
    func send(hex: String) throws { try tmux(["send-keys", "-t", session, "-H"] + hex.split(separator: " ").map(String.init)) }

    /// Literal text.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", "--", text]) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// The pid of the process running in the pane (the shell's child).
    func appPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let (_, out) = try spawnAndWait(["pgrep", "-P", shell, "-f", "streamscope"], captureOutput: true)
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
