import Foundation
import StreamEngine

/// Where the explorer's work on its data source runs. `InlineEffects` runs it at once
/// on the caller's thread (tests, the embedded engine under `--listen`);
/// `BackgroundEffects` runs it on a worker thread, in order, and hands each result back
/// to the UI thread at its next `drain()`, so a slow or hung server never holds up keys
/// or frames.
public protocol EffectRunner: AnyObject {
    /// Runs `work` (the only code that touches the source), then `apply` with its
    /// result on the UI thread.
    func perform(_ work: @escaping () -> Any, then apply: @escaping (Any) -> Void)
    /// Runs the results that have come back since the last call. UI thread only.
    func drain()
    /// Effects submitted and not yet applied.
    var inFlight: Int { get }
    /// Milliseconds the oldest effect in flight has been running (0 when idle).
    var busyMs: UInt64 { get }
}

/// Runs every effect at once, on the caller's thread.
public final class InlineEffects: EffectRunner {
    public init() {}
    public func perform(_ work: @escaping () -> Any, then apply: @escaping (Any) -> Void) { apply(work()) }
    public func drain() {}
    public var inFlight: Int { 0 }
    public var busyMs: UInt64 { 0 }
}

/// One worker thread, first in first out; results wait in an inbox for the UI thread.
public final class BackgroundEffects: EffectRunner, @unchecked Sendable {
    /// A closure moved between the two threads; each runs on the one it was meant for.
    private struct Job: @unchecked Sendable {
        let work: () -> Any
        let apply: (Any) -> Void
        let submittedMs: UInt64
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var done: [(Job, Any)] = []
    private var running: Job?
    private var count = 0
    private var stopping = false
    private var thread: Thread?

    public init() {
        let t = Thread { [unowned self] in self.loop() }
        t.name = "streamscope-explorer-io"
        t.start()
        thread = t
    }

    deinit { stop() }

    /// Lets the worker finish what it is doing and end.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    public func perform(_ work: @escaping () -> Any, then apply: @escaping (Any) -> Void) {
        condition.lock()
        queue.append(Job(work: work, apply: apply, submittedMs: MonotonicClock.milliseconds()))
        count += 1
        condition.signal()
        condition.unlock()
    }

    public func drain() {
        condition.lock()
        let ready = done
        done.removeAll()
        condition.unlock()
        for (job, result) in ready {
            job.apply(result)
            condition.lock()
            count -= 1
            condition.unlock()
        }
    }

    public var inFlight: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    public var busyMs: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        guard let running else { return 0 }
        return MonotonicClock.milliseconds() &- running.submittedMs
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if stopping { condition.unlock(); return }
            let job = queue.removeFirst()
            running = job
            condition.unlock()
            let result = job.work()
            condition.lock()
            running = nil
            done.append((job, result))
            condition.unlock()
        }
    }
}
