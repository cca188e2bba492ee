#if canImport(Glibc)
import Glibc
#endif
import StreamEngine
import Testing

@Suite("The monotonic clock")
struct MonotonicClockTests {
    @Test("it counts real time in matching units and never goes back")
    func countsForward() {
        let startMs = MonotonicClock.milliseconds()
        let startUs = MonotonicClock.microseconds()
        #expect(startUs / 1000 >= startMs && startUs / 1000 - startMs <= 1)
        var last = startUs
        for _ in 0..<1000 {
            let now = MonotonicClock.microseconds()
            #expect(now >= last)
            last = now
        }
        usleep(30_000)
        let passed = MonotonicClock.milliseconds() - startMs
        #expect(passed >= 30 && passed < 5_000, "\(passed) ms")
    }
}
