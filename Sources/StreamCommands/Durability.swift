import StreamEngine

/// One command as a journal keeps it: its database, its arguments and the instant it ran.
public typealias JournaledCommand = (db: Int, args: [[UInt8]], nowMs: UInt64)

/// What the command layer may ask of a durable store (SAVE, BGSAVE, BGREWRITEAOF,
/// LASTSAVE, CONFIG SET appendfsync, INFO persistence).
public protocol PersistenceControl: AnyObject {
    /// Writes a snapshot and starts a fresh journal, waiting for it; the error text if it failed.
    func saveNow() -> String?
    /// Starts the same in the background (a capture and a journal rotation happen at once).
    func saveInBackground() -> String?
    /// Unix time of the last successful save (0: never).
    var lastSaveSeconds: Int64 { get }
    /// Switches the fsync policy (`always`, `everysec`, `no`); false for another word.
    func setFsyncPolicy(_ name: String) -> Bool
    /// INFO persistence's `field:value` lines that apply.
    var infoLines: [String] { get }
}

/// The command layer's link to a durable store below it: where each change is made
/// durable before its reply, and the transaction being collected as one record.
///
/// The engine knows nothing of it. The command layer does not know the store either:
/// whoever owns both (the executable) builds the `CommandServer` and opens a store into
/// it, and the store fills in these hooks; with none set, nothing is journaled.
public final class Durability {
    init() {}

    /// Called after each command that changed data, with its database, arguments and the
    /// instant it ran at: what a journal needs to replay it deterministically. Returns an
    /// error text when the change could not be made durable (the reply becomes it).
    public var journal: ((_ db: Int, _ args: [[UInt8]], _ nowMs: UInt64) -> String?)?

    /// Writes several commands as one journal record (a transaction); the error text if
    /// they could not be made durable.
    public var journalBatch: ((_ commands: [JournaledCommand]) -> String?)?

    /// Asked before a command that would be journaled runs: an error text while the
    /// journal cannot take writes (the command is then refused and changes nothing).
    public var journalHealth: (() -> String?)?

    /// Called when a change was made in memory but could not be journaled: the store
    /// puts the keyspace back to what its files hold, so memory never keeps a change
    /// the disk does not have.
    public var onJournalFailure: (() -> Void)?

    /// The store behind SAVE, BGSAVE, BGREWRITEAOF and LASTSAVE, when there is one.
    public weak var persistence: (any PersistenceControl)?

    /// Commands of the transaction being run, collected to be journaled as one record
    /// (`beginJournalBatch` ... `endJournalBatch`); nil outside one.
    public private(set) var journalBatchInProgress: [JournaledCommand]?

    /// Starts collecting journaled commands instead of writing each (MULTI/EXEC, the
    /// explorer's atomic moves). Nested calls join the outer batch.
    public func beginJournalBatch() -> Bool {
        guard journalBatchInProgress == nil else { return false }
        journalBatchInProgress = []
        return true
    }

    /// Writes what the batch collected as one record; the error text if it failed (the
    /// store has then put the keyspace back to its files).
    /// - Complexity: O(size of the batch).
    public func endJournalBatch() -> String? {
        guard let batch = journalBatchInProgress else { return nil }
        journalBatchInProgress = nil
        guard !batch.isEmpty else { return nil }
        let failure: String?
        if let journalBatch {
            failure = journalBatch(batch)
        } else if let journal {
            failure = batch.lazy.compactMap { journal($0.db, $0.args, $0.nowMs) }.first
        } else {
            failure = nil
        }
        if failure != nil { onJournalFailure?() }
        return failure
    }

    /// Journals one successful command now, or adds it to the batch in progress; the
    /// error text if it could not be made durable (the keyspace is then put back).
    public func journalCommand(_ db: Int, _ args: [[UInt8]], _ nowMs: UInt64) -> String? {
        if journalBatchInProgress != nil {
            journalBatchInProgress!.append((db, args, nowMs))
            return nil
        }
        guard let journal, let failure = journal(db, args, nowMs) else { return nil }
        onJournalFailure?()
        return failure
    }
}
