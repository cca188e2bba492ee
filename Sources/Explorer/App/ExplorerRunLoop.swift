import TerminalUI

/// The explorer's loop on a terminal: draw a frame, wait briefly for a key, handle it,
/// tick; until `q` or a termination signal.
///
/// Every step that touches the app (and so the engine) runs through `engine`, which runs
/// its body where the engine lives and returns once it is done: on this thread for an
/// engine the explorer has to itself (`onThisThread`), on a server's event loop when the
/// engine is also served to other clients (`streamscope --listen`, `ListeningEngine` in
/// StreamNetwork), so the explorer and those clients never touch it at once. Drawing and
/// waiting for keys stay on this thread.
public struct ExplorerRunLoop {
    /// Runs its argument where the engine lives and returns when it has run.
    public typealias EngineStep = (@escaping () -> Void) -> Void

    /// Runs the step here, at once.
    public static var onThisThread: EngineStep { { $0() } }

    public let app: ExplorerApp
    public let engine: EngineStep
    /// How long one wait for a key may last before the app ticks again: short for a
    /// remote source, whose results arrive between keys.
    public let keyTimeoutMs: Int

    public init(app: ExplorerApp, keyTimeoutMs: Int = 100, engine: @escaping EngineStep = onThisThread) {
        self.app = app
        self.keyTimeoutMs = keyTimeoutMs
        self.engine = engine
    }

    /// Runs until the app quits or `terminal` is interrupted. Each turn costs one frame
    /// (`ExplorerApp.render`), at most one key and one tick.
    public func run(on terminal: any TerminalDevice) {
        let app = self.app
        let (w, h) = (terminal.width, terminal.height)
        engine { app.tick(); app.resize(width: w, height: h) }
        while !quitting(terminal) {
            var frame: ScreenBuffer?
            engine { frame = app.render() }
            if let frame { terminal.draw(frame) }
            if let key = terminal.readKey(timeoutMs: keyTimeoutMs) {
                let (w, h) = (terminal.width, terminal.height)
                engine {
                    if key == .resize { app.resize(width: w, height: h) } else { app.handle(key) }
                }
            }
            engine { app.tick() }
        }
    }

    private func quitting(_ terminal: any TerminalDevice) -> Bool {
        var quit = false
        engine { quit = app.shouldQuit }
        return quit || terminal.interrupted
    }
}
