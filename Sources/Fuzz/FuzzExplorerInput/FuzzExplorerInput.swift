import FuzzHarness

/// Fuzzes `ExplorerInputHarness`: built with `scripts/fuzz.sh` it is a libFuzzer binary taking
/// libFuzzer's options and corpus directories; built plainly it replays the inputs in
/// the files and directories it is given (`swift run FuzzExplorerInput Tests/FuzzCorpus/FuzzExplorerInput`).
@main enum Main {
    static func main() { FuzzEntry.main(ExplorerInputHarness.run) }
}

