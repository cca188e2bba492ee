import StreamEngine

/// The simulated append-only journal of lesson 7. It is a model, not a file: it counts
/// the write commands (and their RESP bytes) a journal would hold and when each fsync
/// policy would have made them durable. A machine crash rolls the engine back to the
/// image kept at the last fsync; a process crash loses nothing the OS already has.
extension Simulation {
    func syncJournal() {
        guard var j = state.journal, let interval = Simulation.syncInterval(j.policy, plan.spec) else { return }
        guard state.now >= j.nextSyncMs else { return }
        j.synced = j.written
        j.syncedBytes = j.writtenBytes
        j.lastSyncMs = state.now - state.now % interval
        j.nextSyncMs = j.lastSyncMs + interval
        state.journal = j
        syncedImage = KeyspaceImage.capture(server.keyspace)
    }

    func setFsync(_ policy: String) -> Draft? {
        guard var j = state.journal else { return nil }
        j.policy = policy
        // The switch itself writes everything out, as Redis does when appendfsync changes.
        j.synced = j.written
        j.syncedBytes = j.writtenBytes
        j.lastSyncMs = state.now
        j.nextSyncMs = state.now + (Simulation.syncInterval(policy, plan.spec) ?? 0)
        state.journal = j
        syncedImage = KeyspaceImage.capture(server.keyspace)
        let meaning: String
        switch policy {
        case "always": meaning = "every write is fsynced before it is answered"
        case "everysec": meaning = "writes are fsynced once a second"
        default: meaning = "Redis never fsyncs; the operating system writes out when it likes"
        }
        return Draft(sentence: "the journal now uses appendfsync \(policy): \(meaning) (simulated journal)", kind: .narration, name: "fsync")
    }

    func serverCrash(_ kind: String) -> Draft? {
        guard var j = state.journal else { return nil }
        let unsynced = j.written - j.synced
        if kind == "process" {
            j.synced = j.written
            j.syncedBytes = j.writtenBytes
            state.journal = j
            return Draft(sentence: "the Redis process crashes: its \(j.written) journaled writes were all handed to the OS, "
                         + "which keeps them; after a restart nothing is lost (\(unsynced) were not yet fsynced, it did not matter)",
                         kind: .narration, name: "process-crash")
        }
        var sentence = "the machine loses power: "
        if unsynced == 0 {
            sentence += "every one of the \(j.written) writes had been fsynced; nothing is lost"
        } else {
            sentence += "the \(RESPText.count(unsynced, "write", "writes")) since the last fsync (at \(RESPText.seconds(j.lastSyncMs))) "
                + "were only in memory and are gone; \(j.synced) survive"
            if let image = syncedImage {
                var bytes: [UInt8] = []
                image.write(into: &bytes)
                try? KeyspaceImage.load(bytes, into: server.keyspace)
            }
        }
        j.written = j.synced
        j.writtenBytes = j.syncedBytes
        state.journal = j
        return Draft(sentence: sentence, kind: .narration, name: "machine-crash")
    }
}
