/// A cluster's redirection error: `MOVED slot host:port` (the slot lives there now: ask
/// it from now on) or `ASK slot host:port` (this one key is being migrated there: send
/// ASKING, then the command, to that node, once).
public enum ClusterRedirect: Equatable, Sendable {
    case moved(slot: Int, to: NodeAddress)
    case ask(slot: Int, to: NodeAddress)

    /// Parses an error reply's text (without the leading `-`); nil for any other error.
    /// An empty host (`MOVED 3999 :6380`, a node that does not know its endpoint) means
    /// the host of the node that answered: `sender`.
    public init?(error: String, sender: String) {
        let words = error.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, let slot = Int(words[1]), slot >= 0, slot < HashSlot.count,
              var address = NodeAddress.parse(words[2]) else { return nil }
        if address.host.isEmpty { address.host = sender }
        switch words[0] {
        case "MOVED": self = .moved(slot: slot, to: address)
        case "ASK": self = .ask(slot: slot, to: address)
        default: return nil
        }
    }

    public var target: NodeAddress {
        switch self {
        case .moved(_, let a), .ask(_, let a): return a
        }
    }
}
