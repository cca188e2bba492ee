import RESP
import StreamEngine

/// Group consumers: they join, read, work, acknowledge, fail, crash and restart; the
/// claim timers and dead-lettering act on what they leave pending.
extension Simulation {
    private func spec(_ c: Int) -> ConsumerSpec { plan.consumers[state.consumers[c].template] }
    private func groupName(_ c: Int) -> String { plan.groups[state.consumers[c].group].name }
    private func streamIndex(_ c: Int) -> Int { plan.groups[state.consumers[c].group].stream }
    private func streamKey(_ c: Int) -> String { plan.streams[streamIndex(c)] }

    /// How long one message takes this consumer. Draws from the lesson's generator.
    private func processingTime(_ c: Int) -> UInt64 {
        let p = spec(c).processing
        if let fixed = p.fixedMs { return UInt64(fixed) }
        return UInt64(state.random.integer(p.minMs ?? 0, p.maxMs ?? 0))
    }

    func consumerLife(_ c: Int) -> Draft? {
        let consumer = state.consumers[c]
        if !consumer.present { return join(c) }
        if !consumer.crashed { return crash(c) }
        return restart(c)
    }

    private func join(_ c: Int) -> Draft {
        state.consumers[c].present = true
        state.consumers[c].idleSince = state.now
        state.consumers[c].lastReadAt = state.now
        let args = command(["XGROUP", "CREATECONSUMER", streamKey(c), groupName(c), state.consumers[c].name])
        let reply = execute(args)
        return Draft(sentence: "\(state.consumers[c].name) joins group \(groupName(c))", commands: [args], replies: [reply],
                     action: .joined(consumer: state.consumers[c].name, group: groupName(c)))
    }

    func addConsumer(name: String, template: Int) -> Draft? {
        guard !(plan.spec.consumers ?? []).isEmpty, !state.consumers.contains(where: { $0.name == name }) else { return nil }
        let group = plan.group(named: plan.spec.consumers![template].group) ?? 0
        state.consumers.append(.init(name: name, group: group, template: template, startAt: nil, crashAt: nil, restartAt: nil))
        return join(state.consumers.count - 1)
    }

    func crash(_ c: Int) -> Draft? {
        state.consumers[c].crashAt = nil
        guard state.consumers[c].present, !state.consumers[c].crashed else { return nil }
        let finished = state.consumers[c].done.count
        state.consumers[c].crashed = true
        state.consumers[c].held = []
        state.consumers[c].done = []
        state.consumers[c].recoverFrom = nil
        let holding = consumerGroup(state.consumers[c].group)?.consumer(named: Array(state.consumers[c].name.utf8))?.pendingCount ?? 0
        let note = finished == 0 ? "" : " (it had finished \(finished) of them but not yet sent XACK)"
        return Draft(sentence: "\(state.consumers[c].name) crashes holding \(RESPText.count(holding, "pending entry", "pending entries"))\(note)",
                     kind: .narration, name: "crash", action: .crashed(consumer: state.consumers[c].name, holding: holding))
    }

    func restart(_ c: Int) -> Draft? {
        state.consumers[c].restartAt = nil
        guard state.consumers[c].crashed else { return nil }
        state.consumers[c].crashed = false
        state.consumers[c].idleSince = state.now
        if spec(c).recoverOnRestart ?? true { state.consumers[c].recoverFrom = .zero }
        return Draft(sentence: "\(state.consumers[c].name) restarts", kind: .narration, name: "restart",
                     action: .restarted(consumer: state.consumers[c].name))
    }

    func work(_ c: Int) -> Draft? {
        let consumer = state.consumers[c]
        if !consumer.held.isEmpty { return finish(c) }
        if !consumer.done.isEmpty { return acknowledge(c, consumer.done, batch: true) }
        return take(c, recovering: consumer.recoverFrom)
    }

