import KafkaModel
import StreamEngine

/// Checks what Codable cannot: ranges (a negative rate, a batch of 0), references
/// between sections (a consumer's unknown group), one-of choices (a trim needs MAXLEN
/// or MINID), and checkpoints' answers. O(size of the lesson).
struct LessonValidator {
    private(set) var problems: [LessonProblem] = []
    private let spec: LessonSpec

    static func check(_ spec: LessonSpec) -> [LessonProblem] {
        var v = LessonValidator(spec: spec)
        v.run()
        return v.problems
    }

    private init(spec: LessonSpec) { self.spec = spec }

    private mutating func add(_ path: String, _ message: String) {
        problems.append(LessonProblem(path: path, message: message))
    }

    /// Whole numbers of the format (times in ms, counts) stay below this, so that no
    /// sum of them can overflow (about 31 years of milliseconds).
    static let largest = 1_000_000_000_000

    private mutating func atLeast(_ value: Int?, _ low: Int, _ path: String, atMost high: Int = largest) {
        guard let value else { return }
        if value < low { add(path, low == 0 ? "must not be negative (is \(value))" : "must be at least \(low) (is \(value))") }
        if value > high { add(path, "must be at most \(high) (is \(value))") }
    }

    private var streamKeys: [String] { spec.streams.map(\.key) }
    private var groupNames: [String] { (spec.groups ?? []).map(\.name) }
    private var consumerNames: [String] { (spec.consumers ?? []).map(\.name) }

    private mutating func run() {
        atLeast(spec.number, 1, "number")
        atLeast(spec.liveFromMs, 0, "liveFromMs")
        if let start = spec.startTime, start > 1_000_000_000_000_000 { add("startTime", "must be at most 1000000000000000 (is \(start))") }
        if spec.name.isEmpty || spec.name.contains(where: { $0 == " " || $0 == "/" }) {
            add("name", "needs a short name without spaces or '/'")
        }
        if spec.streams.isEmpty { add("streams", "needs at least one stream") }
        unique(streamKeys, "streams", "key")
        if let main = spec.mainStream, !streamKeys.contains(main) { add("mainStream", "unknown stream '\(main)'") }
        for (i, p) in (spec.producers ?? []).enumerated() { producer(p, "producers[\(i)]") }
        for (i, g) in (spec.groups ?? []).enumerated() {
            knownStream(g.stream, "groups[\(i)].stream")
            if let start = g.start, start != "$", StreamIDParser.parseID(Array(start.utf8)) == nil {
                add("groups[\(i)].start", "'\(start)' is neither $ nor a stream ID")
            }
        }
        unique(groupNames, "groups", "name")
        for (i, c) in (spec.consumers ?? []).enumerated() { consumer(c, "consumers[\(i)]") }
        unique(consumerNames, "consumers", "name")
        for (i, r) in (spec.readers ?? []).enumerated() {
            let path = "readers[\(i)]"
            knownStream(r.stream, path + ".stream")
            atLeast(r.everyMs, 1, path + ".everyMs")
            atLeast(r.count, 1, path + ".count")
            atLeast(r.startMs, 0, path + ".startMs")
            if let from = r.from, from != "0", from != "$" { add(path + ".from", "must be 0 or $") }
        }
        for (i, c) in (spec.claims ?? []).enumerated() {
            let path = "claims[\(i)]"
            knownConsumer(c.consumer, path + ".consumer")
            atLeast(c.minIdleMs, 0, path + ".minIdleMs")
            atLeast(c.everyMs, 1, path + ".everyMs")
            atLeast(c.count, 1, path + ".count")
            atLeast(c.startMs, 0, path + ".startMs")
        }
        for (i, d) in (spec.deadLetters ?? []).enumerated() {
            knownGroup(d.group, "deadLetters[\(i)].group")
            atLeast(d.maxDeliveries, 1, "deadLetters[\(i)].maxDeliveries")
            atLeast(d.startMs, 0, "deadLetters[\(i)].startMs")
        }
        for (i, t) in (spec.trims ?? []).enumerated() { trim(t, "trims[\(i)]") }
        if let j = spec.journal {
            if !["always", "everysec", "no"].contains(j.fsync) { add("journal.fsync", "must be always, everysec or no") }
            atLeast(j.osFlushMs, 1, "journal.osFlushMs")
        }
        if let k = spec.kafka { kafka(k) }
        if spec.chapters.isEmpty { add("chapters", "needs at least one chapter") }
        let names = spec.chapters.flatMap { ($0.script ?? []).compactMap(\.name) }
        var lastUntil = 0
        for (i, ch) in spec.chapters.enumerated() {
            chapter(ch, "chapters[\(i)]", stepNames: names, after: &lastUntil)
        }
    }

