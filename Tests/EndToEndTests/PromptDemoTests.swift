import Foundation
import Testing
import TestSupport

/// `streamscope prompt --demo` from a pipe: the demo scenario plays live on the prompt's
/// engine and catches up with the wall clock before each command.
@Suite("Prompt demo")
struct PromptDemoTests {
    /// XPENDING's extended form as (ID, idle ms) pairs, read from redis-cli's numbered
    /// style: an entry is `N) 1) "ID"`, then `2) "owner"`, `3) (integer) idle`, `4) ...`.
    func idleTimes(_ reply: Substring) -> [String: Int] {
        var out: [String: Int] = [:]
        var id: String?
        for line in reply.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if let r = t.range(of: "1) \""), t.hasSuffix("\"") { id = String(t[r.upperBound...].dropLast()) }
            if t.hasPrefix("3) (integer) "), let id, let n = Int(t.dropFirst("3) (integer) ".count)) { out[id] = n }
        }
        return out
    }

    /// The milliseconds of a TIME reply (`1) "secs"`, `2) "micros"`) in `lines`.
    func timeMs(_ lines: ArraySlice<Substring>) -> Int? {
        guard let i = lines.firstIndex(where: { $0.hasPrefix("1) \"") }), i + 1 < lines.endIndex,
              let secs = Int(lines[i].dropFirst(4).dropLast()), let micros = Int(lines[i + 1].dropFirst(4).dropLast()) else { return nil }
        return secs * 1000 + micros / 1000
    }

    @Test("prompt --demo: pending entries show idle times that grow with the wall clock")
    func idleTimesMove() throws {
        let ask = "echo TIME; echo 'XPENDING orders billing - + 20 worker-2'"
        // The first question waits for the prompt to have started (its history plays first).
        let command = "(sleep 3; \(ask); sleep 2; \(ask)) | '\(streamscopeBinary)' prompt --demo --no-raw"
        let (status, output) = try spawnAndWait(["/bin/sh", "-c", command], captureOutput: true)
        #expect(status == 0, "\(output)")
        // Each round: TIME's two lines, then XPENDING's entries (`1) 1) "ID"` opens the first).
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let times = lines.indices.filter { lines[$0].hasPrefix("1) \"") && !lines[$0].hasPrefix("1) 1)") }
        #expect(times.count == 2, "\(output)")
        guard times.count == 2, let t1 = timeMs(lines[times[0]...]), let t2 = timeMs(lines[times[1]...]) else { return }
        let first = idleTimes(lines[times[0]..<times[1]].joined(separator: "\n")[...])
        let second = idleTimes(lines[times[1]...].joined(separator: "\n")[...])
        #expect(t2 - t1 >= 500, "\(output)")
        // worker-2 holds a batch of 15 for 30 s at a time, then crashes holding it.
        let both = Set(first.keys).intersection(second.keys)
        #expect(!both.isEmpty, "\(output)")
        #expect(second.values.contains { $0 > 0 }, "\(output)")
        // The same entries, idler by the time that passed (give or take the moment between
        // TIME and XPENDING: the demo catches up before each line).
        for id in both { #expect(abs(second[id]! - first[id]! - (t2 - t1)) <= 250, "\(id): \(output)") }
    }
}
