import Foundation

/// A save running on its own thread, joinable.
final class SaveTask: @unchecked Sendable {
    private let body: () -> Void
    private let done = NSCondition()
    private var finished = false
    init(_ body: @escaping () -> Void) { self.body = body }

    func start() {
        let t = Thread { [self] in
            body()
            done.lock(); finished = true; done.broadcast(); done.unlock()
        }
        t.name = "streamscope-save"
        t.start()
    }

    var isDone: Bool { done.lock(); defer { done.unlock() }; return finished }

    func join() {
        done.lock()
        while !finished { done.wait() }
        done.unlock()
    }
}
