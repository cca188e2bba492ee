#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clock that never goes back (`CLOCK_MONOTONIC`), for measuring intervals: frame
/// pacing, how long a call has waited, reconnect backoff, round-trip times. Entry IDs and
/// idle times read a `StreamClock` instead, which follows the wall clock as Redis does.
public enum MonotonicClock {
    /// Microseconds since an arbitrary fixed point (the boot, on Linux). O(1).
    public static func microseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
    }

    /// Milliseconds since the same point. O(1).
    public static func milliseconds() -> UInt64 { microseconds() / 1000 }
}
