import StreamEngine

/// What a refresh reads from the source for the screen: the stream list, the selected
/// stream's window of entries, its histogram, its groups and the selected group's
/// consumers and pending entries. It works on a copy of the state, so it can run off the
/// UI thread; `ViewKey` tells whether the user moved meanwhile.
enum ScreenLoad {
    /// Everything the user can change that a load depends on or changes. A load whose
    /// key no longer matches the state is stale: it is dropped and the screen reloaded.
    struct ViewKey: Equatable {
        var stream: [UInt8]?
        var windowStart: StreamID?
        var entryFilter: String
        var streamFilter: String
        var streamSort: StreamSort
        var group: BinaryName?
        var pendingConsumer: BinaryName?
        var selectedConsumer: BinaryName?
        var scrubberWindow: ClosedRange<UInt64>?
        var markedTimes: ClosedRange<UInt64>?
        var entryRows: Int
        var buckets: Int
        var selectedEntry: StreamID?
        var selectedPending: StreamID?
        var marked: Set<StreamID>

        init(_ s: AppState) {
            stream = s.selectedStream
            windowStart = s.windowStart
            entryFilter = s.entryFilter
            streamFilter = s.streamFilter
            streamSort = s.streamSort
            group = s.selectedGroup
            pendingConsumer = s.pendingConsumer
            selectedConsumer = s.selectedConsumer
            scrubberWindow = s.scrubber.window
            markedTimes = s.scrubber.markedTimes
            entryRows = s.entryRows
            buckets = s.scrubberBuckets
            selectedEntry = s.selectedEntry
            selectedPending = s.selectedPending
            marked = s.marked
        }
    }

    /// Loads into `s` what the panes need (`needs`: the union over the declared panes);
    /// the stream list always. - Complexity: O(streams + rows on screen + pending shown
    /// + nodes in the histogram window)
    static func load(into s: inout AppState, from source: any StreamDataSource, scanLimit: Int, needs: DataNeeds) throws {
        s.streams = try source.streams()
        s.clusterNodes = source.clusterNodes(selecting: s.selectedNode)
        let visible = s.visibleStreams
        if s.selectedStream == nil || !visible.contains(where: { $0.key == s.selectedStream }) {
            s.selectedStream = visible.first?.key
            Reducer.resetStreamView(&s)
        }
        guard let key = s.selectedStream else { return }
        if needs.contains(.entries) { try entries(into: &s, key, source, scanLimit) }
        if needs.contains(.histogram) { try scrubber(into: &s, key, source) }
        if !needs.isDisjoint(with: [.groups, .consumers, .pending]) { try groups(into: &s, key, source, needs) }
        if needs.contains(.entries) { try pendingOnScreen(into: &s, key, source) }
        if needs.contains(.partitions) { try partitionGroups(into: &s, key, source) }
    }

    /// Which entries on screen the selected group still has pending: one range read
    /// over the window, so the gutter marks those and not acknowledged ones between.
    /// - Complexity: O(log n + entries on screen)
    static func pendingOnScreen(into s: inout AppState, _ key: [UInt8], _ source: any StreamDataSource) throws {
        guard let g = s.selectedGroup, let first = s.entries.first?.id, let last = s.entries.last?.id,
              let group = s.currentGroup, let oldest = group.oldestPending, oldest <= last else {
            s.pendingOnScreen = []
            return
        }
        let rows = try source.pending(key, group: g, from: max(first, oldest), to: last,
                                      count: s.entries.count, consumer: nil)
        s.pendingOnScreen = Set(rows.map(\.id))
    }

    /// The groups of each partition of the selected stream's logical stream (at most
    /// `partitionLimit` partitions). - Complexity: two round trips per partition
    static func partitionGroups(into s: inout AppState, _ key: [UInt8], _ source: any StreamDataSource) throws {
        guard let family = s.partitionRules.partitions(of: key, in: s.streams) else {
            s.partitionGroups = [:]
            return
        }
        var out: [[UInt8]: [GroupSummary]] = [:]
        for m in family.members.prefix(partitionLimit) where m.unavailable == nil { out[m.key] = try source.groups(m.key) }
        s.partitionGroups = out
    }

    /// Partitions whose groups a refresh reads, at most.
    static let partitionLimit = 64

