import RESP
import StreamEngine

/// A blocking read that found nothing to serve: the keys it waits on and how to try
/// again. The caller (the server, a test, the explorer) parks it and calls `retry`
/// whenever the keyspace signals one of its keys; a reply ends the wait.
public struct BlockRequest {
    public let db: Int
    public let keys: [[UInt8]]
    /// Milliseconds to wait; 0 waits forever.
    public let timeoutMs: Int64
    /// XREADGROUP: woken with an error when its key or group disappears.
    public let isGroupRead: Bool
    /// The command that blocked, journaled when a group read is finally served.
    let args: [[UInt8]]
    /// Where that journaling goes.
    let durability: Durability
    let attempt: (inout CommandSession, Keyspace) throws -> RESPValue?

    init(db: Int, keys: [[UInt8]], timeoutMs: Int64, isGroupRead: Bool, args: [[UInt8]], durability: Durability,
         attempt: @escaping (inout CommandSession, Keyspace) throws -> RESPValue?) {
        self.db = db
        self.args = args
        self.durability = durability
        self.keys = keys
        self.timeoutMs = timeoutMs
        self.isGroupRead = isGroupRead
        self.attempt = attempt
    }

    /// Tries the read again after `reason` was signalled for one of the keys. Returns
    /// the reply that ends the wait, or nil to keep waiting.
    public func retry(after reason: WakeReason, session: inout CommandSession, keyspace: Keyspace) -> RESPValue? {
        if reason == .keyGone && !isGroupRead { return nil }
        let pins = keyspace.pinnedNow == nil
        if pins { keyspace.pinnedNow = keyspace.clock.nowMilliseconds() }
        defer { if pins { keyspace.pinnedNow = nil } }
        do {
            let reply = try attempt(&session, keyspace)
            // A group read served now delivered entries: that changed the group.
            if isGroupRead, reply != nil, let failure = durability.journalCommand(db, args, keyspace.now) {
                return .error(failure)
            }
            return reply
        } catch let e as ReplyError {
            return .error(e.message)
        } catch let e as StreamError {
            return .error(e.message)
        } catch {
            return .error("ERR \(error)")
        }
    }

    /// The reply when the wait times out.
    public var timeoutReply: RESPValue { .nullArray }
}
