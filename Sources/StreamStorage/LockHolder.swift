import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who holds a data directory: the process that took its `LOCK` writes this line into
/// the file, and a second process that finds the lock taken is told it, so the user
/// knows which process to stop (and on which host, for a directory on shared storage).
public enum LockHolder {
    /// This process: `pid 4242 on host build-1 since 2026-12-07T18:12:00Z`.
    public static func current() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(cString: name) : "an unknown host"
        let since = ISO8601DateFormatter().string(from: Date())
        return "pid \(getpid()) on host \(host) since \(since)"
    }

    /// What to tell a process that finds `directory` locked, given what the holder
    /// wrote (nil: nothing, as a StreamScope from before holders were recorded).
    static func busy(_ directory: String, holder: String?) -> String {
        let who = holder.map { "another StreamScope process (\($0))" } ?? "another StreamScope process"
        return "\(directory) is in use by \(who); one process at a time may write a data directory: stop it first"
    }
}
