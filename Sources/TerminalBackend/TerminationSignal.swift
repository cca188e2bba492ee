#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP set a flag instead of killing the process, so the event
/// loop can restore the terminal before it exits. (In raw mode Ctrl-C arrives as a key,
/// not a signal; these come from `kill` or a closed terminal.)
enum TerminationSignal {
    /// The signal that arrived (0: none).
    nonisolated(unsafe) static var received: sig_atomic_t = 0

    static func install() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { sig in TerminationSignal.received = sig }
        }
    }
}
