import StreamEngine

/// Where Redis 8.0's COMMAND INFO describes a command differently from 7.0's, for the
/// commands StreamScope serves (checked against both servers by `CommandInfoTests`).
extension CommandRecord {
    /// Tips that Redis 8.0 gives in place of 7.0's, by record name.
    static let redis8Tips: [String: [String]] = [
        "scan": ["nondeterministic_output", "request_policy:special", "response_policy:special"],
        "client|setinfo": ["request_policy:all_nodes", "response_policy:all_succeeded"],
        "client|setname": ["request_policy:all_nodes", "response_policy:all_succeeded"],
        "config|resetstat": ["request_policy:all_nodes", "response_policy:all_succeeded"],
    ]

    /// Redis 8.0's note on the STREAMS key search, which it marks `incomplete`.
    static let redis8StreamsNotes: [String: String] = [
        "xread": "Incomplete because a stream key named STREAMS (or options before it) can shift the STREAMS keyword; fall back to xreadGetKeys",
        "xreadgroup": "Incomplete because a consumer/group named STREAMS (or options before GROUP) can shift the STREAMS keyword; fall back to xreadGetKeys",
    ]

    /// The tips COMMAND INFO reports in `dialect`. O(1).
    public func tips(for dialect: RedisDialect) -> [String] {
        guard dialect.since8_0, let changed = Self.redis8Tips[name] else { return tips }
        return changed
    }

    /// The key specs COMMAND INFO reports in `dialect`. O(specs).
    public func keySpecs(for dialect: RedisDialect) -> [KeySpec] {
        guard dialect.since8_0, let notes = Self.redis8StreamsNotes[name] else { return keySpecs }
        return keySpecs.map { $0.annotated(notes: notes, addingFlag: "incomplete") }
    }
}
