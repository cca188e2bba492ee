import Foundation
import FuzzHarness
import Testing

/// The committed fuzz corpus (Tests/FuzzCorpus), replayed through the fuzz harnesses
/// without the fuzzer: every seed, and every input that once crashed, passes.
@Suite("Fuzz corpus replay")
struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzCorpus").path

    static let harnesses: [(target: String, run: FuzzEntry.Harness)] = [
        ("FuzzRequestParser", RequestParserHarness.run),
        ("FuzzCommands", CommandHarness.run),
        ("FuzzRecovery", RecoveryHarness.run),
        ("FuzzExplorerInput", ExplorerInputHarness.run),
    ]

    @Test("every corpus input passes its harness", arguments: harnesses.map(\.target))
    func corpusPasses(target: String) {
        let run = Self.harnesses.first { $0.target == target }!.run
        let files = FuzzCorpus.files(at: [Self.corpus + "/" + target])
        #expect(!files.isEmpty, "no corpus for \(target)")
        for file in files {
            let problems = run(FuzzCorpus.read(file))
            #expect(problems.isEmpty, "\((file as NSString).lastPathComponent): \(problems.joined(separator: "; "))")
        }
    }
}
