import StreamEngine

/// Moving pending entries to the dead-letter stream: for each, an XADD of its fields to
/// `<stream><suffix>` with where it came from, and an XACK; entries deleted from the
/// stream meanwhile are only acknowledged. Run as one MULTI/EXEC.
enum DeadLetterPlan {
    /// Reads each of `ids` from the stream once; nil for those deleted meanwhile.
    /// - Complexity: O(ids) reads of one entry each.
    static func fetch(_ ids: [StreamID], key: [UInt8], source: any StreamDataSource) -> [EntryRow?] {
        ids.map { id in try? source.entries(key, from: id, to: id, count: 1, reverse: false, filter: nil, scanLimit: 1).first }
    }

    /// The confirmation for moving `ids` of `group` on `key`, given the entries `fetch`
    /// read (`rows[i]` for `ids[i]`). Pure. - Complexity: O(ids + their fields)
    static func confirmation(_ ids: [StreamID], rows: [EntryRow?], key: [UInt8], group: BinaryName, suffix: String,
                             deliveries: [StreamID: UInt64]) -> Confirmation {
        let dead = BinaryName(key + Array(suffix.utf8))
        var commands: [[[UInt8]]] = []
        var gone = 0
        for (id, row) in zip(ids, rows) {
            if let row {
                var cmd = Args.of("XADD", dead, "*", "source-id", id, "source-group", group, "deliveries", deliveries[id] ?? 0)
                for (f, v) in row.pairs { cmd += [f, v] }
                commands.append(cmd)
            } else {
                gone += 1
            }
            commands.append(Args.of("XACK", BinaryName(key), group, id))
        }
        var question = ["Move \(ids.count) \(ids.count == 1 ? "entry" : "entries") to '\(dead)' and acknowledge them in '\(group)'?",
                        Reducer.preview(ids)]
        if gone > 0 { question.append("\(gone) of them were deleted from the stream: they are only acknowledged.") }
        return Confirmation(question: question, commands: commands, atomic: true)
    }
}
