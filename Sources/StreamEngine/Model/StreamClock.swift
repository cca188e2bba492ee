#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the engine reads the time: `*` IDs, delivery times and idle times all come
/// from here, so tests and teaching scenarios can move time by hand.
public protocol StreamClock: AnyObject, Sendable {
    /// Milliseconds since the Unix epoch.
    func nowMilliseconds() -> UInt64
}

/// The wall clock (`CLOCK_REALTIME`), as Redis reads it for IDs.
public final class SystemClock: StreamClock {
    public init() {}
    public func nowMilliseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock that moves only when told to.
public final class ManualClock: StreamClock, @unchecked Sendable {
    private let lock = Mutex()
    private var now: UInt64

    public init(milliseconds: UInt64 = 1_700_000_000_000) { self.now = milliseconds }

    public func nowMilliseconds() -> UInt64 { lock.withLock { now } }

    /// Sets the time; it may move backwards, as a wall clock can.
    public func set(_ milliseconds: UInt64) { lock.withLock { now = milliseconds } }

    /// Moves the time forward.
    public func advance(by milliseconds: UInt64) { lock.withLock { now += milliseconds } }
}

/// A minimal pthread mutex, so the engine needs no Foundation.
final class Mutex: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    @inline(__always)
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}
