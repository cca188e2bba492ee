import Foundation
import Testing

@Suite("Screen snapshots")
struct SnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Compares a frame with `Snapshots/<name>.txt`; STREAMSCOPE_UPDATE_SNAPSHOTS=1 rewrites it.
    /// A snapshot that does not exist yet is recorded from this frame, and the test fails
    /// saying so: a frame nobody has looked at is not a pass.
    func check(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.directory.appendingPathComponent(name + ".txt")
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["STREAMSCOPE_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("no snapshot \(name).txt: recorded it from this run in \(url.path); look at it, commit it, and run the test again",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "screen differs from \(name).txt:\n\(text)", sourceLocation: sourceLocation)
    }

    @Test("the overview at 120×40: streams, entries with a group cursor, time, groups, pending")
    func overview() throws {
        let h = Harness()
        h.press(.char("t"))  // UTC, so the snapshot does not depend on the time zone
        try check(h.screen, "overview-120x40")
    }

    @Test("a small terminal shows the tab strip and the focused group over its pending entries")
    func compact() throws {
        let h = Harness(width: 70, height: 20)
        h.press(.char("t"), .char("4"))
        try check(h.screen, "pending-compact-70x20")
    }
}
