import StreamEngine

extension LessonRunner {
    /// The tape at this instant, `width` newest entries wide.
    /// - Complexity: O(width × log n + consumers × their pending entries).
    public func tape(width: Int) -> Tape {
        tapeBuilder.tape(width: width)
    }
}

/// Reads the engine (never through commands: looking changes nothing) into a `Tape`.
struct TapeBuilder {
    let sim: Simulation

    /// Adds, in ID order, the group's pending entries whose stream entry is gone
    /// (deleted or trimmed while pending) within the window, keeping the newest `width`.
    /// O(pending entries from the window's start × log n).
    private func withDeletedPending(_ cells: [Tape.Cell], _ cg: ConsumerGroup, _ stream: Stream, width: Int) -> [Tape.Cell] {
        let from = Int(stream.length) > cells.count ? (cells.first?.id ?? .max) : .zero
        var gone: [Tape.Cell] = []
        cg.forEachPending(from: from) { id, _ in
            if !stream.contains(id) { gone.append(Tape.Cell(id: id, state: .deleted)) }
            return true
        }
        if gone.isEmpty { return cells }
        return Array((cells + gone).sorted { $0.id < $1.id }.suffix(max(width, 0)))
    }

    func tape(width: Int) -> Tape {
        let plan = sim.plan
        let key = plan.streams[plan.main]
        let stream = sim.stream(plan.main)
        var newest: [StreamID] = []
        if width > 0 {
            stream?.forEachID(reverse: true) { id in
                newest.append(id)
                return newest.count < width
            }
        }
        let ids = newest.reversed()
        let now = sim.plan.base + sim.state.now
        var groups: [Tape.GroupLine] = []
        var boxes: [Tape.ConsumerBox] = []
        for (gi, g) in plan.groups.enumerated() where g.stream == plan.main {
            guard let stream, let cg = stream.group(named: plan.groupKeys[gi]) else { continue }
            var cells = ids.map { id -> Tape.Cell in
                if id > cg.lastID { return Tape.Cell(id: id, state: .undelivered) }
                if let rec = cg.pendingRecord(id) {
                    return Tape.Cell(id: id, state: .pending(owner: String(decoding: cg.owner(of: rec)?.name ?? [], as: UTF8.self),
                                                             deliveries: rec.deliveryCount))
                }
                return Tape.Cell(id: id, state: .acknowledged)
            }
            cells = withDeletedPending(cells, cg, stream, width: width)
            groups.append(Tape.GroupLine(group: g.name, cells: cells, cursor: cg.lastID, entriesRead: cg.entriesRead,
                                         lag: stream.lag(of: cg, dialect: sim.server.keyspace.dialect), pending: cg.pendingCount))
            for consumer in cg.consumers {
                let name = String(decoding: consumer.name, as: UTF8.self)
                let oldest = consumer.pendingIDs.compactMap { cg.pendingRecord($0)?.deliveryTime }.min()
                let crashed = sim.state.consumers.first { $0.name == name && $0.group == gi }?.crashed ?? false
                boxes.append(Tape.ConsumerBox(group: g.name, name: name, holding: consumer.pendingCount,
                                              oldestIdleMs: oldest.map { now > $0 ? now - $0 : 0 }, crashed: crashed))
            }
        }
        var trimmed: StreamID?
        if let first = sim.state.firstIDs[plan.main], let stream, stream.length > 0, stream.firstID > first { trimmed = stream.firstID }
        if let first = sim.state.firstIDs[plan.main], let stream, stream.length == 0, stream.entriesAdded > 0 {
            trimmed = stream.lastID.incremented() ?? first
        }
        let readers = (plan.spec.readers ?? []).enumerated().compactMap { (i, r) -> (name: String, lastID: StreamID)? in
            r.stream == key ? (r.name, sim.state.readers[i].lastID ?? .zero) : nil
        }
        let journal = sim.state.journal.map { Tape.JournalLine(policy: $0.policy, written: $0.written, synced: $0.synced, lastSyncMs: $0.lastSyncMs) }
        return Tape(stream: key, length: Int(stream?.length ?? 0), trimmedBefore: trimmed, groups: groups, consumers: boxes,
                    plainReaders: readers, journal: journal)
    }
}
