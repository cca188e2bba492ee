/// The classic protocol: the coordinator's JoinGroup/SyncGroup rounds and the client's
/// side of them, eager (every member revokes everything before it rejoins) or
/// cooperative (members keep what they own; what moves is revoked after the first
/// round and assigned in a second).
extension KafkaModel {
    /// A member sends JoinGroup.
    mutating func classicJoin(_ i: Int, reason: String) {
        members[i].inGroup = true
        members[i].lastHeartbeat = now
        members[i].nextHeartbeat = now + config.heartbeatIntervalMs
        note(.membership, "\(members[i].name) sends JoinGroup to the group coordinator", "JoinGroup(\(group))")
        if state == .preparingRebalance {
            members[i].joinedRound = round
            checkJoinComplete()
        } else {
            beginRebalance(reason)
            members[i].joinedRound = round
            checkJoinComplete()
        }
    }

    /// The coordinator moves the group to PreparingRebalance: every member must send
    /// JoinGroup again (they hear so in their next heartbeat's answer).
    mutating func beginRebalance(_ reason: String) {
        guard config.groupProtocol == .classic, state != .preparingRebalance else { return }
        guard members.contains(where: \.inGroup) else {
            state = .empty
            note(.rebalance, "\(group) is now Empty (\(reason))", "group state")
            return
        }
        let fresh = state == .empty && generation == 0
        state = .preparingRebalance
        round += 1
        initialJoin = fresh
        joinDeadline = now + (fresh ? config.initialRebalanceDelayMs : config.maxPollIntervalMs)
        rebalances.append(KafkaRebalance(generation: generation + 1, reason: reason, startedMs: now))
        openRebalance = rebalances.count - 1
        let wait = fresh ? "waits \(config.initialRebalanceDelayMs) ms (group.initial.rebalance.delay.ms) for more members"
            : "waits for every member's JoinGroup (at most max.poll.interval.ms)"
        note(.rebalance, "\(group) → PreparingRebalance (\(reason)); the coordinator \(wait)", "group state")
    }

    /// A heartbeat reaches the coordinator; during PreparingRebalance the answer tells a
    /// member that has not rejoined yet to do so at its next poll().
    mutating func heartbeat(_ i: Int) {
        members[i].lastHeartbeat = now
        members[i].nextHeartbeat = now + config.heartbeatMs
        switch config.groupKind {
        case .share: return
        case .consumer:
            if config.groupProtocol == .consumer { consumerHeartbeat(i); return }
        }
        guard state == .preparingRebalance, members[i].joinedRound != round, !members[i].needsRejoin else { return }
        members[i].needsRejoin = true
        let busy = members[i].batch.isEmpty ? "it polls now" : "it rejoins after its current batch, at its next poll()"
        note(.rebalance, "\(members[i].name)'s heartbeat is answered REBALANCE_IN_PROGRESS: \(busy)", "Heartbeat → REBALANCE_IN_PROGRESS")
        if members[i].batch.isEmpty { members[i].wantsPoll = true }
    }

    /// Inside poll(): the rebalance listener runs and the member sends JoinGroup.
    mutating func classicRejoin(_ i: Int) {
        members[i].needsRejoin = false
        let name = members[i].name
        if config.assignor.isCooperative {
            note(.rebalance, "\(name) sends JoinGroup, keeping \(list(members[i].owned)) and still processing them",
                 "poll() → JoinGroup(owned \(list(members[i].owned)))")
        } else {
            if config.commit == .auto { commit(i, why: "before revoking, in onJoinPrepare") }
            let gave = members[i].owned
            for p in gave { pause(p) }
            members[i].owned = []
            note(.rebalance, "\(name) revokes all its partitions (\(list(gave))) and sends JoinGroup: nothing of it is consumed until SyncGroup",
                 "poll() → onPartitionsRevoked(\(list(gave))) → JoinGroup")
        }
        members[i].joinedRound = round
        checkJoinComplete()
    }

    /// Cooperative, after SyncGroup: the member gives up what the assignment left out,
    /// commits it, and rejoins at once for the second round.
    mutating func revokePending(_ i: Int) {
        let gone = members[i].pendingRevoke
        members[i].pendingRevoke = []
        if config.commit == .auto {
            commit(i, why: "before revoking")
        }
        members[i].owned.removeAll { gone.contains($0) }
        for p in gone { pause(p); members[i].positions[p] = nil }
        switch config.groupProtocol {
        case .classic:
            note(.rebalance, "\(members[i].name) revokes \(list(gone)) and asks for another rebalance", "poll() → onPartitionsRevoked(\(list(gone))) → JoinGroup")
            beginRebalance("\(members[i].name) gave up \(list(gone))")
            members[i].joinedRound = round
            checkJoinComplete()
        case .consumer:
            note(.rebalance, "\(members[i].name) revokes \(list(gone)) and acknowledges in a heartbeat at once",
                 "poll() → onPartitionsRevoked(\(list(gone))) → ConsumerGroupHeartbeat")
            members[i].lastHeartbeat = now
            consumerHeartbeat(i)
        }
    }

