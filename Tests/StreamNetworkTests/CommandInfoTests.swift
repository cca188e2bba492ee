import RESP
import Testing

/// COMMAND INFO against redis-server: for every command and subcommand both know, the
/// entry equals Redis's exactly (name, arity, flags, first key, last key, step, ACL
/// categories, tips, key specs, RESP types included), but for the list of subcommands,
/// of which StreamScope serves fewer: there only "none" must agree.
@Suite("Serving: COMMAND INFO against redis-server", .serialized)
struct CommandInfoTests {
    /// Where StreamScope differs from Redis on purpose, by name, with the reason. A name
    /// listed here must still differ, so that a stale exception is noticed.
    static let exceptions: [String: String] = [:]

    static func text(_ v: RESPValue) -> String? {
        switch v {
        case .bulkString(let b): return String(decoding: b, as: UTF8.self)
        case .simpleString(let s): return s
        default: return nil
        }
    }

    /// Every entry in `reply` (a COMMAND INFO array), subcommands included, by name; a
    /// container's list of subcommands is replaced by a marker.
    static func entries(_ reply: RESPValue, into out: inout [String: RESPValue]) {
        guard case .array(let items) = reply else { return }
        for item in items {
            guard case .array(var fields) = item, fields.count == 10, let name = text(fields[0]) else {
                if item != .nullBulk { Issue.record("not a COMMAND INFO entry: \(item)") }
                continue
            }
            entries(fields[9], into: &out)
            if fields[9] != .set([]) && fields[9] != .array([]) { fields[9] = .bulk("(subcommands)") }
            out[name] = .array(fields)
        }
    }

    /// The fields a reader checks first, for failure messages.
    static func summary(_ v: RESPValue?) -> String {
        guard case .array(let f)? = v else { return "nothing" }
        return "arity \(f[1]) flags \(f[2]) keys \(f[3]) \(f[4]) \(f[5]) acl \(f[6]) tips \(f[7]) key specs \(f[8])"
    }

    @Test("every command and subcommand both know is described as Redis describes it (7.0 dialect and 7.0.15, 8 dialect and 8.0)",
          arguments: [2, 3], [false, true])
    func infoMatches(protocolVersion: Int, redis8: Bool) throws {
        let pair = try ServerPair(clients: 1, redis8: redis8)
        defer { pair.stop() }
        let theirs = pair.theirClients[0]
        let ours = pair.ourClients[0]
        _ = try theirs.command(["HELLO", String(protocolVersion)])
        _ = try ours.command(["HELLO", String(protocolVersion)])

        guard case .array(let list) = try ours.command(["COMMAND", "LIST"]) else { Issue.record("COMMAND LIST"); return }
        let names = list.compactMap(Self.text)
        #expect(try ours.command(["COMMAND", "COUNT"]) == .integer(Int64(names.count)))
        var mine: [String: RESPValue] = [:], redis: [String: RESPValue] = [:]
        Self.entries(try ours.command(["COMMAND", "INFO"] + names), into: &mine)
        Self.entries(try theirs.command(["COMMAND", "INFO"] + names), into: &redis)
        var compared = 0
        for name in mine.keys.sorted() {
            guard let expected = redis[name] else { continue }
            if let reason = Self.exceptions[name] {
                #expect(mine[name] != expected, "\(name) is listed as an exception (\(reason)) but now agrees")
                continue
            }
            #expect(mine[name] == expected, "COMMAND INFO \(name): ours \(Self.summary(mine[name])), Redis \(Self.summary(expected))")
            compared += 1
        }
        // Everything but the commands Redis 7.0 lacks (CLIENT SETINFO is 7.2's).
        #expect(compared == mine.count - (redis8 ? 0 : 1), "compared \(compared) of \(mine.count)")
        // Subcommands answer by their full name too, as in Redis; unknown names as null.
        var one: [String: RESPValue] = [:]
        Self.entries(try ours.command(["COMMAND", "INFO", "xgroup|help", "nosuch"]), into: &one)
        #expect(one["xgroup|help"] == redis["xgroup|help"])
        #expect(try ours.command(["COMMAND", "INFO", "nosuch"]) == theirs.command(["COMMAND", "INFO", "nosuch"]))
    }
}
