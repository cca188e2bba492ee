import StreamEngine
import TerminalUI

/// A lesson's loop on a terminal, about 30 frames a second: draw, wait briefly for a key,
/// handle it, then move the lesson on by the time that really passed (a monotonic clock,
/// so playback keeps its pace whatever the wall clock does); until `q` or a termination
/// signal.
public struct LessonRunLoop {
    public let app: LessonApp
    /// The longest wait for a key between two frames.
    public let frameMs: Int
    /// Where the time comes from: `MonotonicClock.milliseconds` unless a test moves it.
    public let clock: () -> UInt64

    public init(app: LessonApp, frameMs: Int = 33, clock: @escaping () -> UInt64 = MonotonicClock.milliseconds) {
        self.app = app
        self.frameMs = frameMs
        self.clock = clock
    }

    /// Runs until the lesson quits or `terminal` is interrupted. Each turn costs one
    /// frame (`LessonApp.render`), at most one key and one tick.
    public func run(on terminal: any TerminalDevice) {
        app.resize(width: terminal.width, height: terminal.height)
        var last = clock()
        while !app.shouldQuit && !terminal.interrupted {
            terminal.draw(app.render())
            if let key = terminal.readKey(timeoutMs: frameMs) {
                if key == .resize { app.resize(width: terminal.width, height: terminal.height) } else { app.handle(key) }
            }
            let now = clock()
            app.tick(elapsedMs: now - last)
            last = now
        }
    }
}
