import ArgumentParser

/// `streamscope learn [LESSON] [--transcript FILE] [--check FILE]`: the lessons that
/// teach consumer groups. The modes themselves are in LearnMode.swift.
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Learn how consumer groups work, from lessons played live.",
        discussion: """
            Without a lesson, lists the built-in lessons. With one (its number, its name \
            such as `crash`, or the path of a lesson file), opens it full screen: the \
            stream as a tape, the consumers, and every event with the Redis command \
            behind it; Space plays and pauses, `.` and `,` step, `e` opens the explorer \
            on the lesson's engine, `?` lists every key. --transcript runs the lesson to \
            its end without a terminal (every question answered correctly) and writes \
            each event and command to FILE (`-` for standard output). --check validates \
            a lesson file and names the place of each problem.
            """)

    @Argument(help: ArgumentHelp("A lesson: its number, its name, or a lesson file (.yaml).", valueName: "lesson"))
    var lesson: String?

    @Option(help: ArgumentHelp("Play the lesson to its end and write its transcript here (- for stdout).", valueName: "file"),
            completion: .file())
    var transcript: String?

    @Option(help: ArgumentHelp("Check a lesson file and list its problems.", valueName: "file"), completion: .file(extensions: ["yaml", "yml"]))
    var check: String?

    @Option(help: ArgumentHelp("Seed for the lesson's random choices (default: the lesson's own).", valueName: "n"))
    var seed: UInt64?

    func validate() throws {
        if check != nil && (lesson != nil || transcript != nil) {
            throw ValidationError("--check takes a file of its own; give no lesson and no --transcript with it")
        }
        if transcript != nil && lesson == nil {
            throw ValidationError("--transcript needs a lesson: streamscope learn <lesson> --transcript <file>")
        }
    }

    func run() throws {
        if let check { runLessonCheck(check) }
        guard let lesson else { listLessons() }
        if let transcript { writeTranscript(lesson, to: transcript, seed: seed) }
        runLesson(lesson, seed: seed)
    }
}
