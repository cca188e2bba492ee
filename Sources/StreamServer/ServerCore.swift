import RESP
import StreamCommands
import StreamEngine

/// What the core needs from the transport: delivering replies that are not an answer to
/// the bytes just received (woken blocked clients), closing connections and timers.
public protocol ServerCoreHost: AnyObject {
    /// Writes `bytes` to `client` and flushes.
    func send(_ bytes: [UInt8], to client: Int64)
    /// Closes `client` after its pending writes.
    func close(_ client: Int64)
    /// Calls `ServerCore.timeout(client, token:)` after `milliseconds`.
    func scheduleTimeout(for client: Int64, token: UInt64, milliseconds: Int64)
    /// `client` has input left that was not run because its replies reached the batch
    /// limit: call `continueInput` once its output has room.
    func inputWaiting(for client: Int64)
}

extension ServerCoreHost {
    public func inputWaiting(for client: Int64) {}
}

/// The server without sockets: every connection's state, the command table over one
/// keyspace, blocked reads, transactions and the connection/server commands. Not
/// thread-safe: one owner (the server's event loop, or a test) calls it.
///
/// Bytes in, bytes out: `receive` parses a connection's input, runs complete commands
/// in order (pipelining) and appends their encoded replies to `out`.
public final class ServerCore {
    public let commands: CommandServer
    public var keyspace: Keyspace { commands.keyspace }
    public var settings: ServerSettings
    public weak var host: (any ServerCoreHost)?

    var clients: [Int64: ClientState] = [:]
    private var nextClientID: Int64 = 1
    /// Blocked clients per key, in arrival order.
    var waiters: [WatchedKey: [Int64]] = [:]
    var nextBlockToken: UInt64 = 1
    /// Key events raised by the command being run; handled after it.
    var readyKeys: [(WatchedKey, WakeReason)] = []
    /// Clients whose WATCH includes a key.
    var watchers: [WatchedKey: Set<Int64>] = [:]
    /// Command names as sent, resolved (see `route(_:)`).
    var routes: [[UInt8]: Route] = [:]
    var lastRoute: (raw: [UInt8], route: Route)? = nil

    let startMs: UInt64
    let runID: String
    var stats = Stats()

    struct Stats {
        var connectionsReceived: Int64 = 0
        var commandsProcessed: Int64 = 0
        var rejectedConnections: Int64 = 0
        var inputBytes: Int64 = 0
        var outputBytes: Int64 = 0
    }

    /// Complexity: O(1) (the handler check runs once per process).
    public init(commands: CommandServer, settings: ServerSettings = ServerSettings()) {
        precondition(Self.handlerMismatch.missing.isEmpty && Self.handlerMismatch.stray.isEmpty,
                     "server handlers do not match the records the server runs: \(Self.handlerMismatch)")
        self.commands = commands
        self.settings = settings
        self.startMs = commands.keyspace.now
        var g = SystemRandomNumberGenerator()
        self.runID = String((0..<40).map { _ in "0123456789abcdef".randomElement(using: &g)! })
        commands.keyspace.onKeyEvent = { [unowned self] db, key, reason in
            // Only keys someone waits on matter: most XADDs have no reader parked.
            guard !self.waiters.isEmpty else { return }
            let k = WatchedKey(db: db, key: key)
            if self.waiters[k] != nil { self.readyKeys.append((k, reason)) }
        }
    }

    // MARK: Connections

    /// Registers a connection. Returns its ID, or nil when `maxclients` is reached (the
    /// caller writes `maxClientsError` and closes). O(1).
    public func connect(address: String, localAddress: String) -> Int64? {
        stats.connectionsReceived += 1
        if clients.count >= settings.maxClients {
            stats.rejectedConnections += 1
            return nil
        }
        let id = nextClientID
        nextClientID += 1
        clients[id] = ClientState(id: id, address: address, localAddress: localAddress,
                                  authenticated: settings.requirePass == nil, now: keyspace.now)
        return id
    }

    /// Redis's reply to a connection over `maxclients`.
    public static let maxClientsError = Array("-ERR max number of clients reached\r\n".utf8)

    /// Forgets a closed connection: unparks it and drops its WATCHes. O(keys it waits on or watches).
    public func disconnect(_ id: Int64) {
        guard let client = clients[id] else { return }
        unpark(client)
        unwatchAll(client)
        clients[id] = nil
    }

    public var connectedClients: Int { clients.count }
    public var blockedClients: Int { clients.values.reduce(0) { $0 + ($1.parked == nil ? 0 : 1) } }

    // MARK: Input

    /// Takes bytes received from `id`, runs every complete command (unless the client
    /// is blocked) and appends the replies to `out`. Returns false when the connection
    /// must be closed once `out` is written (QUIT, protocol error, CLIENT KILL, query
    /// buffer over its limit).
    ///
    /// Complexity: O(bytes) for parsing plus the commands' own costs.
    public func receive(_ bytes: some Collection<UInt8>, from id: Int64, into out: inout [UInt8]) -> Bool {
        take(bytes, from: id, into: &out)
    }

    /// `receive` for the bytes a socket read hands over. Its own entry point, so that a
    /// transport in another module (StreamNetwork) calls code specialized for raw bytes,
    /// as it did when both were one module, rather than the generic entry, where every
    /// use of the bytes goes through the `Collection` witness table. Complexity: as `receive`.
    public func receive(_ bytes: UnsafeRawBufferPointer, from id: Int64, into out: inout [UInt8]) -> Bool {
        take(bytes, from: id, into: &out)
    }

