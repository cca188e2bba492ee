import StreamEngine

/// The engine's structural invariants over a whole keyspace, for the harnesses.
public enum StreamInvariantCheck {
    /// A description of every broken invariant of every stream in every database.
    /// `checkNodeLimit` is false once the node size limit may have been lowered after
    /// nodes were filled (then a node may hold more than today's limit).
    /// - Complexity: O(entries + pending entries)
    public static func problems(in keyspace: Keyspace, checkNodeLimit: Bool = true) -> [String] {
        var problems: [String] = []
        for (db, database) in keyspace.databases.enumerated() {
            for (key, value) in database.values {
                guard case .stream(let stream) = value else { continue }
                for p in stream.invariantViolations(config: checkNodeLimit ? keyspace.config : nil) {
                    problems.append("db \(db) key \(String(decoding: key, as: UTF8.self)): \(p)")
                }
            }
        }
        return problems
    }
}
