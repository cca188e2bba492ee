import FuzzHarness

/// Fuzzes `CommandHarness`: built with `scripts/fuzz.sh` it is a libFuzzer binary taking
/// libFuzzer's options and corpus directories; built plainly it replays the inputs in
/// the files and directories it is given (`swift run FuzzCommands Tests/FuzzCorpus/FuzzCommands`).
@main enum Main {
    static func main() { FuzzEntry.main(CommandHarness.run) }
}

