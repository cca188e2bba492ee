import FuzzHarness

/// Fuzzes `RequestParserHarness`: built with `scripts/fuzz.sh` it is a libFuzzer binary taking
/// libFuzzer's options and corpus directories; built plainly it replays the inputs in
/// the files and directories it is given (`swift run FuzzRequestParser Tests/FuzzCorpus/FuzzRequestParser`).
@main enum Main {
    static func main() { FuzzEntry.main(RequestParserHarness.run) }
}