    private mutating func unique(_ names: [String], _ section: String, _ field: String) {
        var seen: Set<String> = []
        for (i, n) in names.enumerated() {
            if n.isEmpty { add("\(section)[\(i)].\(field)", "must not be empty") }
            if !seen.insert(n).inserted { add("\(section)[\(i)].\(field)", "'\(n)' is used twice") }
        }
    }

    private mutating func knownStream(_ key: String, _ path: String) {
        if !streamKeys.contains(key) { add(path, "unknown stream '\(key)'") }
    }

    private mutating func knownGroup(_ name: String, _ path: String) {
        if !groupNames.contains(name) { add(path, "unknown group '\(name)'") }
    }

    private mutating func knownConsumer(_ name: String, _ path: String) {
        if !consumerNames.contains(name) { add(path, "unknown consumer '\(name)'") }
    }

    private mutating func producer(_ p: ProducerSpec, _ path: String) {
        knownStream(p.stream, path + ".stream")
        if p.ratePerSecond < 0 { add(path + ".ratePerSecond", "must not be negative (is \(p.ratePerSecond))") }
        else if !(p.ratePerSecond >= 0.001 && p.ratePerSecond <= 1_000_000) {
            add(path + ".ratePerSecond", "must be between 0.001 and 1000000 (is \(p.ratePerSecond))")
        }
        if p.fields.isEmpty { add(path + ".fields", "needs at least one field") }
        var names: [String] = []
        for (i, f) in p.fields.enumerated() {
            switch FieldTemplate.parse(f) {
            case .success(let t): names.append(t.name)
            case .failure(let e): add("\(path).fields[\(i)]", e.message)
            }
        }
        if let key = p.key, !names.contains(key) { add(path + ".key", "no field named '\(key)'") }
        atLeast(p.startMs, 0, path + ".startMs")
        atLeast(p.stopMs, 0, path + ".stopMs")
        atLeast(p.maxlen, 0, path + ".maxlen")
        atLeast(p.poisonEvery, 1, path + ".poisonEvery")
    }

    private mutating func consumer(_ c: ConsumerSpec, _ path: String) {
        knownGroup(c.group, path + ".group")
        atLeast(c.batch, 1, path + ".batch")
        let p = c.processing
        if let fixed = p.fixedMs {
            atLeast(fixed, 0, path + ".processing.fixedMs")
            if p.minMs != nil || p.maxMs != nil { add(path + ".processing", "give fixedMs or minMs and maxMs, not both") }
        } else if let lo = p.minMs, let hi = p.maxMs {
            atLeast(lo, 0, path + ".processing.minMs")
            atLeast(hi, 0, path + ".processing.maxMs")
            if hi < lo { add(path + ".processing.maxMs", "must not be below minMs") }
        } else {
            add(path + ".processing", "needs fixedMs, or minMs and maxMs")
        }
        if let ack = c.ack, ack != "each", ack != "batch" { add(path + ".ack", "must be each or batch") }
        atLeast(c.startMs, 0, path + ".startMs")
        atLeast(c.crashMs, 0, path + ".crashMs")
        atLeast(c.restartMs, 0, path + ".restartMs")
        atLeast(c.failEvery, 1, path + ".failEvery")
        atLeast(c.pollMs, 1, path + ".pollMs")
        if let r = c.restartMs {
            if let crash = c.crashMs { if r <= crash { add(path + ".restartMs", "must come after crashMs") } }
            else { add(path + ".restartMs", "needs crashMs (a consumer restarts after it crashed)") }
        }
    }

