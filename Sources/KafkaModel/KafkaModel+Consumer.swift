/// KIP-848's consumer protocol (`group.protocol=consumer`): the coordinator bumps the
/// group epoch on every membership change, computes a target assignment, and each
/// member moves towards its own target through its heartbeats: first it revokes what
/// it must give up (and acknowledges), then a partition freed that way goes to its new
/// owner at that owner's next heartbeat. Members that keep their partitions never stop.
extension KafkaModel {
    /// The first ConsumerGroupHeartbeat (member epoch 0).
    mutating func consumerJoin(_ i: Int) {
        members[i].inGroup = true
        members[i].lastHeartbeat = now
        members[i].nextHeartbeat = now + config.consumerHeartbeatIntervalMs
        note(.membership, "\(members[i].name) sends its first heartbeat (member epoch 0) to join \(group)", "ConsumerGroupHeartbeat(epoch 0)")
        bumpEpoch("\(members[i].name) joins")
        consumerHeartbeat(i)
    }

    /// A membership change: new group epoch, new target assignment (sticky from each
    /// member's current target).
    mutating func bumpEpoch(_ reason: String) {
        guard config.groupProtocol == .consumer else { return }
        let live = members.indices.filter { members[$0].inGroup }.sorted { members[$0].memberID < members[$1].memberID }
        generation += 1
        guard !live.isEmpty else {
            state = .empty
            note(.rebalance, "\(group) is now Empty (\(reason))", "group state")
            return
        }
        var current: [String: [Int]] = [:]
        for i in live { current[members[i].memberID] = members[i].target }
        let target = KafkaAssignor.sticky.assign(topic: topic, partitions: partitions.count, members: live.map { members[$0].memberID }, owned: current)
        var lines: [String] = []
        for i in live {
            members[i].target = target[members[i].memberID] ?? []
            lines.append("\(members[i].name) → \(list(members[i].target))")
        }
        if let r = openRebalance { rebalances[r].endedMs = now }
        rebalances.append(KafkaRebalance(generation: generation, reason: reason, startedMs: now))
        openRebalance = rebalances.count - 1
        state = .reconciling
        note(.rebalance, "group epoch \(generation) (\(reason)): the coordinator's target is \(lines.joined(separator: "; ")); members reconcile at their heartbeats",
             "target assignment (epoch \(generation))")
        checkReconciled()
    }

    /// A heartbeat's answer: partitions to revoke, or freed partitions to take.
    mutating func consumerHeartbeat(_ i: Int) {
        guard members[i].inGroup else { return }
        let target = members[i].target
        let revoke = members[i].owned.filter { !target.contains($0) }
        if !revoke.isEmpty && members[i].pendingRevoke.isEmpty {
            members[i].pendingRevoke = revoke
            note(.rebalance, "\(members[i].name)'s heartbeat answer: give up \(list(revoke)) (epoch \(generation)); it keeps processing the rest",
                 "ConsumerGroupHeartbeat → revoke")
            if members[i].batch.isEmpty { members[i].wantsPoll = true }
        }
        let free = target.filter { p in
            !members[i].owned.contains(p) && !members.indices.contains { $0 != i && members[$0].inGroup && members[$0].owned.contains(p) }
        }
        if !free.isEmpty {
            for p in free { take(i, p) }
            note(.rebalance, "\(members[i].name)'s heartbeat answer: take \(list(free)) (epoch \(generation))", "ConsumerGroupHeartbeat → assign")
            if members[i].batch.isEmpty { members[i].wantsPoll = true }
        }
        checkReconciled()
    }

    /// Stable once every member owns exactly its target.
    mutating func checkReconciled() {
        guard config.groupProtocol == .consumer, state == .reconciling else { return }
        let done = members.allSatisfy { !$0.inGroup || Set($0.owned) == Set($0.target) }
        guard done else { return }
        for i in members.indices where members[i].inGroup { members[i].generation = generation }
        state = .stable
        if let r = openRebalance { rebalances[r].endedMs = now }
        openRebalance = nil
        note(.rebalance, "every member owns its target: \(group) → Stable (epoch \(generation))", "group state")
    }
}
