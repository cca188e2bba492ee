#if canImport(Glibc)
import Glibc
#endif
import Foundation

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
