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
    let outPath = captureOutput ? NSTemporaryDirectory() + "streamscope-spawn-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out" : "/dev/null"
    defer { if captureOutput { unlink(outPath) } }
    let pid = try spawnChild(argv, output: outPath, searchPath: true)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = captureOutput ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
    let exited = status & 0x7f == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), text)
}

/// Starts `argv` with `posix_spawn` (on PATH with `searchPath`): standard input from
/// /dev/null, output and errors to `output`, no descriptor inherited, no signal
/// blocked. Returns its process ID; the caller reaps it.
func spawnChild(_ argv: [String], output: String, searchPath: Bool) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    markDescriptorsCloseOnExec()
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
    return pid
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
