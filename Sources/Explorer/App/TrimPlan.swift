import StreamEngine

/// What a trim typed by the user would do, worked out before it asks to confirm: where
/// it cuts, and which groups lose pending or undelivered entries. Reads at most
/// `limit` entries from the source (from the nearer end); beyond that it confirms
/// without the per-group accounting.
struct TrimPlan {
    enum Outcome {
        /// The words do not make a trim.
        case invalid(String)
        /// Nothing would be trimmed.
        case nothing(String)
        case confirm(Confirmation)
    }

    /// A trim as typed: `MAXLEN [~|=] n`, `MINID [~|=] id`, or a bare length.
    struct Request: Equatable {
        var strategy: String
        var approximate: Bool
        var argument: String
    }

    /// Reads the words; nil with the reason when they are not a trim. Pure.
    static func parse(_ words: [String]) -> Result<Request, TrimError> {
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
        return .success(Request(strategy: strategy, approximate: approx, argument: arg))
    }

    struct TrimError: Error, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The confirmation for `request` on `stream`, whose groups are `groups`.
    /// - Complexity: at most `limit` entries read, plus the pending entries of groups
    ///   whose oldest pending entry would go.
    static func plan(_ request: Request, stream: StreamSummary, groups: [GroupSummary], utc: Bool,
                     limit: Int, source: any StreamDataSource) -> Outcome {
        let key = stream.key
        let (strategy, approx, arg) = (request.strategy, request.approximate, request.argument)
        // The newest entry the trim would delete (exact trim; `~` deletes no more).
        var cutoff: StreamID?
        var unmeasured = false
        if strategy == "MAXLEN" {
            let n = Int(arg) ?? 0
            let doomed = stream.length - n
            if doomed <= 0 {
                cutoff = nil
            } else if min(doomed, n + 1) > limit {
                // Finding the exact boundary would read too much (from a server, too much
                // to ask of production): confirm without the per-group accounting.
                unmeasured = true
            } else if doomed <= n + 1 {
                cutoff = try? source.entries(key, from: .zero, to: .max, count: doomed, reverse: false, filter: nil, scanLimit: 0).last?.id
            } else {
                // The newest entry that goes is the (n+1)-th from the end.
                cutoff = try? source.entries(key, from: .zero, to: .max, count: n + 1, reverse: true, filter: nil, scanLimit: 0).last?.id
            }
        } else if let id = StreamIDParser.parseID(Array(arg.utf8)) {
            cutoff = try? source.entries(key, from: .zero, to: id.decremented() ?? .zero, count: 1, reverse: true, filter: nil, scanLimit: 0).first?.id
        }
        var cmd = Args.of("XTRIM", BinaryName(key), strategy)
        if approx { cmd += Args.of("~") }
        cmd += Args.of(arg)
        let head = "Trim \(stream.name) with \(strategy)\(approx ? " ~" : "") \(arg)?"
        if unmeasured {
            return .confirm(Confirmation(question: [
                head,
                "About \(Format.count(stream.length - (Int(arg) ?? 0))) entries go: too many to check each group's pending and undelivered entries first (that would read more than \(Format.count(limit)) entries).",
            ], commands: [cmd]))
        }
        guard let cutoff else { return .nothing("nothing to trim: the stream already fits") }
        var lines = [head, "Entries up to \(cutoff) (\(TimeText.format(cutoff.ms, utc: utc))) are deleted\(approx ? " (whole nodes only, so possibly fewer)" : "")."]
        var hurt = false
        for g in groups {
            var notes: [String] = []
            if let p = g.oldestPending, p <= cutoff {
                let n = (try? source.pending(key, group: g.name, count: limit).filter { $0.id <= cutoff }.count) ?? 0
                notes.append("\(n) pending")
            }
            if g.lastDeliveredID < cutoff, let from = g.lastDeliveredID.incremented() {
                let n = (try? source.count(key, from: from, to: cutoff)) ?? 0
                if n > 0 { notes.append("\(n) not yet delivered") }
            }
            if !notes.isEmpty {
                hurt = true
                lines.append("  group '\(g.name)' loses " + notes.joined(separator: " and ") + " entries")
            }
        }
        if !hurt { lines.append("No group has pending or undelivered entries in that range.") }
        return .confirm(Confirmation(question: lines, commands: [cmd]))
    }
}
