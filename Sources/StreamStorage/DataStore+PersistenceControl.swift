import Foundation
import StreamCommands

/// SAVE, BGSAVE, LASTSAVE, CONFIG SET appendfsync and INFO persistence, answered by the store.
extension DataStore: PersistenceControl {
    public func saveNow() -> String? {
        do { try save(); return nil } catch { return "\(error)" }
    }

    public func saveInBackground() -> String? {
        do { try startSave(); return nil } catch { return "\(error)" }
    }

    public var lastSaveSeconds: Int64 { stateLock.lock(); defer { stateLock.unlock() }; return Int64(lastSaveMs / 1000) }

    public func setFsyncPolicy(_ name: String) -> Bool {
        guard let p = FsyncPolicy(rawValue: name.lowercased()) else { return false }
        fsyncPolicy = p
        return true
    }

    /// What Redis reports under INFO persistence, in StreamScope's terms: the snapshot
    /// is the RDB, the journal the AOF.
    public var infoLines: [String] {
        stateLock.lock()
        let last = lastSaveMs, ok = lastSaveOK
        stateLock.unlock()
        let inProgress = saving ? 1 : 0
        let failure = journal.currentFailure
        var lines = ["loading:0", "async_loading:0",
                     "rdb_bgsave_in_progress:\(inProgress)", "rdb_last_save_time:\(last / 1000)",
                     "rdb_last_bgsave_status:\(ok ? "ok" : "err")",
                     "aof_enabled:1", "aof_rewrite_in_progress:\(inProgress)", "aof_last_write_status:\(failure == nil ? "ok" : "err")",
                     "aof_current_size:\(journalSize)", "aof_fsync_policy:\(fsyncPolicy.rawValue)",
                     "streamscope_data_dir:\(directory)"]
        if let failure { lines.append("streamscope_journal_error:\(failure)") }
        return lines
    }
}