    /// The join phase ends when every member has sent JoinGroup (after the initial
    /// delay for a new group).
    mutating func checkJoinComplete() {
        guard state == .preparingRebalance, !initialJoin else { return }
        let waiting = members.indices.filter { members[$0].inGroup && members[$0].joinedRound != round }
        if waiting.isEmpty { completeJoin() }
    }

    mutating func joinDeadlinePassed() {
        if initialJoin {
            initialJoin = false
            checkJoinComplete()
            return
        }
        for i in members.indices where members[i].inGroup && members[i].joinedRound != round {
            members[i].inGroup = false
            note(.rebalance, "\(members[i].name) did not rejoin within the rebalance timeout: removed", "JoinGroup timeout")
        }
        completeJoin()
    }

    /// JoinGroup answers go out (the leader gets the members), the leader runs the
    /// assignor, SyncGroup hands each member its partitions, and the group is Stable.
    mutating func completeJoin() {
        joinDeadline = nil
        let joined = members.indices.filter { members[$0].inGroup }.sorted { members[$0].memberID < members[$1].memberID }
        guard !joined.isEmpty else {
            state = .empty
            if let r = openRebalance { rebalances[r].endedMs = now }
            openRebalance = nil
            note(.rebalance, "\(group) is now Empty", "group state")
            return
        }
        generation += 1
        state = .completingRebalance
        let ids = joined.map { members[$0].memberID }
        note(.rebalance, "JoinGroup completes: generation \(generation), members \(ids.joined(separator: ", ")); leader \(ids[0]) runs the \(config.assignor.rawValue) assignor",
             "JoinGroup responses")
        var previous: [String: [Int]] = [:]
        for i in joined {
            previous[members[i].memberID] = config.assignor.isCooperative ? members[i].owned : members[i].lastAssigned
        }
        let assignment = config.assignor.assign(topic: topic, partitions: partitions.count, members: ids, owned: previous)
        var lines: [String] = []
        var moved: [Int] = []
        for i in joined {
            let mine = assignment[members[i].memberID] ?? []
            let before = Set(members[i].lastAssigned)
            moved += mine.filter { !before.contains($0) }
            members[i].lastAssigned = mine
            members[i].generation = generation
            if config.assignor.isCooperative {
                members[i].pendingRevoke = members[i].owned.filter { !mine.contains($0) }
                for p in mine where !members[i].owned.contains(p) { take(i, p) }
                if !members[i].pendingRevoke.isEmpty && members[i].batch.isEmpty { members[i].wantsPoll = true }
            } else {
                for p in mine { take(i, p) }
            }
            lines.append("\(members[i].name) ← \(list(mine))")
            if members[i].batch.isEmpty { members[i].wantsPoll = true }
        }
        state = .stable
        if let r = openRebalance {
            rebalances[r].endedMs = now
            rebalances[r].generation = generation
            rebalances[r].moved = Array(Set(moved)).sorted()
        }
        openRebalance = nil
        let idle = joined.filter { (assignment[members[$0].memberID] ?? []).isEmpty }.map { members[$0].name }
        note(.rebalance, "SyncGroup: \(lines.joined(separator: "; "))" + (idle.isEmpty ? "" : "; \(idle.joined(separator: ", ")) idle: more consumers than partitions"),
             "SyncGroup(generation \(generation))")
        note(.rebalance, "\(group) → Stable", "group state")
    }

    /// A member is given a partition: it reads from the committed offset.
    mutating func take(_ i: Int, _ p: Int) {
        if !members[i].owned.contains(p) {
            members[i].owned.append(p)
            members[i].owned.sort()
        }
        members[i].positions[p] = startPosition(p)
        resume(p)
    }

    /// The coordinator has had no heartbeat from a member for the session timeout.
    mutating func expire(_ i: Int) {
        note(.membership, "the coordinator has had no heartbeat from \(members[i].name) for \(config.sessionMs / 1000) s: its session expires and it leaves \(group)",
             "session.timeout.ms")
        for p in members[i].owned { pause(p) }
        members[i].owned = []
        removeFromGroup(i, reason: "\(members[i].name)'s session expired")
    }
}
