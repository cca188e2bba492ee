import RESP
import StreamCommands
import StreamEngine

/// Blocked XREAD / XREADGROUP: parking, waking in arrival order, timeouts.
extension ServerCore {
    /// Parks `client` on the request's keys and arms its timeout. O(keys).
    func park(_ client: ClientState, _ request: BlockRequest) {
        let token = nextBlockToken
        nextBlockToken += 1
        client.parked = ParkedRead(request: request, token: token, sinceMs: keyspace.now)
        var seen: Set<[UInt8]> = []
        for key in request.keys where seen.insert(key).inserted {
            waiters[WatchedKey(db: request.db, key: key), default: []].append(client.id)
        }
        if request.timeoutMs > 0 {
            host?.scheduleTimeout(for: client.id, token: token, milliseconds: request.timeoutMs)
        }
    }

    /// Removes a parked client from its keys' queues. O(keys × waiters per key).
    func unpark(_ client: ClientState) {
        guard let parked = client.parked else { return }
        client.parked = nil
        for key in Set(parked.request.keys) {
            let k = WatchedKey(db: parked.request.db, key: key)
            waiters[k]?.removeAll { $0 == client.id }
            if waiters[k]?.isEmpty == true { waiters[k] = nil }
        }
    }

    /// After a command: retries the reads parked on every key it signalled, each key's
    /// waiters in arrival order, as Redis's `handleClientsBlockedOnKeys` does; replies
    /// go to the woken clients, which then resume their pipelined input.
    /// A key signalled several times by one command (inside EXEC) is retried once, with
    /// its last reason: what counts is the state the command left.
    /// For an embedder that also runs commands on `commands` directly (the explorer
    /// with `--listen`): serves the blocked clients those writes woke. Call it on the
    /// loop, after such commands. O(woken clients).
    public func serveWokenClients() {
        if !readyKeys.isEmpty { serveReadyKeys() }
    }

    func serveReadyKeys() {
        var woken: [ClientState] = []
        while !readyKeys.isEmpty {
            let batch = readyKeys
            readyKeys.removeAll()
            var order: [WatchedKey] = []
            var reasons: [WatchedKey: WakeReason] = [:]
            for (key, reason) in batch {
                if reasons.updateValue(reason, forKey: key) == nil { order.append(key) }
            }
            for key in order {
                guard let queue = waiters[key] else { continue }
                for id in queue {
                    guard let client = clients[id], let parked = client.parked else { continue }
                    guard let reply = parked.request.retry(after: reasons[key]!, session: &client.session, keyspace: keyspace) else { continue }
                    unpark(client)
                    deliver(reply, to: client)
                    woken.append(client)
                }
            }
        }
        for client in woken { resume(client) }
    }

    /// A parked read's timer fired: answers the timeout reply unless the read already ended.
    public func timeout(_ id: Int64, token: UInt64) {
        guard let client = clients[id], let parked = client.parked, parked.token == token else { return }
        unpark(client)
        deliver(parked.request.timeoutReply, to: client)
        resume(client)
    }

    /// Sends one reply outside a `receive` call.
    func deliver(_ value: RESPValue, to client: ClientState) {
        var out: [UInt8] = []
        encode(value, client, &out)
        host?.send(out, to: client.id)
    }

    /// Runs input a client pipelined behind a read that has now ended.
    func resume(_ client: ClientState) {
        guard clients[client.id] != nil else { return }
        var out: [UInt8] = []
        drain(client, into: &out)
        if !out.isEmpty { host?.send(out, to: client.id) }
        if client.closing { host?.close(client.id) }
    }
}