    @inline(__always)
    private func take(_ bytes: some Collection<UInt8>, from id: Int64, into out: inout [UInt8]) -> Bool {
        guard let client = clients[id] else { return false }
        stats.inputBytes += Int64(bytes.count)
        client.parser.append(bytes)
        drain(client, into: &out)
        return !client.closing
    }

    /// Reply bytes one batch of a client's input may produce before the rest waits for
    /// its output to drain: with the transport's output limit, this bounds what a client
    /// that never reads its replies can make the server hold.
    public static let outputBatchLimit = 256 << 10

    /// Runs input a client sent earlier that `outputBatchLimit` held back. Returns
    /// whether any command ran, and false for `keepOpen` when the connection must close.
    /// - Complexity: the commands' own costs.
    public func continueInput(from id: Int64, into out: inout [UInt8]) -> (ran: Bool, keepOpen: Bool) {
        guard let client = clients[id] else { return (false, false) }
        guard client.parser.bufferedByteCount > 0, client.parked == nil else { return (false, !client.closing) }
        let before = stats.commandsProcessed
        drain(client, into: &out)
        return (stats.commandsProcessed != before, !client.closing)
    }

    /// Runs the client's buffered commands until it blocks, closes, runs out of input,
    /// or its replies in `out` pass `outputBatchLimit`.
    func drain(_ client: ClientState, into out: inout [UInt8]) {
        // One clock reading per batch of input, for CLIENT LIST's idle time.
        client.lastCommandMs = keyspace.now
        let start = out.count
        while client.parked == nil && !client.closing {
            if out.count - start >= Self.outputBatchLimit {
                host?.inputWaiting(for: client.id)
                break
            }
            let args: [[UInt8]]
            do {
                guard let next = try client.parser.next() else { break }
                args = next
            } catch {
                out.append(UInt8(ascii: "-"))
                out.append(contentsOf: error.replyBytes)
                out.append(contentsOf: [13, 10])
                client.closing = true
                break
            }
            process(args, client: client, into: &out)
            client.parser.recycle(args)
            if !readyKeys.isEmpty { serveReadyKeys() }
        }
        if client.parser.bufferedByteCount > settings.maxQueryBuffer {
            // Redis closes such a client without a reply.
            client.closing = true
        }
    }

    /// One command from the wire: Redis's `processCommand` checks, in its order, then
    /// queueing (MULTI) or execution.
    func process(_ args: [[UInt8]], client: ClientState, into out: inout [UInt8]) {
        stats.commandsProcessed += 1
        let route = self.route(args[0])
        // Redis shows `cmd=NULL` after an unknown command; a subcommand name longer than
        // any is unknown too, and is not kept.
        if !route.isKnown || (route.isContainer && args.count > 1 && args[1].count > Self.longestCommandName) {
            client.lastCommand = nil
        } else {
            client.lastCommand = (route.name, route.isContainer && args.count > 1 ? args[1] : nil)
        }
        // Outside MULTI and once authenticated, the command table's own checks give the
        // same errors as this pre-check, so an engine command skips it.
        let precheck = route.server != nil || client.transaction != nil || !client.authenticated
        if precheck, let rejection = rejection(of: args, route: route) {
            if client.transaction != nil { client.transaction!.aborted = true }
            let text = route.isExec
                ? "EXECABORT Transaction discarded because of: " + rejection.dropFirst(4)
                : rejection
            encode(.error(text), client, &out)
            return
        }
        if !client.authenticated && !route.isNoAuth {
            if client.transaction != nil { client.transaction!.aborted = true }
            encode(.error("NOAUTH Authentication required."), client, &out)
            return
        }
        if client.transaction != nil && !route.isTransactionControl {
            client.transaction!.queued.append(args)
            encode(.simpleString("QUEUED"), client, &out)
            return
        }
        if route.isExec && client.transaction != nil {
            exec(client, into: &out)
            return
        }
        switch perform(args, route: route, client: client, allowBlocking: true) {
        case .reply(let value):
            encode(value, client, &out)
        case .block(let request):
            park(client, request)
        }
    }

    /// Redis's error for an unknown command or a wrong argument count, or nil.
    func rejection(of args: [[UInt8]], route: Route) -> String? {
        guard let entry = route.entry else { return CommandServer.unknownCommandError(args) }
        return commands.rejection(args, entry: entry)?.message
    }

    /// Runs a command that passed the checks. Blocking reads may park only when
    /// `allowBlocking` (not inside EXEC).
    func perform(_ args: [[UInt8]], route: Route, client: ClientState, allowBlocking: Bool) -> CommandOutcome {
        if let server = route.server {
            return .reply(server(self, client, args))
        }
        guard let entry = route.entry else { return .reply(.error(CommandServer.unknownCommandError(args))) }
        let touched = writeTouches(args, route: route, client: client)
        client.session.denyBlocking = !allowBlocking
        let outcome = commands.run(args, entry: entry, session: &client.session)
        client.session.denyBlocking = false
        if case .reply(let value) = outcome, let touched { touchWatched(touched, reply: value, name: route.name) }
        return outcome
    }

    /// Encodes for the client's protocol version and counts output. O(reply size).
    func encode(_ value: RESPValue, _ client: ClientState, _ out: inout [UInt8]) {
        let before = out.count
        RESPEncoder.encode(value, protocolVersion: client.session.protocolVersion, into: &out)
        stats.outputBytes += Int64(out.count - before)
    }
}
