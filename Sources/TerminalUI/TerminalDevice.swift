/// What a full-screen app's run loop needs from a terminal: its size, a way to show a
/// frame, the next key, and whether a termination signal asked it to stop. The real one
/// is `CursesTerminal` (TerminalBackend); tests drive a loop with a scripted one.
public protocol TerminalDevice: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// A termination signal (SIGINT, SIGTERM, SIGHUP) arrived: the loop should end.
    var interrupted: Bool { get }
    /// Shows `frame` (a device may write only what changed since the last one).
    func draw(_ frame: ScreenBuffer)
    /// The next key, `.resize` after the size changed, or nil after `timeoutMs` without one.
    func readKey(timeoutMs: Int) -> Key?
}
