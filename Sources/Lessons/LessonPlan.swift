import StreamEngine

/// What a lesson file says, resolved once for the simulation: templates parsed, names
/// turned into indices, script steps and checkpoints in time order. Immutable.
struct LessonPlan: Sendable {
    struct Producer: Sendable {
        var spec: ProducerSpec
        var stream: Int
        var templates: [FieldTemplate]
        /// The XADD's words before the fields (`XADD key [MAXLEN n] *`), as bytes.
        var head: [[UInt8]]
        /// Each template's field name, as bytes.
        var fieldNames: [[UInt8]]
        /// Which template is the key field, if any.
        var keyTemplate: Int?
    }
    struct Group: Sendable {
        var name: String
        var stream: Int
        var start: String
    }
    struct Step: Sendable {
        var chapter: Int
        var spec: ScriptStep
    }
    struct Question: Sendable {
        var chapter: Int
        var spec: CheckpointSpec
    }

    let spec: LessonSpec
    let base: UInt64
    let streams: [String]
    /// `streams` as the engine keys them.
    let streamKeys: [[UInt8]]
    /// Group names as the engine keys them.
    let groupKeys: [[UInt8]]
    let main: Int
    let producers: [Producer]
    let groups: [Group]
    /// The file's consumers (empty when it has none).
    let consumers: [ConsumerSpec]
    /// The field naming an entry in sentences, per stream (from its first producer with a key).
    let keyFields: [String?]
    /// Script steps in time order (stable within a time).
    let steps: [Step]
    /// Every checkpoint; a checkpoint's number is its index here.
    let questions: [Question]
    /// Numbers of the checkpoints asked at a time, in time order.
    let timedQuestions: [Int]

    /// `base`, when given, is the epoch ms of lesson time 0 in place of the file's
    /// `startTime` (a live run starts from the wall clock).
    init(_ spec: LessonSpec, base: UInt64? = nil) {
        self.spec = spec
        self.base = base ?? spec.startTime ?? 1_700_000_000_000
        let streams = spec.streams.map(\.key)
        self.streams = streams
        streamKeys = streams.map { Array($0.utf8) }
        main = spec.mainStream.flatMap { streams.firstIndex(of: $0) } ?? 0
        producers = (spec.producers ?? []).map { p in
            let stream = streams.firstIndex(of: p.stream) ?? 0
            let templates = p.fields.compactMap { try? FieldTemplate.parse($0).get() }
            let head = ["XADD", streams[stream]] + (p.maxlen.map { ["MAXLEN", String($0)] } ?? []) + ["*"]
            return Producer(spec: p, stream: stream, templates: templates, head: head.map { Array($0.utf8) },
                            fieldNames: templates.map { Array($0.name.utf8) },
                            keyTemplate: p.key.flatMap { key in templates.firstIndex { $0.name == key } })
        }
        groups = (spec.groups ?? []).map { Group(name: $0.name, stream: streams.firstIndex(of: $0.stream) ?? 0, start: $0.start ?? "$") }
        groupKeys = (spec.groups ?? []).map { Array($0.name.utf8) }
        consumers = spec.consumers ?? []
        let producers = self.producers
        keyFields = streams.indices.map { s in producers.first { $0.stream == s && $0.spec.key != nil }?.spec.key }
        steps = spec.chapters.enumerated().flatMap { (i, ch) in (ch.script ?? []).map { Step(chapter: i, spec: $0) } }
            .enumerated().sorted { ($0.element.spec.atMs, $0.offset) < ($1.element.spec.atMs, $1.offset) }.map(\.element)
        let questions = spec.chapters.enumerated().flatMap { (i, ch) in (ch.checkpoints ?? []).map { Question(chapter: i, spec: $0) } }
        self.questions = questions
        timedQuestions = questions.indices.filter { questions[$0].spec.atMs != nil }
            .sorted { (questions[$0].spec.atMs!, $0) < (questions[$1].spec.atMs!, $1) }
    }

    func group(named name: String) -> Int? { groups.firstIndex { $0.name == name } }

    /// The first group reading the main stream: the one free play acts on.
    var mainGroup: Int? { groups.firstIndex { $0.stream == main } }
}