    /// XREADGROUP: new entries (`>`), or after a restart its own pending ones from an ID.
    private func take(_ c: Int, recovering from: StreamID?) -> Draft? {
        let name = state.consumers[c].name
        let batch = spec(c).batch
        let args = command(["XREADGROUP", "GROUP", groupName(c), name, "COUNT", String(batch), "STREAMS", streamKey(c),
                            from.map(\.description) ?? ">"])
        let reply = execute(args)
        let ids = RESPText.readIDs(reply)
        let sentence: String
        if from != nil {
            state.consumers[c].recoverFrom = ids.count < batch ? nil : ids.last
            sentence = ids.isEmpty ? "\(name) checks its own pending entries: none left"
                : "\(name) takes back \(RESPText.count(ids.count, "entry", "entries")) it held before the crash (each delivered again)"
        } else {
            state.consumers[c].lastReadAt = state.now
            sentence = "\(name) takes \(RESPText.count(ids.count, "entry", "entries"))"
        }
        hand(ids, to: c)
        return Draft(sentence: sentence, commands: [args], replies: [reply],
                     action: .took(consumer: name, group: groupName(c), ids: ids, redelivered: from != nil))
    }

    /// Gives entries to a consumer's hands, sending those delivered too often to the
    /// dead-letter stream instead.
    func hand(_ ids: [StreamID], to c: Int) {
        let wasIdle = state.consumers[c].held.isEmpty
        let limit = plan.spec.deadLetters?.first {
            plan.group(named: $0.group) == state.consumers[c].group && state.now >= UInt64($0.startMs ?? 0)
        }?.maxDeliveries
        let group = consumerGroup(state.consumers[c].group)
        for id in ids {
            if let limit, let record = group?.pendingRecord(id), record.deliveryCount >= UInt64(limit) {
                state.queue.append(.deadLetter(consumer: c, id: id))
            } else {
                state.consumers[c].held.append(id)
            }
        }
        if wasIdle && !state.consumers[c].held.isEmpty { state.consumers[c].busyUntil = state.now + processingTime(c) }
    }

    private func finish(_ c: Int) -> Draft? {
        if let many = finishAtOnce(c) { return many }
        let fails = failsNext(c, state.consumers[c].held[0])
        let id = takeNextHeld(c)
        let name = state.consumers[c].name
        let what = describe(id, in: streamIndex(c))
        if fails {
            let count = consumerGroup(state.consumers[c].group)?.pendingRecord(id)?.deliveryCount ?? 0
            return Draft(sentence: "\(name) fails on \(what); it stays pending (delivered \(RESPText.count(Int(count), "time", "times")))",
                         kind: .narration, name: "fail", action: .failed(consumer: name, group: groupName(c), id: id))
        }
        if spec(c).ack == "batch" {
            state.consumers[c].done.append(id)
            let again = duplicateNote(c, id)
            return Draft(sentence: "\(name) is done with \(what)\(again); its XACK waits for the end of the batch", kind: .narration,
                         action: .processed(consumer: name, group: groupName(c), id: id, duplicate: !again.isEmpty, acknowledged: false))
        }
        return acknowledge(c, [id], batch: false, what: what)
    }

    /// Whether the consumer fails on `id`, its next held entry: poison, or every
    /// `failEvery`-th entry it handles. O(1)
    private func failsNext(_ c: Int, _ id: StreamID) -> Bool {
        state.poison[streamIndex(c)].contains(id) || (spec(c).failEvery.map { (state.consumers[c].handled + 1) % $0 == 0 } ?? false)
    }

    /// Whether the consumer's next held entry would simply be finished and acknowledged:
    /// it does not fail, and it is acknowledged one by one.
    private func finishesPlainly(_ c: Int, _ id: StreamID) -> Bool {
        spec(c).ack != "batch" && !failsNext(c, id)
    }

    /// Takes the next held entry out of the consumer's hands as handled, drawing the
    /// following one's processing time (or going idle). O(entries held)
    private func takeNextHeld(_ c: Int) -> StreamID {
        let id = state.consumers[c].held.removeFirst()
        state.consumers[c].handled += 1
        if !state.consumers[c].held.isEmpty { state.consumers[c].busyUntil = state.now + processingTime(c) }
        else { state.consumers[c].idleSince = state.now }
        return id
    }