    private mutating func kafka(_ k: KafkaSpec) {
        atLeast(k.partitions, 1, "kafka.partitions", atMost: 1000)
        func oneOf(_ value: String?, _ allowed: [String], _ field: String) {
            if let value, !allowed.contains(value) { add("kafka." + field, "must be one of \(allowed.joined(separator: ", ")) (is '\(value)')") }
        }
        oneOf(k.group, KafkaConfig.GroupKind.allCases.map(\.rawValue), "group")
        oneOf(k.protocol, KafkaConfig.GroupProtocol.allCases.map(\.rawValue), "protocol")
        oneOf(k.assignor, KafkaAssignor.allCases.map(\.rawValue), "assignor")
        oneOf(k.commit, KafkaConfig.CommitMode.allCases.map(\.rawValue), "commit")
        oneOf(k.autoOffsetReset, ["earliest", "latest"], "autoOffsetReset")
        if let field = k.keyField, field != "none",
           !(spec.producers ?? []).contains(where: { p in p.fields.contains { (try? FieldTemplate.parse($0).get())?.name == field } }) {
            add("kafka.keyField", "no producer has a field named '\(field)' (or write none)")
        }
        for (value, field) in [(k.sessionTimeoutMs, "sessionTimeoutMs"), (k.heartbeatIntervalMs, "heartbeatIntervalMs"),
                               (k.maxPollIntervalMs, "maxPollIntervalMs"), (k.maxPollRecords, "maxPollRecords"),
                               (k.autoCommitIntervalMs, "autoCommitIntervalMs"), (k.consumerHeartbeatIntervalMs, "consumerHeartbeatIntervalMs"),
                               (k.consumerSessionTimeoutMs, "consumerSessionTimeoutMs"), (k.recordLockDurationMs, "recordLockDurationMs"),
                               (k.deliveryCountLimit, "deliveryCountLimit"), (k.segmentBytes, "segmentBytes"), (k.segmentMs, "segmentMs"),
                               (k.retentionCheckIntervalMs, "retentionCheckIntervalMs")] {
            atLeast(value, 1, "kafka." + field)
        }
        atLeast(k.initialRebalanceDelayMs, 0, "kafka.initialRebalanceDelayMs")
        atLeast(k.retentionMs, -1, "kafka.retentionMs")
        atLeast(k.retentionBytes, -1, "kafka.retentionBytes")
        if let hb = k.heartbeatIntervalMs {
            let session = k.sessionTimeoutMs ?? Int(KafkaConfig().sessionTimeoutMs)
            if hb >= session { add("kafka.heartbeatIntervalMs", "must be below sessionTimeoutMs (\(session))") }
        }
    }

    private mutating func trim(_ t: TrimSpec, _ path: String) {
        knownStream(t.stream, path + ".stream")
        if (t.maxlen == nil) == (t.minIdAgeMs == nil) { add(path, "needs exactly one of maxlen and minIdAgeMs") }
        if (t.atMs == nil) == (t.everyMs == nil) { add(path, "needs exactly one of atMs and everyMs") }
        atLeast(t.maxlen, 0, path + ".maxlen")
        atLeast(t.minIdAgeMs, 0, path + ".minIdAgeMs")
        atLeast(t.atMs, 0, path + ".atMs")
        atLeast(t.everyMs, 1, path + ".everyMs")
    }

