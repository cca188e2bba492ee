import RESP

/// A lesson ready to run: its texts for lists and headers, and the validated file
/// behind it (which the runner simulates).
public struct Lesson: Sendable {
    /// The short name used on the command line (`crash`).
    public var name: String
    /// Its place in the built-in list (1 for the first lesson).
    public var number: Int
    public var title: String
    public var summary: String
    public var chapters: [Chapter]
    /// The seed used when the runner is given none.
    public var defaultSeed: UInt64
    /// The stream the tape shows.
    public var mainStream: String
    let spec: LessonSpec
}

public struct Chapter: Sendable {
    public var title: String
    public var intro: [String]
    /// The questions asked in this chapter, in order.
    public var checkpoints: [Checkpoint]
}

public struct Checkpoint: Sendable, Equatable {
    public var question: String
    public var answers: [String]
    /// Index into `answers` of the right one (from 0).
    public var correct: Int
    public var explanation: String
}

public struct CheckpointResult: Sendable, Equatable {
    public var correct: Bool
    public var explanation: String
}

/// One thing that happened in a lesson: a sentence, and the Redis command(s) behind it.
public struct LessonEvent: Sendable {
    /// Position in the run, from 0.
    public var index: Int
    /// Simulated milliseconds since the lesson's start.
    public var timeMs: UInt64
    public var chapter: Int
    /// "worker-2 takes 3 entries"
    public var sentence: String
    /// The exact arguments run, nil for pure narration. For a move made of several
    /// commands (dead-lettering: XADD then XACK, as one MULTI) the first of them.
    public var command: [[UInt8]]? { commands.first }
    /// A short rendering of the reply ("3 entries", "OK", error text).
    public var reply: String? { replyValues.first.map(RESPText.short) }
    /// Every command the event ran, in order (empty for narration). Read back from the
    /// event's one buffer when asked. O(bytes of the commands).
    public var commands: [[[UInt8]]] { wire.commands }
    /// How many commands the event ran. O(1).
    public var commandCount: Int { wire.count }
    /// The commands as one buffer (`CommandWire`).
    var wire: CommandWire
    /// The short rendering of each command's reply, made when asked (most events of a
    /// fast lesson are never shown). O(reply size).
    public var replies: [String] { replyValues.map(RESPText.short) }
    /// Each command's reply as the engine gave it: entry lists in wire form
    /// (`RESPValue.encoded`; `decoded` gives the tree). Read back from the event's
    /// store (`ReplyWire`) when asked. O(bytes of the replies)
    public var replyValues: [RESPValue] { replyWire.values }
    /// The replies as kept.
    var replyWire: ReplyWire
    /// Whether `commands` ran as one MULTI/EXEC block.
    public var atomic: Bool
    /// For a question: its number among the lesson's checkpoints (from 0).
    public var checkpoint: Int?
    /// What the event did, as data.
    public var action: LessonAction
    /// What kind of event this is, for the UI's colours and for tests.
    public var kind: Kind

    public enum Kind: Sendable, Equatable {
        case chapter, narration, command, checkpoint
    }
}

/// A problem in a lesson file, at a path such as `chapters[2].checkpoints[0].answers`.
public struct LessonProblem: Sendable, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A lesson file that could not be loaded, with every problem found.
public struct LessonLoadError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var problems: [LessonProblem]
    public var description: String {
        "lesson \(name) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