    static func entries(into s: inout AppState, _ key: [UInt8], _ source: any StreamDataSource, _ scanLimit: Int) throws {
        let filter = s.entryFilter.isEmpty ? nil : s.entryFilter
        let n = s.entryRows
        if let start = s.windowStart {
            s.entries = try source.entries(key, from: start, to: .max, count: n, reverse: false, filter: filter, scanLimit: scanLimit)
        } else {
            let previousFirst = s.entries.first?.id
            let tail = try source.entries(key, from: .zero, to: .max, count: n, reverse: true, filter: filter, scanLimit: scanLimit)
            s.entries = tail.reversed()
            // Following keeps a selection the user made: if new entries would push it
            // off screen, the window stops there instead.
            if let sel = s.selectedEntry, let first = previousFirst, sel >= first,
               !s.entries.contains(where: { $0.id == sel }) {
                s.windowStart = first
                s.status = "follow paused to keep your selection: f follows again"
                s.entries = try source.entries(key, from: first, to: .max, count: n, reverse: false, filter: filter, scanLimit: scanLimit)
            }
        }
        if let sel = s.selectedEntry, !s.entries.contains(where: { $0.id == sel }) {
            s.selectedEntry = nil
        }
    }

    static func scrubber(into s: inout AppState, _ key: [UInt8], _ source: any StreamDataSource) throws {
        guard let stream = s.currentStream, let first = stream.firstID, let last = stream.lastID else {
            s.scrubber.counts = []
            return
        }
        let whole = first.ms...max(last.ms, first.ms + 1)
        let span = s.scrubber.window ?? whole
        s.scrubber.span = span
        s.scrubber.counts = try source.histogram(key, fromMs: span.lowerBound, toMs: span.upperBound + 1, buckets: s.scrubberBuckets)
        if let r = s.scrubber.markedTimes {
            s.markedCount = try source.count(key, from: StreamID(ms: r.lowerBound, seq: 0), to: StreamID(ms: r.upperBound, seq: .max))
        } else {
            s.markedCount = nil
        }
    }

    /// The groups, then the selected group's consumers and pending rows when needed.
    static func groups(into s: inout AppState, _ key: [UInt8], _ source: any StreamDataSource, _ needs: DataNeeds) throws {
        s.groups = try source.groups(key)
        if s.selectedGroup == nil || !s.groups.contains(where: { $0.name == s.selectedGroup }) {
            s.selectedGroup = s.groups.first?.name
            s.selectedPending = nil
            s.selectedConsumer = nil
            s.pendingConsumer = nil
            s.marked.removeAll()
        }
        guard let g = s.selectedGroup else {
            s.consumers = []
            s.pending = []
            return
        }
        if needs.contains(.consumers) {
            s.consumers = try source.consumers(key, group: g)
            if let c = s.selectedConsumer, !s.consumers.contains(where: { $0.name == c }) { s.selectedConsumer = nil }
        }
        guard needs.contains(.pending) else { return }
        if let c = s.pendingConsumer {
            // Drilled down to one consumer: its own first 1,000, however many the group has.
            s.pending = try source.pending(key, group: g, from: .zero, to: .max, count: 1000, consumer: c)
        } else {
            s.pending = try source.pending(key, group: g, count: 1000)
        }
        let ids = Set(s.pending.map(\.id))
        s.marked.formIntersection(ids)
        if s.selectedPending == nil || !ids.contains(s.selectedPending!) {
            s.selectedPending = s.visiblePending.first?.id
        }
    }

    /// Copies what a load changed from `loaded` into `s`. O(rows loaded)
    static func install(_ loaded: AppState, into s: inout AppState) {
        s.streams = loaded.streams
        s.clusterNodes = loaded.clusterNodes
        s.partitionGroups = loaded.partitionGroups
        s.selectedStream = loaded.selectedStream
        s.entries = loaded.entries
        s.selectedEntry = loaded.selectedEntry
        s.windowStart = loaded.windowStart
        s.entryFilter = loaded.entryFilter
        s.scrubber = loaded.scrubber
        s.markedCount = loaded.markedCount
        s.groups = loaded.groups
        s.selectedGroup = loaded.selectedGroup
        s.consumers = loaded.consumers
        s.selectedConsumer = loaded.selectedConsumer
        s.pendingConsumer = loaded.pendingConsumer
        s.pending = loaded.pending
        s.pendingOnScreen = loaded.pendingOnScreen
        s.selectedPending = loaded.selectedPending
        s.marked = loaded.marked
        if loaded.status != nil && s.status == nil { s.status = loaded.status }
    }
}
