import Foundation
import StreamStorage

/// `streamscope check DIR [--repair]`: what is in a data directory and whether it opens.
func runCheck(_ arguments: [String]) -> Never {
    let repair = arguments.contains("--repair")
    let dirs = arguments.filter { $0 != "--repair" }
    guard dirs.count == 1 else { fail("usage: streamscope check DIR [--repair]") }
    do {
        let report = try DataStore.check(directory: dirs[0], repair: repair)
        for line in report.lines { print(line) }
        if report.repaired { print("repaired: \(dirs[0]) opens again") }
        exit(report.healthy || report.repaired ? 0 : 1)
    } catch {
        fail("\(error)")
    }
}
