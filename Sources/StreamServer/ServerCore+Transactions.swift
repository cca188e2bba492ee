import RESP
import StreamCommands
import StreamEngine

/// MULTI / EXEC / DISCARD / WATCH / UNWATCH, with Redis 7.0's replies: queued commands
/// answer QUEUED, a command rejected while queueing makes EXEC answer EXECABORT, a
/// changed WATCHed key makes EXEC answer a null array.
extension ServerCore {
    func multi(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        if client.transaction != nil { return .error("ERR MULTI calls can not be nested") }
        client.transaction = Transaction()
        return .ok
    }

    func discard(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        guard client.transaction != nil else { return .error("ERR DISCARD without MULTI") }
        client.transaction = nil
        unwatchAll(client)
        return .ok
    }

    /// EXEC outside MULTI (inside, `process` calls `exec(_:into:)`).
    func exec(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        .error("ERR EXEC without MULTI")
    }

    /// Runs the queued commands in order, none blocking, and writes the reply array.
    /// Each reply is encoded in the protocol in effect once its command ran, as Redis
    /// writes them (a HELLO inside MULTI changes the encoding of what follows).
    /// O(sum of the commands' costs).
    func exec(_ client: ClientState, into out: inout [UInt8]) {
        guard let transaction = client.transaction else { return }
        client.transaction = nil
        defer { unwatchAll(client) }
        if transaction.aborted {
            encode(.error("EXECABORT Transaction discarded because of previous errors."), client, &out)
            return
        }
        if client.watchDirty {
            encode(.nullArray, client, &out)
            return
        }
        // The transaction's changes reach the journal as one record, so a crash never
        // replays half of it (Redis brackets it with MULTI ... EXEC in its AOF).
        let batching = commands.durability.beginJournalBatch()
        // Redis 7.2 reads the clock once for a whole transaction (every `*` ID, delivery
        // and seen time in it is one instant); 7.0 once per command.
        let pins = keyspace.dialect.since7_2 && keyspace.pinnedNow == nil
        if pins { keyspace.pinnedNow = keyspace.clock.nowMilliseconds() }
        defer { if pins { keyspace.pinnedNow = nil } }
        var replies: [UInt8] = []
        RESPEncoder.appendHeader(UInt8(ascii: "*"), transaction.queued.count, into: &replies)
        for command in transaction.queued {
            switch perform(command, route: route(command[0]), client: client, allowBlocking: false) {
            case .reply(let value): encode(value, client, &replies)
            case .block(let request): encode(request.timeoutReply, client, &replies)
            }
        }
        if batching, let failure = commands.durability.endJournalBatch() {
            // Nothing of it was made durable, and the store put the keyspace back.
            encode(.error(failure), client, &out)
            return
        }
        out += replies
    }

    func watch(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        if client.transaction != nil { return .error("ERR WATCH inside MULTI is not allowed") }
        for key in args.dropFirst() {
            let k = WatchedKey(db: client.session.db, key: key)
            if client.watched.insert(k).inserted { watchers[k, default: []].insert(client.id) }
        }
        return .ok
    }

    func unwatch(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        unwatchAll(client)
        return .ok
    }

    /// Drops every WATCH of `client`. O(watched keys).
    func unwatchAll(_ client: ClientState) {
        for k in client.watched {
            watchers[k]?.remove(client.id)
            if watchers[k]?.isEmpty == true { watchers[k] = nil }
        }
        client.watched.removeAll()
        client.watchDirty = false
    }

    /// The watched keys a write command may change, computed before it runs: the keys
    /// at its record's positions (FLUSHDB and FLUSHALL touch only keys that exist then,
    /// as Redis's `touchAllWatchedKeysInDb`). nil when nothing is watched or the
    /// command does not write. O(1) when no client watches anything.
    func writeTouches(_ args: [[UInt8]], route: Route, client: ClientState) -> [WatchedKey]? {
        guard !watchers.isEmpty, let entry = route.entry, let record = commands.resolve(args, entry: entry),
              record.flags.contains(.write) else { return nil }
        let db = client.session.db
        switch record.name {
        case "flushdb", "flushall":
            return watchers.keys.filter { (record.name == "flushall" || $0.db == db) && keyspace.value($0.db, $0.key) != nil }
        default:
            // XREADGROUP's keys move (none at fixed positions): it touches nothing here.
            return record.keys.keys(in: args).map { WatchedKey(db: db, key: $0) }
        }
    }

    /// Marks WATCHers of `keys` dirty unless the reply says nothing changed (an error,
    /// a null, or a count of 0, as Redis signals only real modifications).
    func touchWatched(_ keys: [WatchedKey], reply: RESPValue, name: String) {
        switch reply {
        case .error, .nullBulk, .nullArray: return
        case .integer(0) where name != "flushdb" && name != "flushall": return
        default: break
        }
        for k in keys {
            for id in watchers[k] ?? [] { clients[id]?.watchDirty = true }
        }
    }
}
