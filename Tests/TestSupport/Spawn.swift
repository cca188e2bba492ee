#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The built `streamscope` binary the end-to-end tests run: `STREAMSCOPE_BINARY` if
/// set, else the one next to the test bundle (`.build/<config>/`), else
/// `.build/debug/streamscope` under the package root.
public var streamscopeBinary: String {
    if let b = ProcessInfo.processInfo.environment["STREAMSCOPE_BINARY"] { return b }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("streamscope")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/streamscope").path
}

/// A program that could not be started.
public struct SpawnFailure: Error, CustomStringConvertible {
    public let description: String
}

/// Runs a program found on PATH and waits for it with `waitpid`; returns its exit
/// status (128 + signal if a signal ended it) and, with `captureOutput`, its standard
/// output and error together. For tools that leave a daemon behind (`tmux
/// new-session`): Foundation's `Process` was seen to miss their exit, and a captured
/// pipe would stay open. The child inherits no descriptor (see
/// `markDescriptorsCloseOnExec`) and no blocked signal: test threads block SIGTERM and
/// friends, and a tmux server with that mask could not end its panes on kill-server.
public func spawnAndWait(_ argv: [String], captureOutput: Bool) throws -> (status: Int32, output: String) {
    try runToEnd(argv, capture: captureOutput ? .both : .none)
}

/// What `runToEnd` returns of a child's output.
public enum CapturedOutput {
    /// Nothing: standard output and error go to /dev/null.
    case none
    /// Standard output and error together.
    case both
    /// Standard error only; standard output goes to /dev/null.
    case errors
}

/// Runs `argv` (on PATH with `searchPath`) to its end with `stdin` as its standard input
/// (/dev/null without), and returns its exit status (128 + signal if a signal ended
/// it) and the output `capture` asks for. Input and output go through files, so no pipe
/// can fill up and no thread is needed; the child is reaped by its own process ID.
public func runToEnd(_ argv: [String], stdin: Data? = nil, capture: CapturedOutput = .both, searchPath: Bool = true) throws -> (status: Int32, output: String) {
    let base = NSTemporaryDirectory() + "streamscope-spawn-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let inPath = base + ".in", outPath = base + ".out"
    defer { unlink(inPath); unlink(outPath) }
    if let stdin { try stdin.write(to: URL(fileURLWithPath: inPath)) }
    let input: ChildStream = stdin == nil ? .null : .file(inPath)
    let started: SpawnedChild
    switch capture {
    case .none: started = try spawnChild(argv, input: input, output: .null, errors: .null, searchPath: searchPath)
    case .both: started = try spawnChild(argv, input: input, output: .file(outPath), errors: .output, searchPath: searchPath)
    case .errors: started = try spawnChild(argv, input: input, output: .null, errors: .file(outPath), searchPath: searchPath)
    }
    var status: Int32 = 0
    while waitpid(started.pid, &status, 0) < 0 && errno == EINTR {}
    let text = capture == .none ? "" : ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
    return (exitCode(status), text)
}

/// A `waitpid` status as a shell reports it: the exit code, or 128 + the signal.
func exitCode(_ status: Int32) -> Int32 {
    status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// Where one of a child's standard streams goes.
public enum ChildStream {
    case null
    /// A file: read from, or created (truncated) and written.
    case file(String)
    /// A pipe whose other end the parent holds (`SpawnedChild.input` / `.output`).
    case pipe
    /// Standard error only: wherever standard output goes.
    case output
}

/// A started child and the parent's ends of its pipes, if any.
public struct SpawnedChild {
    public let pid: pid_t
    /// Writes to the child's standard input (`.pipe`).
    public let input: FileHandle?
    /// Reads the child's standard output (`.pipe`).
    public let output: FileHandle?
}

/// Starts `argv` with `posix_spawn` (on PATH with `searchPath`): output and errors to
/// `output`, input from /dev/null. Returns its process ID; the caller reaps it.
func spawnChild(_ argv: [String], output: String, searchPath: Bool) throws -> pid_t {
    try spawnChild(argv, output: .file(output), searchPath: searchPath).pid
}

/// Starts `argv` with `posix_spawn` (on PATH with `searchPath`), each standard stream
/// where it is told; no other descriptor is inherited and no signal blocked. The
/// caller reaps the child by its process ID.
public func spawnChild(_ argv: [String], input: ChildStream = .null, output: ChildStream, errors: ChildStream = .output,
                       searchPath: Bool) throws -> SpawnedChild {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    markDescriptorsCloseOnExec()
    // The child's ends of its pipes, closed here once it has them.
    var childEnds: [Int32] = []
    defer { for fd in childEnds { close(fd) } }
    var parentIn: FileHandle?, parentOut: FileHandle?
    func pipeEnds() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnFailure(description: "pipe: \(String(cString: strerror(errno)))") }
        // Close-on-exec: only the child's dup2 copies (0 and 1) cross into it.
        for fd in fds { _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
    switch input {
    case .null, .output: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
    case .pipe:
        let (r, w) = try pipeEnds()
        posix_spawn_file_actions_adddup2(&actions, r, 0)
        childEnds.append(r)
        parentIn = FileHandle(fileDescriptor: w, closeOnDealloc: true)
    }
    switch output {
    case .null, .output: posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    case .file(let path): posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    case .pipe:
        let (r, w) = try pipeEnds()
        posix_spawn_file_actions_adddup2(&actions, w, 1)
        childEnds.append(w)
        parentOut = FileHandle(fileDescriptor: r, closeOnDealloc: true)
    }
    switch errors {
    case .output: posix_spawn_file_actions_adddup2(&actions, 1, 2)
    case .null, .pipe: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    case .file(let path): posix_spawn_file_actions_addopen(&actions, 2, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var cargs = argv.map { strdup($0) } + [nil]
    defer { for a in cargs { free(a) } }
    var pid: pid_t = 0
    let rc = searchPath ? posix_spawnp(&pid, argv[0], &actions, &attributes, &cargs, environ)
        : posix_spawn(&pid, argv[0], &actions, &attributes, &cargs, environ)
    guard rc == 0 else { throw SpawnFailure(description: "cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
    return SpawnedChild(pid: pid, input: parentIn, output: parentOut)
}

/// Marks every open descriptor close-on-exec, so a child started next (a tmux server
/// that lives on) cannot inherit one. Foundation's `Process` notices a child's exit
/// through a descriptor; if a long-lived daemon inherits it, `waitUntilExit()` of an
/// unrelated child blocks until that daemon dies. Harmless to this process.
public func markDescriptorsCloseOnExec() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
    for name in names {
        guard let fd = Int32(name), fd > 2 else { continue }
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }
}
