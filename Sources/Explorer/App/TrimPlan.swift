import StreamEngine

/// What a trim typed by the user would do, worked out before it asks to confirm: where
/// it cuts, and which groups lose pending or undelivered entries. Reads at most
/// `limit` entries from the source (from the nearer end); beyond that it confirms
/// without the per-group accounting.
public struct TrimPlan {
    public enum Outcome: Sendable {
        /// The words do not make a trim.
        case invalid(String)
        /// Nothing would be trimmed.
        case nothing(String)
        case confirm(Confirmation)
    }

    /// A trim as typed: `MAXLEN [~|=] n`, `MINID [~|=] id`, or a bare length, then
    /// optionally Redis 8.2's `KEEPREF`, `DELREF` or `ACKED`.
    struct Request: Equatable {
        var strategy: String
        var approximate: Bool
        var argument: String
        var policy: String? = nil
    }

    /// Reads the words; nil with the reason when they are not a trim. Pure.
    static func parse(_ words: [String]) -> Result<Request, TrimError> {
        var words = words
        var policy: String? = nil
        if let last = words.last?.uppercased(), ["KEEPREF", "DELREF", "ACKED"].contains(last) {
            policy = last
            words.removeLast()
        }
        var w = words.map { $0.uppercased() }
        var strategy = "MAXLEN"
        if w.first == "MAXLEN" || w.first == "MINID" { strategy = w.removeFirst() }
        var approx = false
        if w.first == "~" || w.first == "=" { approx = w.removeFirst() == "~" }
        guard w.count == 1, let arg = words.last else { return .failure(TrimError("trim takes a length, ~ length, or MINID <id>")) }
        if strategy == "MAXLEN" {
            guard let n = Int(arg), n >= 0 else { return .failure(TrimError("'\(arg)' is not a length")) }
        } else {
            guard StreamIDParser.parseID(Array(arg.utf8)) != nil else { return .failure(TrimError("'\(arg)' is not a stream ID")) }
        }
        return .success(Request(strategy: strategy, approximate: approx, argument: arg, policy: policy))
    }

    struct TrimError: Error, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// What the source holds that a trim's confirmation depends on: where it would cut,
    /// and what each group would lose. Read by `measure`, used by the pure `outcome`.
    struct Facts: Equatable, Sendable {
        /// The newest entry the trim would delete (exact trim; `~` deletes no more);
        /// nil when nothing would go.
        var cutoff: StreamID?
        /// Finding the cut would have read more than the limit: no per-group accounting.
        var unmeasured = false
        /// Per group in the stream's order, what it would lose.
        var losses: [Loss] = []
    }

    /// One group's loss: its pending entries at or before the cut (nil when its oldest
    /// pending entry is after it), and the undelivered ones at or before the cut (nil
    /// when it has read past the cut).
    struct Loss: Equatable, Sendable {
        var group: BinaryName
        var pending: Int?
        var undelivered: Int?
    }

    /// Reads from `source` where `request` would cut `stream` and what each of `groups`
    /// would lose. - Complexity: at most `limit` entries read, plus the pending entries
    /// of groups whose oldest pending entry would go.
    static func measure(_ request: Request, stream: StreamSummary, groups: [GroupSummary], limit: Int,
                        source: any StreamDataSource) -> Facts {
        let key = stream.key
        var facts = Facts()
        if request.strategy == "MAXLEN" {
            let n = Int(request.argument) ?? 0
            let doomed = stream.length - n
            if doomed <= 0 {
                return facts
            } else if min(doomed, n + 1) > limit {
                // Finding the exact boundary would read too much (from a server, too much
                // to ask of production): confirm without the per-group accounting.
                facts.unmeasured = true
                return facts
            } else if doomed <= n + 1 {
                facts.cutoff = try? source.entries(key, from: .zero, to: .max, count: doomed, reverse: false, filter: nil, scanLimit: 0).last?.id
            } else {
                // The newest entry that goes is the (n+1)-th from the end.
                facts.cutoff = try? source.entries(key, from: .zero, to: .max, count: n + 1, reverse: true, filter: nil, scanLimit: 0).last?.id
            }
        } else if let id = StreamIDParser.parseID(Array(request.argument.utf8)) {
            facts.cutoff = try? source.entries(key, from: .zero, to: id.decremented() ?? .zero, count: 1, reverse: true, filter: nil, scanLimit: 0).first?.id
        }
        guard let cutoff = facts.cutoff else { return facts }
        for g in groups {
            var pending: Int?
            var undelivered: Int?
            if let p = g.oldestPending, p <= cutoff {
                pending = (try? source.pending(key, group: g.name, count: limit).filter { $0.id <= cutoff }.count) ?? 0
            }
            if g.lastDeliveredID < cutoff, let from = g.lastDeliveredID.incremented() {
                undelivered = (try? source.count(key, from: from, to: cutoff)) ?? 0
            }
            facts.losses.append(Loss(group: g.name, pending: pending, undelivered: undelivered))
        }
        return facts
    }

