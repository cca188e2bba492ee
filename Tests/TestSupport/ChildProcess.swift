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
/// inherits no descriptor and no blocked signal; its standard streams go where `input`,
/// `output` and `errors` say (/dev/null unless told), a pipe's other end being
/// `standardInput` or `standardOutput`.
public final class ChildProcess {
    public let executable: String
    public let arguments: [String]
    public private(set) var processIdentifier: pid_t = 0
    /// Writes to the child's standard input, when it is a pipe.
    public private(set) var standardInput: FileHandle?
    /// Reads the child's standard output, when it is a pipe.
    public private(set) var standardOutput: FileHandle?
    /// The exit code (128 + the signal if a signal ended it), once reaped.
    public private(set) var terminationStatus: Int32 = -1
    private let streams: (input: ChildStream, output: ChildStream, errors: ChildStream)
    private var exited = false
    private let lock = NSLock()

    public init(executable: String, arguments: [String], input: ChildStream = .null, output: ChildStream = .null,
                errors: ChildStream = .output) {
        self.executable = executable
        self.arguments = arguments
        streams = (input, output, errors)
    }

    public func run() throws {
        let child = try spawnChild([executable] + arguments, input: streams.input, output: streams.output,
                                   errors: streams.errors, searchPath: false)
        processIdentifier = child.pid
        standardInput = child.input
        standardOutput = child.output
    }

    /// Whether the child has not exited yet (reaping it if it has).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        guard processIdentifier > 0, !exited else { return false }
        var status: Int32 = 0
        let r = waitpid(processIdentifier, &status, WNOHANG)
        if r == processIdentifier { reaped(status) } else if r < 0 && errno == ECHILD { exited = true }
        return !exited
    }

    /// Waits for the child to exit.
    public func waitUntilExit() {
        lock.lock()
        defer { lock.unlock() }
        guard processIdentifier > 0, !exited else { return }
        var status: Int32 = 0
        var r: pid_t
        repeat { r = waitpid(processIdentifier, &status, 0) } while r < 0 && errno == EINTR
        if r == processIdentifier { reaped(status) } else { exited = true }
    }

    private func reaped(_ status: Int32) {
        exited = true
        terminationStatus = exitCode(status)
    }
}
