import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A long-lived child (a redis-server) started with `posix_spawn` and reaped with
/// `waitpid` on its own process ID. Foundation's `Process` learns of every child's
/// exit on one shared thread, which blocks in `waitpid` for one child at a time: with
/// a cluster's six servers and other suites' servers starting and stopping at once, a
/// test run was seen to hang there (a `waitUntilExit()` of one server waiting behind
/// another that was still running). Here nothing is shared between children. The child
/// inherits no descriptor and no blocked signal; its output goes to /dev/null.
public final class ChildProcess {
    public let executable: String
    public let arguments: [String]
    public private(set) var processIdentifier: pid_t = 0
    private var exited = false
    private let lock = NSLock()

    public init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    public func run() throws {
        processIdentifier = try spawnChild([executable] + arguments, output: "/dev/null", searchPath: false)
    }

    /// Whether the child has not exited yet (reaping it if it has).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        guard processIdentifier > 0, !exited else { return false }
        var status: Int32 = 0
        let r = waitpid(processIdentifier, &status, WNOHANG)
        if r == processIdentifier || (r < 0 && errno == ECHILD) { exited = true }
        return !exited
    }

    /// Waits for the child to exit.
    public func waitUntilExit() {
        lock.lock()
        defer { lock.unlock() }
        guard processIdentifier > 0, !exited else { return }
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) < 0 && errno == EINTR {}
        exited = true
    }
}
