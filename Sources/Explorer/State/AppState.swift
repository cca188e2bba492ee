import StreamEngine
import TerminalUI

/// How the pending pane orders its rows.
public enum PendingSort: String, CaseIterable, Sendable {
    case id, idle, deliveries
}

/// How the streams pane orders its rows.
public enum StreamSort: String, CaseIterable, Sendable {
    case name, length, activity
}

extension CaseIterable where Self: Equatable, AllCases.Index == Int {
    /// The next case in declaration order, the first after the last (`s` cycles a
    /// pane's sort this way). O(cases)
    var cycled: Self {
        let all = Self.allCases
        let i = all.firstIndex(of: self) ?? all.startIndex
        return all[i + 1 == all.endIndex ? all.startIndex : i + 1]
    }
}

/// An overlay that takes the keyboard until it closes.
public enum Modal: Sendable {
    /// Every key; `scroll`: rows scrolled down when it does not fit.
    case help(scroll: Int)
    /// A one-line prompt; `purpose` says what its text becomes.
    case input(InputPurpose, InputLine)
    /// The append form: ID, field/value pairs, MAXLEN; `field` is the line being edited.
    case append(AppendForm)
    /// A yes/no question before a destructive action.
    case confirm(Confirmation)
    /// Read-only text: an entry's fields, a command's reply.
    case text(title: String, lines: [String], scroll: Int)
}

/// What a one-line prompt's text becomes: a form of a pane (its `submit` gets the
/// text), or one of the reducer's own (`pane` nil). Each pane's file declares its forms.
public struct InputPurpose: Equatable, Sendable {
    public let name: String
    public let prompt: String
    /// The pane whose `submit` reads the text; nil: the reducer.
    public let pane: PaneID?
    /// Whether the text is read as words by the prompt's quoting rule before `submit`.
    public let readsWords: Bool

    public init(_ name: String, prompt: String, pane: PaneID?, readsWords: Bool) {
        self.name = name
        self.prompt = prompt
        self.pane = pane
        self.readsWords = readsWords
    }

    public static func == (a: InputPurpose, b: InputPurpose) -> Bool { a.name == b.name && a.pane == b.pane }

    public static let command = InputPurpose("command", prompt: ":", pane: nil, readsWords: false)
    public static let jump = InputPurpose("jump", prompt: "jump to (ID, 2026-11-25T14:00, -5m): ", pane: nil, readsWords: false)
    public static let trim = InputPurpose("trim", prompt: "trim to MAXLEN (or MINID <id>) [ACKED|DELREF]: ", pane: nil, readsWords: true)
}

/// A submitted prompt: its text, and its words when the form reads words (as bytes and
/// as text).
public struct FormText: Sendable {
    public var text: String
    public var raw: [[UInt8]]
    public var words: [String] { raw.map { String(decoding: $0, as: UTF8.self) } }
}

public struct AppendForm: Sendable {
    public var id = InputLine("*")
    public var fields = InputLine("")
    public var maxlen = InputLine("")
    /// 0: ID, 1: fields, 2: MAXLEN.
    public var field = 1
    public init() {}
}

/// A destructive action waiting for `y`.
public struct Confirmation: Sendable {
    public var question: [String]
    /// The commands to run on `y` (atomically when `atomic`), as bytes.
    public var commands: [[[UInt8]]]
    public var atomic: Bool
    public init(question: [String], commands: [[[UInt8]]], atomic: Bool = false) {
        self.question = question
        self.commands = commands
        self.atomic = atomic
    }
}

/// The time scrubber: a histogram over the stream's time span (or a zoomed window of
/// it), a cursor and an optional marked range, kept as times so they survive refreshes.
public struct Scrubber: Equatable, Sendable {
    /// nil: the whole stream's span.
    public var window: ClosedRange<UInt64>?
    public var cursorMs: UInt64?
    public var markMs: UInt64?
    public var counts: [Int] = []
    /// The span drawn (the stream's, or `window`).
    public var span: ClosedRange<UInt64> = 0...1
    public init() {}

    public var bucketMs: Double { Double(span.upperBound - span.lowerBound + 1) / Double(max(1, counts.count)) }

