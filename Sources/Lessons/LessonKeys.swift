import Yams

/// The field names each part of a lesson file may use, so that a misspelt field
/// (`untilMS`, `pollms`) is a problem rather than silently ignored, as Codable would.
/// A field added to `LessonSpec` is added here too: a test encodes a spec with every
/// field set and compares its keys, path by path, with these.
enum LessonKeys {
    /// Known fields by the path of their mapping, indices left out (`chapters.script`).
    static let known: [String: Set<String>] = [
        "": ["number", "name", "title", "summary", "seed", "startTime", "liveFromMs", "mainStream", "streams", "producers", "groups",
             "consumers", "readers", "claims", "deadLetters", "trims", "journal", "kafka", "chapters"],
        "streams": ["key"],
        "producers": ["name", "stream", "ratePerSecond", "fields", "key", "startMs", "stopMs", "maxlen", "poisonEvery"],
        "groups": ["name", "stream", "start"],
        "consumers": ["name", "group", "batch", "processing", "ack", "startMs", "crashMs", "restartMs", "failEvery",
                      "recoverOnRestart", "pollMs"],
        "consumers.processing": ["fixedMs", "minMs", "maxMs"],
        "readers": ["name", "stream", "from", "everyMs", "count", "startMs"],
        "claims": ["consumer", "minIdleMs", "everyMs", "count", "startMs"],
        "deadLetters": ["group", "maxDeliveries", "startMs"],
        "trims": ["stream", "maxlen", "minIdAgeMs", "atMs", "everyMs", "approximate"],
        "journal": ["fsync", "osFlushMs"],
        "kafka": ["partitions", "keyField", "group", "protocol", "assignor", "commit", "autoOffsetReset", "sessionTimeoutMs",
                  "heartbeatIntervalMs", "maxPollIntervalMs", "maxPollRecords", "autoCommitIntervalMs", "initialRebalanceDelayMs",
                  "consumerHeartbeatIntervalMs", "consumerSessionTimeoutMs", "recordLockDurationMs", "deliveryCountLimit",
                  "deadLetterTopic", "retentionMs", "retentionBytes", "segmentBytes", "segmentMs", "retentionCheckIntervalMs"],
        "chapters": ["title", "intro", "untilMs", "events", "script", "checkpoints"],
        "chapters.script": ["atMs", "name", "say", "command", "sentence", "crash", "restart", "burst", "addConsumer",
                            "xclaim", "fsync", "report", "serverCrash", "kafkaPartitions"],
        "chapters.script.xclaim": ["consumer", "from", "count", "minIdleMs"],
        "chapters.checkpoints": ["atMs", "after", "question", "answers", "correct", "explanation"],
    ]

    /// Problems for every field no part of the format knows. O(nodes in the file).
    static func unknownFields(in text: String) -> [LessonProblem] {
        guard let root = try? Yams.compose(yaml: text) else { return [] }
        var problems: [LessonProblem] = []
        walk(root, schema: "", path: "", into: &problems)
        return problems
    }

    private static func walk(_ node: Node, schema: String, path: String, into problems: inout [LessonProblem]) {
        if let items = node.sequence {
            for (i, item) in items.enumerated() { walk(item, schema: schema, path: "\(path)[\(i)]", into: &problems) }
            return
        }
        guard let mapping = node.mapping, let fields = known[schema] else { return }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard fields.contains(name) else {
                let near = fields.first { $0.lowercased() == name.lowercased() }
                problems.append(LessonProblem(path: childPath, message: "unknown field" + (near.map { "; did you mean '\($0)'?" } ?? "")))
                continue
            }
            let childSchema = schema.isEmpty ? name : "\(schema).\(name)"
            if known[childSchema] != nil { walk(value, schema: childSchema, path: childPath, into: &problems) }
        }
    }
}
