import RESP
import Testing

/// COMMAND DOCS against redis-server: for every command and subcommand we serve, the
/// version, group and argument tree (names, types, tokens, flags, nesting) equal
/// Redis's; summaries are our own text, so they are only required to be present.
@Suite("Serving: COMMAND DOCS against redis-server", .serialized)
struct CommandDocsTests {
    /// Prose keys, which Redis fills from its own documentation.
    static let prose: Set<String> = ["summary", "complexity", "history", "doc_flags", "deprecated_since", "replaced_by"]

    /// The reply with prose removed and maps in key order; subcommands limited to `keep`.
    static func facts(_ v: RESPValue, keep: Set<String>) -> RESPValue {
        switch v {
        case .map(let pairs):
            var out: [(RESPValue, RESPValue)] = []
            for (k, value) in pairs {
                guard case .bulkString(let keyBytes) = k else { out.append((k, facts(value, keep: keep))); continue }
                let key = String(decoding: keyBytes, as: UTF8.self)
                if prose.contains(key) { continue }
                if key.contains("|") && !keep.contains(key) { continue }
                out.append((k, facts(value, keep: keep)))
            }
            return .map(out.sorted { "\($0.0)" < "\($1.0)" })
        case .array(let items): return .array(items.map { facts($0, keep: keep) })
        case .set(let items): return .set(items.map { facts($0, keep: keep) })
        default: return v
        }
    }

    /// Every command or subcommand name in a COMMAND DOCS reply, and whether each has a summary.
    static func names(_ v: RESPValue, into out: inout [String: Bool]) {
        guard case .map(let pairs) = v else { return }
        for (k, doc) in pairs {
            guard case .bulkString(let name) = k, case .map(let fields) = doc else { continue }
            var summary = false
            for (fk, fv) in fields {
                if fk == .bulk("summary"), case .bulkString(let text) = fv, !text.isEmpty { summary = true }
                if fk == .bulk("subcommands") { names(fv, into: &out) }
            }
            out[String(decoding: name, as: UTF8.self)] = summary
        }
    }

    @Test("every served command is documented with Redis's versions, groups and argument trees")
    func argumentTreesMatch() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        let theirs = pair.theirClients[0]
        let ours = pair.ourClients[0]
        _ = try theirs.command(["HELLO", "3"])
        _ = try ours.command(["HELLO", "3"])

        var documented: [String: Bool] = [:]
        Self.names(try ours.command(["COMMAND", "DOCS"]), into: &documented)
        let served = try ours.command(["COMMAND", "LIST"])
        guard case .array(let list) = served else { Issue.record("COMMAND LIST: \(served)"); return }
        for item in list {
            guard case .bulkString(let name) = item else { continue }
            #expect(documented[String(decoding: name, as: UTF8.self)] == true, "\(String(decoding: name, as: UTF8.self)) lacks docs or a summary")
        }
        let keep = Set(documented.keys)
        for name in documented.keys.filter({ !$0.contains("|") }).sorted() {
            let a = Self.facts(try theirs.command(["COMMAND", "DOCS", name]), keep: keep)
            let b = Self.facts(try ours.command(["COMMAND", "DOCS", name]), keep: keep)
            #expect(a == b, "COMMAND DOCS \(name)")
        }
        #expect(try ours.command(["COMMAND", "DOCS", "nosuchcommand"]) == .map([]))
    }
}
