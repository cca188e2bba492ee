import Foundation
import StreamStorage

/// `streamscope check DIR [--repair]`: what is in a data directory and whether it opens;
/// exits 0 when it does (or was repaired), 1 when it does not.
func runCheck(directory: String, repair: Bool) -> Never {
    do {
        let report = try DataStore.check(directory: directory, repair: repair)
        for line in report.lines { print(line) }
        if report.repaired { print("repaired: \(directory) opens again") }
        exit(report.healthy || report.repaired ? 0 : 1)
    } catch {
        fail("\(error)")
    }
}
