import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `streamscope serve` executable, started on a free loopback port.
final class ServeProcess {
    let port: Int
    let process: Process
    let stderr = Pipe()

    /// The built `streamscope` next to the test bundle (`.build/<config>/`).
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("streamscope")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/streamscope")
    }

    /// Runs `streamscope serve` with `arguments` and returns its exit status and stderr.
    static func runToExit(_ arguments: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["serve"] + arguments
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts the server and waits until it answers PING.
    init(extraArguments: [String] = []) throws {
        var lastError = "not started"
        for attempt in 0..<20 {
            let port = freeLoopbackPort() ?? 20000 + Int((UInt32(getpid()) &* 6007 &+ UInt32(attempt) &* 15485863) % 30000)
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = ["serve", "--port", String(port), "--log-level", "notice"] + extraArguments
            p.standardOutput = FileHandle.nullDevice
            p.standardError = stderr
            try p.run()
            for _ in 0..<200 {
                if let c = try? RedisConnection(port: port), let pong = try? c.rawCommand(["PING"]),
                   pong == Array("+PONG\r\n".utf8) || pong.starts(with: Array("-NOAUTH".utf8)) {
                    c.close()
                    self.port = port
                    self.process = p
                    return
                }
                if !p.isRunning { break }
                usleep(20_000)
            }
            lastError = "streamscope serve did not answer on port \(port)"
            if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() }
        }
        throw RedisOracle.Failure(description: lastError + " (binary \(Self.binary.path))")
    }

    /// Sends `signal` and waits for the exit; returns the exit status.
    func stop(signal: Int32 = SIGKILL) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Runs a command-line tool and returns its exit status and output.
func runTool(_ path: String, _ arguments: [String], stdin: Data? = nil) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    let input = Pipe()
    p.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try p.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The first executable named `name` on PATH (or in the usual places).
func findTool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// Runs a tool with its output discarded and waits with `waitpid`: for tools that leave
/// a daemon behind (`tmux new-session`), which would hold a captured pipe open, and
/// whose quick exit Foundation's `Process` was seen to miss. Returns the exit status.
@discardableResult
func runQuietly(_ path: String, _ arguments: [String]) -> Int32 {
    markDescriptorsCloseOnExec()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in [Int32(0), 1, 2] {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    // Test threads run with SIGTERM and others blocked, and children inherit that mask:
    // start with none blocked, or `tmux kill-server` could never end its panes.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, &attributes, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xff
}
