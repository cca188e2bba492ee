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

    /// `streamscope prompt --demo` on pipes: each round is sent once the previous one
    /// has been answered, so a slow start (the demo's history plays first) never squeezes
    /// the rounds together.
    final class DemoPrompt {
        let process = ChildProcess(executable: streamscopeBinary, arguments: ["prompt", "--demo", "--no-raw"],
                                   input: .pipe, output: .pipe, errors: .null)
        var buffer: [UInt8] = []

        init() throws {
            try process.run()
        }

        /// Sends the lines, then an ECHO marker, and returns every reply line before it.
        func round(_ lines: [String]) -> [Substring] {
            process.standardInput!.write(Data((lines + ["ECHO __round_end__"]).joined(separator: "\n").utf8 + [10]))
            while true {
                let text = String(decoding: buffer, as: UTF8.self)
                if let end = text.range(of: "\"__round_end__\"\n") {
                    buffer = Array(text[end.upperBound...].utf8)
                    return text[..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
                }
                let chunk = process.standardOutput!.availableData
                if chunk.isEmpty { return [] }
                buffer += chunk
            }
        }

        func close() -> Int32 {
            process.standardInput!.write(Data("quit\n".utf8))
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test("prompt --demo: pending entries show idle times that grow with the wall clock")
    func idleTimesMove() throws {
        let prompt = try DemoPrompt()
        let ask = ["TIME", "XPENDING orders billing - + 20 worker-2"]
        // Ready once the demo's history has played and worker-2 has crashed holding its batch.
        var first: [Substring] = []
        for _ in 0..<100 {
            first = prompt.round(ask)
            if !idleTimes(first.joined(separator: "\n")[...]).isEmpty { break }
            usleep(100_000)
        }
        usleep(1_000_000)
        let second = prompt.round(ask)
        #expect(prompt.close() == 0)
        let out = (first + ["---"] + second).joined(separator: "\n")
        guard let t1 = timeMs(first[...]), let t2 = timeMs(second[...]) else {
            Issue.record("no TIME replies: \(out)")
            return
        }
        let before = idleTimes(first.joined(separator: "\n")[...])
        let after = idleTimes(second.joined(separator: "\n")[...])
        #expect(t2 - t1 >= 1000, "\(out)")
        // worker-2 holds a batch of 15 for 30 s at a time, then crashes holding it.
        let both = Set(before.keys).intersection(after.keys)
        #expect(!both.isEmpty, "\(out)")
        #expect(after.values.contains { $0 > 0 }, "\(out)")
        // The same entries, idler by the time that passed (give or take the moment between
        // TIME and XPENDING: the demo catches up before each line).
        for id in both { #expect(abs(after[id]! - before[id]! - (t2 - t1)) <= 250, "\(id): \(out)") }
    }
}
