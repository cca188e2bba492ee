import Foundation
import Lessons

/// streamscope-lessons-bench: what playing a lesson costs. Two figures:
///
/// 1. Playback of a heavy lesson (10,000 entries per simulated second, four consumers)
///    at 100x: each 60 Hz frame advances 1/60 s × 100 of simulated time; prints the
///    cost of frames, and how the wall time needed compares with the time shown.
/// 2. Stepping back on a 10-minute lesson (10 entries a second, three consumers, a
///    claim timer and a trim): the cost of `stepBack()` at events across the run.
///
/// Run in release: `swift run -c release streamscope-lessons-bench [--seconds N]`

var heavySeconds = 3
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--seconds", let n = Int(args.popFirst() ?? "") { heavySeconds = n } else {
        print("usage: streamscope-lessons-bench [--seconds N]   (simulated seconds of the heavy lesson)")
        exit(a == "--help" ? 0 : 2)
    }
}

func millis(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func lesson(rate: Int, seconds: Int, consumers: Int, extra: String) throws -> Lesson {
    var yaml = """
    number: 99
    name: bench
    title: Bench
    summary: A lesson for the benchmark.
    streams: [{key: orders}]
    producers:
      - {name: shop, stream: orders, ratePerSecond: \(rate), fields: ["order=o-{n}", "item={book|lamp|mug}"], key: order}
    groups: [{name: billing, stream: orders}]
    consumers:

    """
    for i in 1...consumers {
        yaml += "  - {name: worker-\(i), group: billing, batch: 100, pollMs: 100, processing: {minMs: 0, maxMs: 1}}\n"
    }
    yaml += extra
    yaml += """
    chapters:
      - {title: All, intro: ["x"], untilMs: \(seconds * 1000)}

    """
    return try LessonCatalog.load(data: Data(yaml.utf8), name: "bench")
}

// 1. Heavy playback at 100x.
let heavy = try LessonRunner(lesson: lesson(rate: 10_000, seconds: heavySeconds, consumers: 4, extra: ""))
let frameMs: UInt64 = 1000 * 100 / 60
var frames: [Double] = []
var eventsSeen = 0
while !heavy.isFinished {
    frames.append(millis { eventsSeen += heavy.advance(byMs: frameMs).count; _ = heavy.tape(width: 80) })
}
let wall = frames.reduce(0, +)
let shown = Double(heavySeconds) * 1000 / 100
print("heavy lesson: 10,000 entries/s, 4 consumers, \(heavySeconds) simulated s at 100x")
print("  \(frames.count) frames of \(frameMs) simulated ms, \(eventsSeen) events, \(Int(Double(eventsSeen) / wall * 1000)) events/s")
print(String(format: "  frame: median %.1f ms, p99 %.1f ms, max %.1f ms (a 60 Hz frame has 16.7 ms; the target was 5 ms)",
             percentile(frames, 0.5), percentile(frames, 0.99), frames.max() ?? 0))
print(String(format: "  wall time %.0f ms for %.0f ms of lesson shown at 100x: %@", wall, shown,
             wall <= shown ? "keeps up" : String(format: "falls behind %.1fx", wall / shown)))

// 2. Step back on a 10-minute lesson.
let claims = "claims: [{consumer: worker-1, minIdleMs: 5000, everyMs: 2000}]\ntrims: [{stream: orders, maxlen: 2000, everyMs: 10000}]\n"
let long = try LessonRunner(lesson: lesson(rate: 10, seconds: 600, consumers: 3, extra: claims))
let playMs = millis { while !long.isFinished { _ = long.advance(byMs: 10_000) } }
let total = long.events.count
print("10-minute lesson: \(total) events, played to the end in \(Int(playMs)) ms")
var backs: [Double] = []
for target in stride(from: total - 1, to: 1, by: -max(1, total / 40)) {
    let runner = try LessonRunner(lesson: long.lesson)
    while runner.events.count < target + 1, runner.stepForward() != nil {}
    backs.append(millis { runner.stepBack() })
}
print(String(format: "  stepBack at %d points: median %.2f ms, p99 %.2f ms, max %.2f ms (target: under 100 ms)",
             backs.count, percentile(backs, 0.5), percentile(backs, 0.99), backs.max() ?? 0))
