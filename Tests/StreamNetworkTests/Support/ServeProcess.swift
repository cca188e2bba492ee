import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `streamscope serve` executable, started on a free loopback port. Started
/// and reaped with `ChildProcess` (posix_spawn, waitpid on its own ID); its standard
/// error goes to a file, which no quantity of log lines can fill up.
final class ServeProcess {
    let port: Int
    let process: ChildProcess
    /// The file holding the server's standard error.
    let errorLog: String

    static var binary: URL { URL(fileURLWithPath: streamscopeBinary) }

    /// Runs `streamscope serve` with `arguments` and returns its exit status and stderr.
    static func runToExit(_ arguments: [String]) throws -> (Int32, String) {
        try runToEnd([binary.path, "serve"] + arguments, capture: .errors, searchPath: false)
    }

    /// Starts the server and waits until it answers PING.
    init(extraArguments: [String] = []) throws {
        var lastError = "not started"
        errorLog = NSTemporaryDirectory() + "streamscope-serve-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).err"
        for attempt in 0..<20 {
            let port = freeLoopbackPort() ?? 20000 + Int((UInt32(getpid()) &* 6007 &+ UInt32(attempt) &* 15485863) % 30000)
            // The tests diff against redis-server 7.0.15: the 7.0 dialect unless told otherwise.
            let dialect = extraArguments.contains("--redis-version") ? [] : ["--redis-version", "7.0"]
            let p = ChildProcess(executable: Self.binary.path,
                                 arguments: ["serve", "--port", String(port), "--log-level", "notice"] + dialect + extraArguments,
                                 output: .null, errors: .file(errorLog))
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
        unlink(errorLog)
        throw RedisOracle.Failure(description: lastError + " (binary \(Self.binary.path))")
    }

    deinit { unlink(errorLog) }

    /// What the server has written to its standard error so far.
    func errors() -> String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits for the exit; returns the exit status.
    /// A server still running 10 s after the signal is killed, and reported as -1.
    func stop(signal: Int32 = SIGKILL) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        for _ in 0..<1000 where process.isRunning { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Runs a command-line tool and returns its exit status and output (standard output and
/// error together).
func runTool(_ path: String, _ arguments: [String], stdin: Data? = nil) throws -> (Int32, String) {
    try runToEnd([path] + arguments, stdin: stdin, capture: .both, searchPath: true)
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

/// Runs a tool with its output discarded (see `spawnAndWait`); its exit status, or -1
/// if it could not start.
@discardableResult
func runQuietly(_ path: String, _ arguments: [String]) -> Int32 {
    (try? spawnAndWait([path] + arguments, captureOutput: false))?.status ?? -1
}
