/// Skipping lesson time without playing it: a live run resumed on a store that already
/// holds its data, or one paused for a while.
extension Simulation {
    /// Moves lesson time to `time` without playing what fell due before it. Producers
    /// take up their schedule from there (their `{n}` counters go on as if they had
    /// written); whatever else was due (a consumer's work, a claim timer) runs at `time`.
    /// O(producers).
    func skip(to time: UInt64) {
        guard time > state.now else { return }
        for i in plan.producers.indices {
            let p = plan.producers[i].spec
            let start = UInt64(p.startMs ?? 0)
            guard time > start else { continue }
            func at(_ k: Int) -> UInt64 { start + UInt64((Double(k) * 1000 / p.ratePerSecond).rounded(.down)) }
            // The first slot at or after `time`; the estimate is off by rounding at most.
            var k = Int((Double(time - start) * p.ratePerSecond / 1000).rounded(.down))
            while k > 0 && at(k - 1) >= time { k -= 1 }
            while at(k) < time { k += 1 }
            let skipped = k - state.producers[i].scheduled
            guard skipped > 0 else { continue }
            state.producers[i].scheduled = k
            state.producers[i].counter += skipped
        }
        moveTime(to: time)
    }
}
