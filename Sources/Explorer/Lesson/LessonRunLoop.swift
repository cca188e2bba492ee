import Lessons
import StreamEngine
import TerminalUI

/// A lesson's loop on a terminal, about 30 frames a second: draw, wait briefly for a key,
/// handle it, then move the lesson on by the time that really passed, in a bounded
/// slice of work (a monotonic clock,
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
            // Behind the wall clock (a fast lesson at 100x), keys are only looked at between
            // the bounded slices of work that catch up.
            if let key = terminal.readKey(timeoutMs: app.isCatchingUp ? 1 : frameMs) {
                if key == .resize { app.resize(width: terminal.width, height: terminal.height) } else { app.handle(key) }
            }
            let now = clock()
            // A bounded slice of simulation a frame: the frame stays under 5 ms.
            app.tick(elapsedMs: now - last, budgetNanoseconds: LessonRunner.frameBudgetNanoseconds)
            last = now
        }
    }
}