    /// Entries one consumer finishes at the same millisecond (processing times of 0 ms:
    /// a fast lesson's consumers) as one event and one XACK, as a producer's arrivals at
    /// one millisecond are one event. The same draws, in the same order, as finishing
    /// them one at a time. When only one entry is due now, its event is the one-entry
    /// event of old; nil when the next entry fails or waits for a batch's XACK (`finish`
    /// tells those). O(entries finished × the XACK).
    private func finishAtOnce(_ c: Int) -> Draft? {
        guard state.consumers[c].held.count > 1, finishesPlainly(c, state.consumers[c].held[0]) else { return nil }
        // Finishing one draws the next one's processing time; it joins while that is 0 ms.
        var ids: [StreamID] = []
        while ids.count < Self.largestProducerBatch, let id = state.consumers[c].held.first, finishesPlainly(c, id),
              ids.isEmpty || state.consumers[c].busyUntil == state.now {
            ids.append(takeNextHeld(c))
        }
        if ids.count == 1 { return acknowledge(c, ids, batch: false, what: describe(ids[0], in: streamIndex(c))) }
        let s = streamIndex(c)
        let range = " (\(describe(ids[0], in: s)) … \(describe(ids[ids.count - 1], in: s)))"
        let (args, reply) = sendXACK(c, ids)
        let duplicates = ids.filter { !state.processed[state.consumers[c].group].insert($0).inserted }.count
        forgetAcknowledged(ids, group: state.consumers[c].group)
        let name = state.consumers[c].name
        let again = duplicates == 0 ? "" : "; \(RESPText.count(duplicates, "of them was", "of them were")) processed a second time (at-least-once delivery)"
        return Draft(sentence: "\(name) finishes \(RESPText.count(ids.count, "entry", "entries"))\(range) and acknowledges them\(again)",
                     commands: [args], replies: [reply],
                     action: .processedMany(consumer: name, group: groupName(c), ids: ids, duplicates: duplicates))
    }

    private func duplicateNote(_ c: Int, _ id: StreamID) -> String {
        state.processed[state.consumers[c].group].insert(id).inserted ? "" : " a second time (a duplicate: at-least-once delivery)"
    }

    private static let xack = Array("XACK".utf8)

    /// Runs the consumer's XACK of `ids`, returning its words and reply. O(ids)
    private func sendXACK(_ c: Int, _ ids: [StreamID]) -> (args: [[UInt8]], reply: RESPValue) {
        var args: [[UInt8]] = [Self.xack, plan.streamKeys[streamIndex(c)], plan.groupKeys[state.consumers[c].group]]
        for id in ids { args.append(Array(id.description.utf8)) }
        return (args, execute(args))
    }

    /// XACK of a batch, or of one entry (`what` names it, as told before the XACK ran).
    private func acknowledge(_ c: Int, _ ids: [StreamID], batch: Bool, what: String = "") -> Draft {
        state.consumers[c].done = []
        let (args, reply) = sendXACK(c, ids)
        let name = state.consumers[c].name
        let again = batch ? "" : duplicateNote(c, ids[0])
        forgetAcknowledged(ids, group: state.consumers[c].group)
        if batch {
            return Draft(sentence: "\(name) acknowledges its batch of \(ids.count)", commands: [args], replies: [reply],
                         action: .acknowledged(consumer: name, group: groupName(c), ids: ids))
        }
        return Draft(sentence: "\(name) finishes \(what)\(again) and acknowledges it", commands: [args], replies: [reply],
                     action: .processed(consumer: name, group: groupName(c), id: ids[0], duplicate: !again.isEmpty, acknowledged: true))
    }

