import Explorer
import Foundation
import Lessons
import TerminalBackend

/// Lists the built-in lessons, a line each.
func listLessons() -> Never {
    let lessons: [Lesson]
    do { lessons = try LessonCatalog.builtIn() } catch { fail("cannot load the built-in lessons: \(error)") }
    var out = "Lessons (streamscope learn <number or name>):\n\n"
    for l in lessons {
        out += "  \(l.number). \(l.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(l.title)\n"
        out += "     \(String(repeating: " ", count: 14)) \(l.summary)\n"
    }
    out += "\nIn a lesson, ? lists the keys. A lesson file of your own: streamscope learn FILE (check it with --check FILE).\n"
    FileHandle.standardOutput.write(Data(out.utf8))
    exit(0)
}

/// A lesson by number, name or file path.
func loadLesson(_ which: String) -> Lesson {
    do {
        if which.hasSuffix(".yaml") || which.hasSuffix(".yml") || which.contains("/") {
            guard let data = FileManager.default.contents(atPath: which) else { fail("cannot read \(which)") }
            return try LessonCatalog.load(data: data, name: which)
        }
        return try LessonCatalog.lesson(named: which)
    } catch {
        fail("\(error)")
    }
}

/// `learn --check FILE`: every problem with its path; exit 1 if there are any.
func runLessonCheck(_ path: String) -> Never {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let problems = LessonCatalog.check(data: data)
    if problems.isEmpty {
        print("\(path): a valid lesson")
        exit(0)
    }
    for p in problems { FileHandle.standardError.write(Data("\(path): \(p)\n".utf8)) }
    exit(1)
}

/// `learn LESSON --transcript FILE`: plays to the end, answering every question right.
func writeTranscript(_ which: String, to path: String, seed: UInt64?) -> Never {
    let runner: LessonRunner
    do { runner = try LessonRunner(lesson: loadLesson(which), seed: seed) } catch { fail("\(error)") }
    while !runner.isFinished {
        if let cp = runner.pendingCheckpoint { _ = runner.answer(cp.correct); continue }
        if runner.stepForward() == nil && runner.pendingCheckpoint == nil { break }
    }
    let text = runner.transcript()
    if path == "-" {
        FileHandle.standardOutput.write(Data(text.utf8))
    } else if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
        fail("cannot write \(path)")
    }
    exit(0)
}

/// The lesson full screen until `q`, Ctrl-C or a termination signal; the terminal is
/// always given back as it was found.
func runLesson(_ which: String, seed: UInt64?) -> Never {
    guard isatty(0) == 1, isatty(1) == 1 else {
        fail("a lesson needs a terminal; `streamscope learn \(which) --transcript -` prints it instead")
    }
    let runner: LessonRunner
    do { runner = try LessonRunner(lesson: loadLesson(which), seed: seed) } catch { fail("\(error)") }
    let terminal = CursesTerminal()
    terminal.start()
    LessonRunLoop(app: LessonApp(runner: runner)).run(on: terminal)
    terminal.stop()
    exit(terminal.exitStatus)
}
