import FuzzHarness

/// Fuzzes `RecoveryHarness`: built with `scripts/fuzz.sh` it is a libFuzzer binary taking
/// libFuzzer's options and corpus directories; built plainly it replays the inputs in
/// the files and directories it is given (`swift run FuzzRecovery Tests/FuzzCorpus/FuzzRecovery`).
@main enum Main {
    static func main() { FuzzEntry.main(RecoveryHarness.run) }
}