    private mutating func chapter(_ ch: ChapterSpec, _ path: String, stepNames: [String], after lastUntil: inout Int) {
        if ch.title.isEmpty { add(path + ".title", "must not be empty") }
        // Timed steps and questions belong to their chapter's stretch of time.
        let from = lastUntil
        func inChapter(_ at: Int?, _ p: String) {
            guard let at, let until = ch.untilMs else { return }
            if at < from || at >= until { add(p, "\(at) is outside the chapter (\(from) to \(until))") }
        }
        for (i, step) in (ch.script ?? []).enumerated() { inChapter(step.atMs, "\(path).script[\(i)].atMs") }
        for (i, cp) in (ch.checkpoints ?? []).enumerated() { inChapter(cp.atMs, "\(path).checkpoints[\(i)].atMs") }
        if (ch.untilMs == nil) == (ch.events == nil) { add(path, "needs exactly one of untilMs and events") }
        atLeast(ch.untilMs, 1, path + ".untilMs")
        if let until = ch.untilMs {
            if until <= lastUntil { add(path + ".untilMs", "must be later than the chapter before (\(lastUntil))") }
            lastUntil = max(lastUntil, until)
        }
        atLeast(ch.events, 1, path + ".events")
        for (i, step) in (ch.script ?? []).enumerated() { scriptStep(step, "\(path).script[\(i)]") }
        for (i, cp) in (ch.checkpoints ?? []).enumerated() {
            let cpath = "\(path).checkpoints[\(i)]"
            if !(2...4).contains(cp.answers.count) { add(cpath + ".answers", "needs 2 to 4 answers (has \(cp.answers.count))") }
            if cp.correct < 1 || cp.correct > cp.answers.count {
                add(cpath + ".correct", "must number one of the answers, from 1 to \(cp.answers.count)")
            }
            if (cp.atMs == nil) == (cp.after == nil) { add(cpath, "needs exactly one of atMs and after") }
            atLeast(cp.atMs, 0, cpath + ".atMs")
            if let after = cp.after, !stepNames.contains(after) { add(cpath + ".after", "no script step is named '\(after)'") }
            if cp.question.isEmpty { add(cpath + ".question", "must not be empty") }
        }
    }

    private mutating func scriptStep(_ s: ScriptStep, _ path: String) {
        atLeast(s.atMs, 0, path + ".atMs")
        let actions: [Any?] = [s.say, s.command, s.crash, s.restart, s.burst, s.addConsumer, s.xclaim, s.fsync, s.serverCrash, s.report,
                               s.kafkaPartitions]
        let count = actions.filter { $0 != nil }.count
        if count != 1 {
            add(path, "needs exactly one action (say, command, crash, restart, burst, addConsumer, xclaim, fsync, serverCrash, report, "
                + "kafkaPartitions); has \(count)")
        }
        atLeast(s.kafkaPartitions, 1, path + ".kafkaPartitions", atMost: 1000)
        if s.kafkaPartitions != nil, spec.kafka == nil { add(path + ".kafkaPartitions", "the lesson has no Kafka side (add kafka: {...})") }
        if let c = s.command, c.isEmpty { add(path + ".command", "needs a command name") }
        if let c = s.crash { knownConsumer(c, path + ".crash") }
        if let g = s.report { knownGroup(g, path + ".report") }
        if let c = s.restart { knownConsumer(c, path + ".restart") }
        atLeast(s.burst, 1, path + ".burst", atMost: 100_000)
        if let x = s.xclaim {
            knownConsumer(x.consumer, path + ".xclaim.consumer")
            knownConsumer(x.from, path + ".xclaim.from")
            atLeast(x.count, 1, path + ".xclaim.count")
            atLeast(x.minIdleMs, 0, path + ".xclaim.minIdleMs")
        }
        if let a = s.addConsumer {
            if a.isEmpty || consumerNames.contains(a) { add(path + ".addConsumer", "needs a new consumer name") }
            if !(spec.consumers ?? []).contains(where: { _ in true }) { add(path + ".addConsumer", "needs a consumer to copy (the lesson has none)") }
        }
        if let f = s.fsync, !["always", "everysec", "no"].contains(f) { add(path + ".fsync", "must be always, everysec or no") }
        if s.fsync != nil, spec.journal == nil { add(path + ".fsync", "the lesson has no journal (add journal: {fsync: ...})") }
        if let c = s.serverCrash {
            if c != "process" && c != "machine" { add(path + ".serverCrash", "must be process or machine") }
            if spec.journal == nil { add(path + ".serverCrash", "the lesson has no journal") }
        }
    }
}
