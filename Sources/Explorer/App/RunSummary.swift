import RESP
import StreamEngine

/// The status line after the explorer ran commands for the user: what happened, in
/// numbers, and why when less happened than was asked (a claim that moved nothing, an
/// acknowledgement of entries that were no longer pending). Pure.
enum RunSummary {
    /// One line for a batch and its replies (no error among them). `pending`: the
    /// pending rows on screen before the batch ran, to tell why a claim left some behind.
    /// - Complexity: O(commands + ids named)
    static func line(_ commands: [[[UInt8]]], _ replies: [RESPValue], pending: [PendingRow]) -> String {
        let names = commands.map(name)
        if names.contains("XACK"), names.contains("XADD"), names.allSatisfy({ $0 == "XACK" || $0 == "XADD" }) {
            return deadLetter(commands, replies, names)
        }
        guard let command = commands.last, let reply = replies.last else { return "" }
        return one(command, reply, pending: pending)
    }

    static func name(_ command: [[UInt8]]) -> String {
        command.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
    }

    static func text(_ command: [[UInt8]], _ i: Int) -> String {
        i < command.count ? BinaryText.display(command[i]) : "?"
    }

    static func entries(_ n: Int) -> String { n == 1 ? "1 entry" : "\(n) entries" }

    /// A dead-letter move: XADDs to the dead-letter stream, XACKs in the group.
    static func deadLetter(_ commands: [[[UInt8]]], _ replies: [RESPValue], _ names: [String]) -> String {
        let added = commands.indices.filter { names[$0] == "XADD" }
        let acks = commands.indices.filter { names[$0] == "XACK" }
        let acknowledged = acks.reduce(0) { n, i in
            if i < replies.count, case .integer(let k) = replies[i] { return n + Int(k) }
            return n
        }
        let dead = added.first.map { text(commands[$0], 1) } ?? "?"
        let group = acks.first.map { text(commands[$0], 2) } ?? "?"
        var line = "moved \(entries(added.count)) to '\(dead)' and acknowledged \(added.count == 1 ? "it" : "them") in '\(group)'"
        if added.isEmpty { line = "moved nothing to the dead-letter stream" }
        let gone = acks.count - added.count
        if gone > 0 { line += "; \(entries(gone)) deleted from the stream \(gone == 1 ? "was" : "were") only acknowledged" }
        if acknowledged < acks.count {
            line += "; \(acks.count - acknowledged) \(acks.count - acknowledged == 1 ? "was" : "were") no longer pending"
        }
        return line
    }

    static func one(_ command: [[UInt8]], _ reply: RESPValue, pending: [PendingRow]) -> String {
        let name = name(command)
        let sub = command.count > 1 ? String(decoding: command[1], as: UTF8.self).uppercased() : ""
        switch (name, reply) {
        case ("XADD", .bulkString(let id)): return "added \(String(decoding: id, as: UTF8.self))"
        case ("XACK", .integer(let n)):
            let asked = max(0, command.count - 3)
            if n < asked { return "acknowledged \(n) of \(asked): \(asked - Int(n)) \(asked - Int(n) == 1 ? "was" : "were") no longer pending" }
            return "acknowledged \(n)"
        case ("XCLAIM", .array(let claimed)): return claim(command, claimed.count, pending: pending)
        case ("XAUTOCLAIM", .array(let a)) where a.count >= 2:
            guard case .array(let moved) = a[1] else { break }
            let minIdle = UInt64(text(command, 4)) ?? 0
            var line = moved.isEmpty
                ? "autoclaimed nothing: no pending entry from \(text(command, 5)) was idle for \(TimeText.duration(minIdle))"
                : "autoclaimed \(moved.count) to \(text(command, 3))"
            if a.count > 2, case .array(let deleted) = a[2], !deleted.isEmpty {
                line += "; \(entries(deleted.count)) deleted from the stream left the pending list"
            }
            return line
        case ("XGROUP", .integer(let n)) where sub == "DELCONSUMER":
            let dropped = n == 0 ? "it held no pending entries" : "dropped its \(n) pending \(n == 1 ? "entry" : "entries"), unacknowledged"
            return "deleted consumer '\(text(command, 4))' from '\(text(command, 3))': \(dropped)"
        case ("XGROUP", .integer(let n)) where sub == "DESTROY":
            return n == 1 ? "destroyed group '\(text(command, 3))'" : "group '\(text(command, 3))' was already gone"
        case ("XGROUP", .simpleString) where sub == "CREATE":
            return "created group '\(text(command, 3))' at \(text(command, 4))"
        case ("XGROUP", .simpleString) where sub == "SETID":
            return "group '\(text(command, 3))' now at \(text(command, 4))"
        case ("XTRIM", .integer(let n)): return "trimmed \(n) entries"
        default: break
        }
        return "\(name): " + ReplyText.render(reply).split(separator: "\n").prefix(1).joined()
    }

    /// `XCLAIM key group consumer min-idle id...`: how many moved, and why not the rest:
    /// too fresh for the min-idle (by the idle times on screen), or no longer pending.
    static func claim(_ command: [[UInt8]], _ moved: Int, pending: [PendingRow]) -> String {
        let to = text(command, 3)
        let ids = command.dropFirst(5).compactMap { StreamIDParser.parseID($0, strict: true) }
        guard moved < ids.count else { return "claimed \(moved) to \(to)" }
        let minIdle = UInt64(text(command, 4)) ?? 0
        let idle = Dictionary(pending.map { ($0.id, $0.idleMs) }, uniquingKeysWith: { a, _ in a })
        let left = ids.count - moved
        let tooFresh = min(left, ids.filter { idle[$0].map { $0 < minIdle } ?? false }.count)
        var why: [String] = []
        if tooFresh > 0 {
            let who = tooFresh == left ? (moved == 0 ? "none was" : "the others were") : "\(tooFresh) were"
            why.append("\(who) idle for \(TimeText.duration(minIdle)) yet (min-idle)")
        }
        if left > tooFresh {
            why.append("\(left - tooFresh) no longer pending (acknowledged or deleted meanwhile)")
        }
        let head = moved == 0 ? "claimed nothing of \(entries(ids.count))" : "claimed \(moved) of \(ids.count) to \(to)"
        return head + ": " + why.joined(separator: "; ")
    }
}