    /// Acknowledged entries leave the group's PEL: they can come back only to a consumer
    /// still holding them in memory (one that was slower than a claim), so the record of
    /// who processed what keeps just those. Keeps `processed` as small as the work in flight.
    /// O(ids × entries held).
    private func forgetAcknowledged(_ ids: [StreamID], group: Int) {
        let s = plan.groups[group].stream
        for id in ids where state.processed[group].contains(id) || state.poison[s].contains(id) {
            guard !state.consumers.contains(where: { $0.group == group && $0.held.contains(id) }) else { continue }
            state.processed[group].remove(id)
            state.poison[s].remove(id)
        }
    }

    /// XAUTOCLAIM by a claim policy's consumer, every so often.
    func claim(_ i: Int) -> Draft? {
        let spec = plan.spec.claims![i]
        state.claims[i].nextAt = state.now + UInt64(spec.everyMs)
        guard let c = consumerIndex(spec.consumer), state.consumers[c].present, !state.consumers[c].crashed else { return nil }
        let count = spec.count ?? 10
        let args = command(["XAUTOCLAIM", streamKey(c), groupName(c), spec.consumer, String(spec.minIdleMs),
                            state.claims[i].cursor.description, "COUNT", String(count)])
        let reply = execute(args)
        let (cursor, ids, deleted) = RESPText.autoClaim(reply)
        state.claims[i].cursor = cursor
        hand(ids, to: c)
        var sentence = ids.isEmpty
            ? "\(spec.consumer) looks for entries idle over \(RESPText.seconds(UInt64(spec.minIdleMs))): none"
            : "\(spec.consumer) claims \(RESPText.count(ids.count, "entry", "entries")) idle over \(RESPText.seconds(UInt64(spec.minIdleMs)))"
        if !deleted.isEmpty { sentence += "; \(RESPText.count(deleted.count, "pending entry was", "pending entries were")) trimmed away" }
        return Draft(sentence: sentence, commands: [args], replies: [reply], name: "claim",
                     action: .claimed(consumer: spec.consumer, group: groupName(c), ids: ids))
    }

    /// XCLAIM of another consumer's oldest pending entries (a script step).
    func xclaim(_ x: XClaimStep) -> Draft? {
        guard let c = consumerIndex(x.consumer), let group = consumerGroup(state.consumers[c].group),
              let from = group.consumer(named: Array(x.from.utf8)) else { return nil }
        let ids = Array(from.pendingIDs.prefix(x.count))
        guard !ids.isEmpty else { return Draft(sentence: "\(x.from) holds nothing to claim", kind: .narration) }
        let args = command(["XCLAIM", streamKey(c), groupName(c), x.consumer, String(x.minIdleMs ?? 0)] + ids.map(\.description))
        let reply = execute(args)
        let claimed = RESPText.entryIDs(reply)
        if state.consumers[c].present && !state.consumers[c].crashed { hand(claimed, to: c) }
        return Draft(sentence: "\(x.consumer) claims \(RESPText.count(claimed.count, "entry", "entries")) from \(x.from)",
                     commands: [args], replies: [reply], name: "xclaim", action: .claimed(consumer: x.consumer, group: groupName(c), ids: claimed))
    }

    /// XADD to `<stream>:dead` and XACK, as one MULTI.
    func deadLetter(consumer c: Int, id: StreamID) -> Draft? {
        let s = streamIndex(c)
        guard let entry = stream(s)?.entry(id) else { return nil }
        let count = consumerGroup(state.consumers[c].group)?.pendingRecord(id)?.deliveryCount ?? 0
        let add: [[UInt8]] = command(["XADD", streamKey(c) + ":dead", "*"]) + entry.pairs + command(["source-id", id.description])
        let ack = command(["XACK", streamKey(c), groupName(c), id.description])
        let replies = [execute(add), execute(ack)]
        forgetAcknowledged([id], group: state.consumers[c].group)
        state.deadLettered += 1
        return Draft(sentence: "\(state.consumers[c].name) moves \(describe(id, in: s)) to \(streamKey(c)):dead after \(count) deliveries",
                     commands: [add, ack], replies: replies, atomic: true, name: "dead-letter",
                     action: .deadLettered(consumer: state.consumers[c].name, group: groupName(c), id: id, deliveries: count))
    }
}