    public func bucketStart(_ i: Int) -> UInt64 { span.lowerBound + UInt64(Double(i) * bucketMs) }

    /// The bucket holding `ms`, clamped to the ends.
    public func bucket(of ms: UInt64) -> Int? {
        guard !counts.isEmpty else { return nil }
        if ms <= span.lowerBound { return 0 }
        return min(counts.count - 1, Int(Double(ms - span.lowerBound) / bucketMs))
    }

    public var cursorBucket: Int? { cursorMs.flatMap(bucket(of:)) }

    public var markedBuckets: ClosedRange<Int>? {
        guard let a = markMs.flatMap(bucket(of:)), let b = cursorBucket else { return nil }
        return min(a, b)...max(a, b)
    }

    /// The marked time range, from the earlier bucket's start to the later one's end.
    public var markedTimes: ClosedRange<UInt64>? {
        guard let r = markedBuckets else { return nil }
        return bucketStart(r.lowerBound)...max(bucketStart(r.lowerBound), bucketStart(r.upperBound + 1) - 1)
    }
}

/// Everything on screen, as plain values: the reducer changes it, the view draws it.
public struct AppState: Sendable {
    public var focus: PaneID = .streams
    public var modal: Modal?
    /// The terminal's size in cells: the layout follows from it and the focus.
    public var screenWidth = 80
    public var screenHeight = 24
    /// The first row each table showed in the last frame, so a click maps to its row.
    public var tableOffsets: [PaneID: Int] = [:]
    /// Whether the data source is still working on something (an Esc then cancels it).
    public var sourceBusy = false

    // Streams pane.
    public var streams: [StreamSummary] = []
    /// On a cluster: its nodes (the nodes view) and the one selected there.
    public var clusterNodes: [ClusterNodeRow] = []
    public var selectedNode: String?
    /// Which keys are partitions of one logical stream (`--partitions`), and the groups
    /// of each partition of the selected stream's, by key.
    public var partitionRules = PartitionRules()
    public var partitionGroups: [[UInt8]: [GroupSummary]] = [:]
    public var selectedStream: [UInt8]?
    public var streamFilter = ""
    public var streamSort: StreamSort = .name
    /// Entries added per refresh tick for each stream, newest last (the sparkline).
    public var rates: [[UInt8]: [Int]] = [:]

    // Entries pane.
    public var entries: [EntryRow] = []
    public var selectedEntry: StreamID?
    /// First ID of the window when not following; nil follows the tail.
    public var windowStart: StreamID?
    public var follow: Bool { windowStart == nil }
    public var entryFilter = ""
    public var entryRows = 10
    /// The entries pane lists the newest entry on top (the window itself stays in ID
    /// order; only the drawing and the direction of moves turn over).
    public var newestFirst = false
    public var utc = false

    // Time scrubber.
    public var scrubber = Scrubber()
    public var scrubberBuckets = 60
    /// The marked range's entry count and rate, when a range is marked.
    public var markedCount: Int?

    // Groups pane.
    public var groups: [GroupSummary] = []
    public var selectedGroup: BinaryName?
    public var consumers: [ConsumerSummary] = []
    /// The consumer selected in the groups pane's consumer list; nil: the selection is
    /// in the groups table.
    public var selectedConsumer: BinaryName?

    // Pending pane.
    public var pending: [PendingRow] = []
    /// Which of the entries on screen are in the selected group's pending list (the
    /// entries pane's `┃` gutter marks exactly these).
    public var pendingOnScreen: Set<StreamID> = []
    public var selectedPending: StreamID?
    public var marked: Set<StreamID> = []
    public var pendingSort: PendingSort = .id
    public var pendingFilter = ""
    /// The pending pane shows only this consumer's entries (Enter on a consumer).
    public var pendingConsumer: BinaryName?
    /// Rows idle at least this long are "stuck"; delivered at least this often, "poison".
    public var stuckIdleMs: UInt64 = 30_000
    public var poisonDeliveries: UInt64 = 5
    public var deadLetterSuffix = ":dead"
    /// Each group's samples over the session (`GroupHistory`), its health verdict
    /// (`GroupHealth`), the window the verdict looks across, and whether the groups
    /// table shows trends (sparklines) instead of numbers.
    public var groupHistory: [GroupKey: [GroupSample]] = [:]
    public var health: [GroupKey: HealthReport] = [:]
    public var healthWindowMs: UInt64 = 30_000
    public var groupTrends = false
    public var healthThresholds: HealthThresholds { HealthThresholds(windowMs: healthWindowMs, poisonDeliveries: poisonDeliveries) }
    public func healthReport(_ group: BinaryName) -> HealthReport? {
        selectedStream.flatMap { health[GroupKey(stream: $0, group: group)] }
    }