    /// The confirmation for `request` on `stream`, given what `measure` found. Pure.
    /// - Complexity: O(groups)
    /// `offersACKED`: the source has Redis 8.2's policies, so a trim that would take
    /// what a group still needs says how ACKED would keep it.
    static func outcome(_ request: Request, stream: StreamSummary, facts: Facts, utc: Bool, limit: Int,
                        offersACKED: Bool = false) -> Outcome {
        let (strategy, approx, arg) = (request.strategy, request.approximate, request.argument)
        var cmd = Args.of("XTRIM", BinaryName(stream.key), strategy)
        if approx { cmd += Args.of("~") }
        cmd += Args.of(arg)
        if let p = request.policy { cmd += Args.of(p) }
        let head = "Trim \(stream.name) with \(strategy)\(approx ? " ~" : "") \(arg)\(request.policy.map { " " + $0 } ?? "")?"
        if facts.unmeasured {
            return .confirm(Confirmation(question: [
                head,
                "About \(Format.count(stream.length - (Int(arg) ?? 0))) entries go: too many to check each group's pending and undelivered entries first (that would read more than \(Format.count(limit)) entries).",
            ], commands: [cmd]))
        }
        guard let cutoff = facts.cutoff else { return .nothing("nothing to trim: the stream already fits") }
        if request.policy == "ACKED" { return acked(head, cmd, cutoff: cutoff, facts: facts, utc: utc) }
        var lines = [head, "Entries up to \(cutoff) (\(TimeText.format(cutoff.ms, utc: utc))) are deleted\(approx ? " (whole nodes only, so possibly fewer)" : "")"
                     + (request.policy == "DELREF" ? ", and dropped from every group's pending list." : ".")]
        var hurt = false
        for loss in facts.losses {
            var notes: [String] = []
            if let n = loss.pending { notes.append("\(n) pending") }
            if let n = loss.undelivered, n > 0 { notes.append("\(n) not yet delivered") }
            if !notes.isEmpty {
                hurt = true
                lines.append("  group '\(loss.group)' loses " + notes.joined(separator: " and ") + " entries")
            }
        }
        if !hurt { lines.append("No group has pending or undelivered entries in that range.") }
        if hurt && offersACKED && request.policy == nil {
            lines.append("(add ACKED to keep what a group still needs: '\(strategy)\(approx ? " ~" : "") \(arg) ACKED')")
        }
        return .confirm(Confirmation(question: lines, commands: [cmd]))
    }

    /// The confirmation of an ACKED trim: what goes, and per group what stays and why
    /// (pending there: delivered, not acknowledged; or not yet delivered to it). Pure.
    static func acked(_ head: String, _ cmd: [[UInt8]], cutoff: StreamID, facts: Facts, utc: Bool) -> Outcome {
        var lines = [head, "Of the entries up to \(cutoff) (\(TimeText.format(cutoff.ms, utc: utc))), only those every group has read and acknowledged are deleted."]
        var kept = false
        for loss in facts.losses {
            var why: [String] = []
            if let n = loss.pending, n > 0 { why.append("\(n) still pending there (delivered, not acknowledged)") }
            if let n = loss.undelivered, n > 0 { why.append("\(n) not yet delivered to it") }
            if !why.isEmpty {
                kept = true
                lines.append("  kept for group '\(loss.group)': " + why.joined(separator: ", "))
            }
        }
        if !kept { lines.append("Every group has read and acknowledged them: all of them go.") }
        return .confirm(Confirmation(question: lines, commands: [cmd]))
    }
}
