import RESP
import StreamCommands

/// CLIENT ID / SETNAME / GETNAME / LIST / INFO / SETINFO / KILL.
extension ServerCore {
    func client(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        switch String(decoding: args[1], as: UTF8.self).lowercased() {
        case "id":
            return .integer(client.id)
        case "getname":
            return client.session.name.map { .bulkString($0) } ?? .nullBulk
        case "setname":
            let name = args[2]
            if name.contains(where: { $0 < 33 || $0 > 126 }) {
                return .error("ERR Client names cannot contain spaces, newlines or special characters.")
            }
            client.session.name = name.isEmpty ? nil : name
            return .ok
        case "info":
            return .verbatim(format: "txt", text: Array((clientLine(client) + "\n").utf8))
        case "list":
            return clientList(args)
        case "setinfo":
            return clientSetInfo(client, args)
        default:
            return clientKill(client, args)
        }
    }

    /// One CLIENT LIST line, with Redis 7.0's fields (buffer sizes are not tracked and
    /// read 0) and 7.2's lib-name/lib-ver. O(1).
    func clientLine(_ c: ClientState) -> String {
        let now = keyspace.now
        var flags = ""
        if c.parked != nil { flags += "b" }
        if c.watchDirty { flags += "d" }
        if c.transaction != nil { flags += "x" }
        if flags.isEmpty { flags = "N" }
        let name = c.session.name.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let multi = c.transaction.map { String($0.queued.count) } ?? "-1"
        return "id=\(c.id) addr=\(c.address) laddr=\(c.localAddress) fd=\(c.id + 7) name=\(name) "
            + "age=\((now &- c.createdMs) / 1000) idle=\((now &- c.lastCommandMs) / 1000) flags=\(flags) "
            + "db=\(c.session.db) sub=0 psub=0 ssub=0 multi=\(multi) qbuf=\(c.parser.bufferedByteCount) "
            + "qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r "
            + "cmd=\(lastCommandName(c)) user=default redir=-1 resp=\(c.session.protocolVersion) "
            + "lib-name=\(c.libName) lib-ver=\(c.libVersion)"
    }

    /// `cmd=` as Redis shows it: the name, with the subcommand for containers.
    func lastCommandName(_ c: ClientState) -> String {
        guard let (name, sub) = c.lastCommand else { return "NULL" }
        guard let sub else { return name }
        return name + "|" + String(decoding: sub, as: UTF8.self).lowercased()
    }

    /// CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...]. O(clients).
    func clientList(_ args: [[UInt8]]) -> RESPValue {
        var ids: Set<Int64>? = nil
        var onlyNormal = true
        if args.count > 2 {
            let option = String(decoding: args[2], as: UTF8.self).lowercased()
            if option == "type" && args.count == 4 {
                let type = String(decoding: args[3], as: UTF8.self).lowercased()
                guard ["normal", "master", "replica", "slave", "pubsub"].contains(type) else {
                    return .error("ERR Unknown client type '\(CommandServer.errorText(args[3]))'")
                }
                onlyNormal = type == "normal"
            } else if option == "id" && args.count >= 4 {
                var set: Set<Int64> = []
                for a in args.dropFirst(3) {
                    guard let v = Int64(String(decoding: a, as: UTF8.self)), v > 0 else {
                        return .error("ERR Invalid client ID")
                    }
                    set.insert(v)
                }
                ids = set
            } else {
                return .error("ERR syntax error")
            }
        }
        let lines = clients.keys.sorted()
            .filter { onlyNormal && (ids == nil || ids!.contains($0)) }
            .map { clientLine(clients[$0]!) + "\n" }
        return .verbatim(format: "txt", text: Array(lines.joined().utf8))
    }

    /// CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2; redis-py sends it on connect).
    func clientSetInfo(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        let attr = String(decoding: args[2], as: UTF8.self).lowercased()
        let value = args[3]
        guard attr == "lib-name" || attr == "lib-ver" else {
            return .error("ERR Unrecognized option '\(CommandServer.errorText(args[2]))'")
        }
        if value.contains(where: { $0 < 33 || $0 > 126 }) {
            return .error("ERR \(attr) cannot contain spaces, newlines or special characters.")
        }
        if attr == "lib-name" { client.libName = String(decoding: value, as: UTF8.self) }
        else { client.libVersion = String(decoding: value, as: UTF8.self) }
        return .ok
    }

    /// CLIENT KILL addr:port (old form: OK or "No such client"), or the filter form
    /// CLIENT KILL [ID id] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no] (a count).
    func clientKill(_ client: ClientState, _ args: [[UInt8]]) -> RESPValue {
        if args.count == 3 {
            let addr = String(decoding: args[2], as: UTF8.self)
            guard let victim = clients.values.first(where: { $0.address == addr }) else {
                return .error("ERR No such client")
            }
            kill(victim, by: client)
            return .ok
        }
        var id: Int64? = nil, addr: String? = nil, laddr: String? = nil
        var skipMe = true
        var i = 2
        while i < args.count {
            guard i + 1 < args.count else { return .error("ERR syntax error") }
            let option = String(decoding: args[i], as: UTF8.self).lowercased()
            let value = String(decoding: args[i + 1], as: UTF8.self)
            switch option {
            case "id":
                guard let v = Int64(value), v > 0 else { return .error("ERR client-id should be greater than 0") }
                id = v
            case "addr": addr = value
            case "laddr": laddr = value
            case "skipme":
                switch value.lowercased() {
                case "yes": skipMe = true
                case "no": skipMe = false
                default: return .error("ERR syntax error")
                }
            case "type", "user", "maxage":
                return .error("ERR syntax error")
            default:
                return .error("ERR syntax error")
            }
            i += 2
        }
        let victims = clients.values.filter { c in
            (id == nil || c.id == id) && (addr == nil || c.address == addr) && (laddr == nil || c.localAddress == laddr)
                && !(skipMe && c.id == client.id)
        }
        for v in victims { kill(v, by: client) }
        return .integer(Int64(victims.count))
    }

    /// Closes another client at once, or this one after its reply.
    func kill(_ victim: ClientState, by killer: ClientState) {
        victim.closing = true
        if victim.id != killer.id {
            disconnect(victim.id)
            host?.close(victim.id)
        }
    }
}
