import StreamServer

/// A transport that is not one: it keeps what the core asks of it (replies for woken
/// clients, closes, timers) for the test to read and to fire.
final class RecordingHost: ServerCoreHost {
    /// Bytes sent outside `receive`, per client, not yet taken.
    private(set) var sent: [Int64: [UInt8]] = [:]
    private(set) var closed: Set<Int64> = []
    /// Timers armed and not yet fired, in the order they were armed.
    private(set) var timers: [(client: Int64, token: UInt64, milliseconds: Int64)] = []

    func send(_ bytes: [UInt8], to client: Int64) { sent[client, default: []] += bytes }
    func close(_ client: Int64) { closed.insert(client) }
    func scheduleTimeout(for client: Int64, token: UInt64, milliseconds: Int64) {
        timers.append((client, token, milliseconds))
    }

    /// What was sent to `client` since the last call.
    func take(_ client: Int64) -> [UInt8] {
        defer { sent[client] = nil }
        return sent[client] ?? []
    }

    /// Fires the oldest timer armed for `client` on `core`, as an event loop would once
    /// its time is up. Returns the milliseconds it was armed for, or nil if none was.
    func fireTimer(of client: Int64, on core: ServerCore) -> Int64? {
        guard let i = timers.firstIndex(where: { $0.client == client }) else { return nil }
        let timer = timers.remove(at: i)
        core.timeout(timer.client, token: timer.token)
        return timer.milliseconds
    }
}
