import Explorer
import Lessons
import StreamCommands
import StreamEngine
import TerminalUI

/// The explorer's keyboard: whatever is pressed, nothing crashes and every frame fits.
///
/// Input: a byte choosing the mode, then steps decoded by `KeyDecoder`. Odd modes edit
/// an `InputLine` (drawn after every key into a line of fuzzer-chosen width, the cursor
/// on it) and split what is submitted with `PromptLine`; even modes drive `ExplorerApp`
/// over an embedded source holding the command harness's keyspace (read-only when bit 1
/// is set, with the demo workload running when bit 2 is), drawing a frame after every
/// step and checking the stream invariants at the end.
public enum ExplorerInputHarness {
    public static func run(_ bytes: [UInt8]) -> [String] {
        var input = FuzzInput(bytes)
        let mode = input.byte()
        return mode & 1 == 1 ? inputLine(&input) : app(&input, readOnly: mode & 2 != 0, demo: mode & 4 != 0)
    }

    static func inputLine(_ input: inout FuzzInput) -> [String] {
        var line = InputLine("", history: ["XRANGE orders - +", "XLEN orders"], completions: ["XADD", "XRANGE", "XREADGROUP", "orders"])
        var width = 40
        var problems: [String] = []
        while let step = KeyDecoder.next(&input), problems.isEmpty {
            switch step {
            case .resize(let w, _): width = w
            case .wait: continue
            case .keys(let keys):
                for key in keys {
                    if case .submitted(let text) = line.handle(key) {
                        if case .command(let args) = PromptLine.parse(text), args.isEmpty {
                            problems.append("\(text.debugDescription) split into no words but not as empty")
                        }
                    }
                    if line.cursor < 0 || line.cursor > line.text.count {
                        problems.append("cursor \(line.cursor) outside text of \(line.text.count)")
                    }
                }
            }
            var frame = ScreenBuffer(width: width, height: 1)
            line.render(into: &frame, frame.bounds, prompt: ":")
            problems += FrameCheck.problems(frame, width: width, height: 1)
        }
        return problems
    }

    static func app(_ input: inout FuzzInput, readOnly: Bool, demo: Bool) -> [String] {
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let source = EmbeddedSource(clock: LiveClock(wall: clock))
        for command in CommandVocabulary.setup { _ = try? source.execute(command.map { Array($0.utf8) }) }
        // A fresh demo each time (it keeps state as it runs), without its history: the
        // fuzzer's inputs stay fast.
        let live = demo ? (try? LessonCatalog.demo()).flatMap { try? LiveLesson(lesson: $0, server: source.server, history: false) } : nil
        let app = ExplorerApp(source: source, readOnly: readOnly, demo: live)
        var size = (width: 100, height: 30)
        app.resize(width: size.width, height: size.height)
        var problems: [String] = []
        var steps = 0
        while let step = KeyDecoder.next(&input), !app.shouldQuit, steps < 150 {
            steps += 1
            switch step {
            case .keys(let keys): for key in keys where !app.shouldQuit { app.handle(key) }
            case .resize(let w, let h):
                size = (w, h)
                app.resize(width: w, height: h)
            case .wait(let ms):
                clock.advance(by: ms)
                app.tick()
            }
            problems += FrameCheck.problems(app.render(), width: size.width, height: size.height)
            if !problems.isEmpty { return problems }
        }
        return StreamInvariantCheck.problems(in: source.keyspace, checkNodeLimit: false)
    }
}
