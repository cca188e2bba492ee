import Foundation
import StreamEngine

/// A clock a simulation sets: the lesson runner's `ManualClock`, or a `LiveClock`.
protocol LessonClock: StreamClock {
    func set(_ milliseconds: UInt64)
}

extension ManualClock: LessonClock {}

/// The clock of an engine a live lesson may drive (the explorer's demo, `prompt --demo`):
/// wall time until a `LiveLesson` takes it over, then the instant the lesson is at, which
/// the lesson keeps at wall time between its events. So an engine opened with it reads
/// wall time whether or not a demo runs on it. O(1) per reading.
public final class LiveClock: LessonClock, @unchecked Sendable {
    /// Where wall time comes from (`SystemClock`; a `ManualClock` in tests).
    public let wall: any StreamClock
    private let lock = NSLock()
    private var driven: UInt64?

    public init(wall: any StreamClock = SystemClock()) { self.wall = wall }

    public func nowMilliseconds() -> UInt64 {
        lock.withLock { driven } ?? wall.nowMilliseconds()
    }

    /// From now on the clock reads `milliseconds` until set again.
    public func set(_ milliseconds: UInt64) { lock.withLock { driven = milliseconds } }
}