    // Chrome.
    public var sourceLabel = "embedded"
    /// The source's word on its connection (round-trip time, or why it is down).
    public var sourceHealth: String?
    public var readOnly = false
    /// What the source has beyond Redis 8.0 (XNACK …) and the version it reports: only
    /// those commands are offered, and the help says which a key needs.
    public var features: RedisFeatures = []
    public var redisVersion: String?
    /// nil: no demo; otherwise whether it is running.
    public var demoRunning: Bool?
    /// The Redis command behind every action the user took, newest last; the session's
    /// last `commandLogLimit`.
    public var commandLog: [String] = []
    public static let commandLogLimit = 500
    /// The line selected in the focused command log; nil: the newest, following.
    public var logSelected: Int?
    /// The last action's outcome (or an error), for the status line.
    public var status: String?
    public var statusIsError = false
    /// The `:` prompt's history, kept across openings.
    public var promptHistory: [String] = []
    public var commandNames: [String] = []
    public var nowMs: UInt64 = 0
    public var quitRequested = false
    /// The help overlay's search (`/` in the help): only bindings whose key or text
    /// contains it are listed; `helpSearching` while it is being typed.
    public var helpQuery = ""
    public var helpSearching = false
    /// When the screen was last loaded, and the stream lengths the rates are measured from.
    public var refreshClock = RefreshClock()

    public init() {}

    // MARK: Derived views

    public var visibleStreams: [StreamSummary] {
        var list = streams
        if !streamFilter.isEmpty {
            list = list.filter { $0.name.lowercased().contains(streamFilter.lowercased()) }
        }
        switch streamSort {
        case .name: break
        case .length: list.sort { $0.length > $1.length }
        case .activity: list.sort { ($0.lastID ?? .zero) > ($1.lastID ?? .zero) }
        }
        return list
    }

    public var currentStream: StreamSummary? {
        visibleStreams.first { $0.key == selectedStream }
    }

    public var visiblePending: [PendingRow] {
        var rows = pending
        if let c = pendingConsumer { rows = rows.filter { $0.consumer == c } }
        for word in pendingFilter.split(separator: " ").map(String.init) {
            if word.hasPrefix("idle>"), let d = TimeText.parseDuration(String(word.dropFirst(5))) {
                rows = rows.filter { $0.idleMs >= d }
            } else if word.hasPrefix("deliveries>"), let n = UInt64(word.dropFirst(11)) {
                rows = rows.filter { $0.deliveries > n }
            } else {
                rows = rows.filter { $0.consumer.description.lowercased().contains(word.lowercased()) }
            }
        }
        switch pendingSort {
        case .id: break
        case .idle: rows.sort { $0.idleMs > $1.idleMs }
        case .deliveries: rows.sort { $0.deliveries > $1.deliveries }
        }
        return rows
    }

    /// The rows an action on "the marked rows" means: the marked ones, else the selected one.
    public var targetPending: [StreamID] {
        if !marked.isEmpty { return visiblePending.map(\.id).filter { marked.contains($0) } }
        return selectedPending.map { [$0] } ?? []
    }

    public var currentGroup: GroupSummary? { groups.first { $0.name == selectedGroup } }

    /// The marked time range's entry count and rate (`marked: 412 entries, 6.9/s`), for
    /// the scrubber's title and the status line; nil when no range is marked.
    public var markedRangeText: String? {
        guard let n = markedCount, let r = scrubber.markedTimes else { return nil }
        let seconds = max(0.001, Double(r.upperBound - r.lowerBound + 1) / 1000)
        return "marked: \(n) \(n == 1 ? "entry" : "entries"), \(Format.rate(Double(n) / seconds))/s"
    }
}
