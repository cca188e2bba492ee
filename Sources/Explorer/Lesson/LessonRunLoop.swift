import Lessons
import StreamEngine
import TerminalUI

/// A lesson's loop on a terminal, about 30 frames a second: draw, wait briefly for a key,
/// handle it, then move the lesson on by the time that really passed, in a bounded
/// slice of work; while behind, slices follow each other with keys looked at in between
/// and frames drawn about every `frameMs` (a monotonic clock,
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

    /// Runs until the lesson quits or `terminal` is interrupted. Each turn costs at most
    /// one frame (`LessonApp.render`), one key and one tick.
    public func run(on terminal: any TerminalDevice) {
        app.resize(width: terminal.width, height: terminal.height)
        var last = clock()
        var drawn: UInt64?
        var keyed = false
        while !app.shouldQuit && !terminal.interrupted {
            // Behind the wall clock (a fast lesson at 100x) the loop works slice after slice,
            // looking at keys between them without waiting, and draws about once a frame
            // (and after every key) rather than after every slice.
            let catchingUp = app.isCatchingUp
            if !catchingUp || keyed || drawn.map({ last &- $0 >= UInt64(frameMs) }) ?? true {
                terminal.draw(app.render())
                drawn = last
            }
            keyed = false
            if let key = terminal.readKey(timeoutMs: catchingUp ? 0 : frameMs) {
                if key == .resize { app.resize(width: terminal.width, height: terminal.height) } else { app.handle(key) }
                keyed = true
            }
            let now = clock()
            // A bounded slice of simulation a frame: the frame stays under 5 ms.
            app.tick(elapsedMs: now - last, budgetNanoseconds: LessonRunner.frameBudgetNanoseconds)
            last = now
        }
    }
}
