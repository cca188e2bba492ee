import RESP
import Testing

/// COMMAND INFO against redis-server: for every command and subcommand both know, the
/// arity, flags (as a set), first key, last key, step and ACL categories equal Redis's.
/// Tips and key specs are not compared (StreamScope gives none).
@Suite("Serving: COMMAND INFO against redis-server", .serialized)
struct CommandInfoTests {
    /// Where StreamScope differs from Redis on purpose, by name, with the reason. A name
    /// listed here must still differ, so that a stale exception is noticed.
    static let exceptions: [String: String] = [:]

    /// One COMMAND INFO entry's facts, and its subcommands' entries by name.
    struct Facts: Equatable, CustomStringConvertible {
        var arity: Int64 = 0
        var flags: Set<String> = []
        var first: Int64 = 0, last: Int64 = 0, step: Int64 = 0
        var categories: Set<String> = []
        var description: String {
            "arity \(arity) flags \(flags.sorted()) keys \(first) \(last) \(step) acl \(categories.sorted())"
        }
    }

    static func text(_ v: RESPValue) -> String? {
        switch v {
        case .bulkString(let b): return String(decoding: b, as: UTF8.self)
        case .simpleString(let s): return s
        default: return nil
        }
    }

    static func strings(_ v: RESPValue) -> Set<String> {
        switch v {
        case .array(let items), .set(let items): return Set(items.compactMap(text))
        default: return []
        }
    }

    /// Every entry in `reply` (a COMMAND INFO array), subcommands included, by name.
    static func entries(_ reply: RESPValue, into out: inout [String: Facts]) {
        guard case .array(let items) = reply else { return }
        for item in items {
            guard case .array(let f) = item, f.count == 10, let name = text(f[0]),
                  case .integer(let arity) = f[1], case .integer(let first) = f[3],
                  case .integer(let last) = f[4], case .integer(let step) = f[5] else { continue }
            out[name] = Facts(arity: arity, flags: strings(f[2]), first: first, last: last, step: step, categories: strings(f[6]))
            entries(f[9], into: &out)
        }
    }

    @Test("every command and subcommand both know has Redis's arity, flags, key positions and ACL categories")
    func infoMatches() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        let theirs = pair.theirClients[0]
        let ours = pair.ourClients[0]

        guard case .array(let list) = try ours.command(["COMMAND", "LIST"]) else { Issue.record("COMMAND LIST"); return }
        let names = list.compactMap(Self.text)
        #expect(try ours.command(["COMMAND", "COUNT"]) == .integer(Int64(names.count)))
        var mine: [String: Facts] = [:], redis: [String: Facts] = [:]
        Self.entries(try ours.command(["COMMAND", "INFO"] + names), into: &mine)
        Self.entries(try theirs.command(["COMMAND", "INFO"] + names), into: &redis)
        var compared = 0
        for name in mine.keys.sorted() {
            guard let expected = redis[name] else { continue }
            if let reason = Self.exceptions[name] {
                #expect(mine[name] != expected, "\(name) is listed as an exception (\(reason)) but now agrees")
                continue
            }
            #expect(mine[name] == expected, "COMMAND INFO \(name): ours \(mine[name]!), Redis \(expected)")
            compared += 1
        }
        // Everything but the commands Redis 7.0 lacks (CLIENT SETINFO is 7.2's).
        #expect(compared >= mine.count - 1, "compared \(compared) of \(mine.count)")
        // Subcommands answer by their full name too, as in Redis.
        var one: [String: Facts] = [:]
        Self.entries(try ours.command(["COMMAND", "INFO", "xgroup|help", "nosuch"]), into: &one)
        #expect(one["xgroup|help"] == redis["xgroup|help"])
        #expect(try ours.command(["COMMAND", "INFO", "nosuch"]) == theirs.command(["COMMAND", "INFO", "nosuch"]))
    }
}
