import RESP
import StreamCommands

/// One connection's state, owned by `ServerCore`.
final class ClientState {
    let id: Int64
    var session: CommandSession
    var parser: RESPRequestParser
    /// Peer and local address as CLIENT LIST shows them (`ip:port`).
    let address: String
    let localAddress: String
    var authenticated: Bool
    let createdMs: UInt64
    var lastCommandMs: UInt64
    /// The last command's name (lowercased) and, for a container, its subcommand, as
    /// CLIENT LIST renders them. Kept apart from the arguments, which are recycled.
    var lastCommand: (name: String, sub: [UInt8]?)? = nil
    /// CLIENT SETINFO values.
    var libName = ""
    var libVersion = ""
    /// Set when the connection must close after its pending replies are written.
    var closing = false
    /// MULTI state: nil outside a transaction.
    var transaction: Transaction? = nil
    /// WATCHed keys and whether one of them changed since.
    var watched: Set<WatchedKey> = []
    var watchDirty = false
    /// The read this client is parked on, if any.
    var parked: ParkedRead? = nil

    init(id: Int64, address: String, localAddress: String, authenticated: Bool, now: UInt64) {
        self.id = id
        self.session = CommandSession(clientID: id)
        session.encodedReplies = true
        self.parser = RESPRequestParser()
        self.address = address
        self.localAddress = localAddress
        self.authenticated = authenticated
        self.createdMs = now
        self.lastCommandMs = now
    }
}

/// Commands queued between MULTI and EXEC.
struct Transaction {
    var queued: [[[UInt8]]] = []
    /// A command was rejected while queueing: EXEC answers EXECABORT.
    var aborted = false
}

/// A key in one database, as WATCH and blocked reads track it.
struct WatchedKey: Hashable {
    let db: Int
    let key: [UInt8]
}

/// A blocked XREAD / XREADGROUP.
struct ParkedRead {
    let request: BlockRequest
    /// Distinguishes this wait from earlier ones when a stale timeout fires.
    let token: UInt64
    let sinceMs: UInt64
}
