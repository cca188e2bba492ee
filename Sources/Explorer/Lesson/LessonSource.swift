import Lessons
import RESP
import StreamEngine

/// The explorer's source while it is opened on a lesson: reads come straight from the
/// lesson's engine; writes (a claim, an ack, an append, a prompt command) go through the
/// lesson runner as free-play events, so the lesson narrates them and stepping back and
/// forth replays them.
final class LessonSource: StreamDataSource {
    let runner: LessonRunner
    private let engine: EmbeddedSource

    init(runner: LessonRunner, label: String) {
        self.runner = runner
        self.engine = EmbeddedSource(server: runner.server, label: label)
    }

    var label: String { engine.label }
    var nowMs: UInt64 { engine.nowMs }
    var changeStamp: UInt64 { engine.changeStamp }
    var commandNames: [String] { engine.commandNames }

    func streams() throws -> [StreamSummary] { try engine.streams() }
    func entries(_ key: [UInt8], from start: StreamID, to end: StreamID, count: Int, reverse: Bool,
                 filter: String?, scanLimit: Int) throws -> [EntryRow] {
        try engine.entries(key, from: start, to: end, count: count, reverse: reverse, filter: filter, scanLimit: scanLimit)
    }
    func groups(_ key: [UInt8]) throws -> [GroupSummary] { try engine.groups(key) }
    func consumers(_ key: [UInt8], group: BinaryName) throws -> [ConsumerSummary] { try engine.consumers(key, group: group) }
    func pending(_ key: [UInt8], group: BinaryName, count: Int) throws -> [PendingRow] { try engine.pending(key, group: group, count: count) }
    func histogram(_ key: [UInt8], fromMs: UInt64, toMs: UInt64, buckets: Int) throws -> [Int] {
        try engine.histogram(key, fromMs: fromMs, toMs: toMs, buckets: buckets)
    }
    func count(_ key: [UInt8], from start: StreamID, to end: StreamID) throws -> Int { try engine.count(key, from: start, to: end) }
    func readOnlyCommands() throws -> ReadOnlyCommands { try engine.readOnlyCommands() }
    func cancel() {}

    func execute(_ args: [[UInt8]]) throws -> RESPValue {
        runner.perform([args]).first ?? .error("ERR the lesson did not run the command")
    }

    func executeAtomically(_ commands: [[[UInt8]]]) throws -> [RESPValue] {
        runner.perform(commands, atomic: true)
    }
}
