import StreamEngine

/// A consumer group, named by its stream and its own name.
public struct GroupKey: Hashable, Sendable {
    public var stream: [UInt8]
    public var group: BinaryName
    public init(stream: [UInt8], group: BinaryName) {
        self.stream = stream
        self.group = group
    }
}

/// The groups' samples, taken as the rates are (at most once a second, from a load),
/// and the health verdict worked out from them.
extension Reducer {
    /// Appends a sample of each of the selected stream's groups, at most once a second
    /// per stream, and evaluates each group's health. Only the selected stream's groups
    /// are read by a refresh, so only they are sampled: another stream's verdicts wait
    /// until it is selected again (and a gap longer than the evaluator allows restarts
    /// the window). - Complexity: O(groups × samples kept), samples kept ≤ `GroupHistory.limit`
    static func sampleGroups(_ s: inout AppState) {
        guard let key = s.selectedStream else { return }
        let now = s.nowMs
        let last = s.refreshClock.groupsSampledMs[key] ?? 0
        guard last == 0 || now >= last + 1000 || now < last else { return }
        s.refreshClock.groupsSampledMs[key] = now
        let streamLast = s.currentStream?.lastID
        let thresholds = s.healthThresholds
        for g in s.groups {
            let k = GroupKey(stream: key, group: g.name)
            var samples = s.groupHistory[k] ?? []
            // A clock that went back (a restarted lesson, a changed server) starts over.
            if let newest = samples.last, newest.atMs > now { samples.removeAll() }
            samples.append(GroupSample(g, atMs: now, streamLast: streamLast, poisonDeliveries: s.poisonDeliveries))
            GroupHistory.thin(&samples, keepingAfter: now >= thresholds.windowMs ? now - thresholds.windowMs : 0)
            s.groupHistory[k] = samples
            s.health[k] = GroupHealth.evaluate(samples, nowMs: now, thresholds)
        }
    }
}

/// A group's samples over the session, bounded: past `limit`, every other sample older
/// than the health window is dropped, so the whole session stays (coarser the older it
/// is) while the window keeps every sample.
public enum GroupHistory {
    public static let limit = 1000

    /// - Complexity: O(samples)
    public static func thin(_ samples: inout [GroupSample], keepingAfter windowStartMs: UInt64) {
        guard samples.count > limit else { return }
        // Keep the newest sample at or before the window's start: it anchors the window.
        let anchor = samples.lastIndex { $0.atMs <= windowStartMs } ?? 0
        var older = samples[..<anchor].enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        if older.count + (samples.count - anchor) > limit { older = Array(older.suffix(max(0, limit - (samples.count - anchor)))) }
        samples = older + samples[anchor...]
    }

    /// One series over the session's span in `width` equal stretches of time, the
    /// largest value of each (a stretch with no sample repeats the one before).
    /// - Complexity: O(samples + width)
    public static func series(_ samples: [GroupSample], width: Int, _ value: (GroupSample) -> Int) -> [Int] {
        guard width > 0, let first = samples.first, let last = samples.last else { return [] }
        let span = max(1, last.atMs - first.atMs + 1)
        var out = [Int?](repeating: nil, count: width)
        for sample in samples {
            let i = min(width - 1, Int((sample.atMs - first.atMs) * UInt64(width) / span))
            out[i] = max(out[i] ?? 0, value(sample))
        }
        var filled: [Int] = []
        var previous = 0
        for v in out {
            previous = v ?? previous
            filled.append(previous)
        }
        // Fewer samples than columns: as many columns as samples, newest last.
        return samples.count < width ? Array(samples.map(value)) : filled
    }
}
