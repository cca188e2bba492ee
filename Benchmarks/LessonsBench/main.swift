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
/// Run in release: `swift run -c release streamscope-lessons-bench [--seconds N] [--heavy-only]`

var heavySeconds = 3
var heavyOnly = false
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--seconds", let n = Int(args.popFirst() ?? "") { heavySeconds = n } else if a == "--heavy-only" { heavyOnly = true } else {
        print("usage: streamscope-lessons-bench [--seconds N] [--heavy-only]   (simulated seconds of the heavy lesson; skip the step-back part)")
        exit(a == "--help" ? 0 : 2)
    }
}

func millis(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

/// CPU time this thread spent in `body`, in ms: what a frame costs whatever else the
/// machine runs (its wall time also counts the other processes on a shared machine).
func cpuMillis(_ body: () -> Void) -> Double {
    func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
    }
    let start = now()
    body()
    return now() - start
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
var heavyCPU = 0.0
while !heavy.isFinished {
    var cpu = 0.0
    frames.append(millis { cpu = cpuMillis { eventsSeen += heavy.advance(byMs: frameMs).count; _ = heavy.tape(width: 80) } })
    heavyCPU += cpu
}
let wall = frames.reduce(0, +)
let shown = Double(heavySeconds) * 1000 / 100
print("heavy lesson: 10,000 entries/s, 4 consumers, \(heavySeconds) simulated s at 100x")
print("  \(frames.count) frames of \(frameMs) simulated ms, \(eventsSeen) events, \(Int(Double(eventsSeen) / wall * 1000)) events/s")
print(String(format: "  CPU time %.0f ms: %.2f µs an event, %.0f events per CPU second", heavyCPU, heavyCPU * 1000 / Double(eventsSeen),
             Double(eventsSeen) / heavyCPU * 1000))
print(String(format: "  frame: median %.1f ms, p99 %.1f ms, max %.1f ms (a 60 Hz frame has 16.7 ms; the target was 5 ms)",
             percentile(frames, 0.5), percentile(frames, 0.99), frames.max() ?? 0))
print(String(format: "  wall time %.0f ms for %.0f ms of lesson shown at 100x: %@", wall, shown,
             wall <= shown ? "keeps up" : String(format: "falls behind %.1fx", wall / shown)))

// 1b. The same lesson as the lesson screen plays it: each turn lets the wall time since
//     the last one × 100 pass but plays at most 3 ms (`LessonRunner.play`), carrying the
//     rest to the next turn; it draws the tape and the newest events' text every turn
//     while keeping up, and about once a 60 Hz frame while behind (`LessonRunLoop`).
let player = try LessonRunner(lesson: lesson(rate: 10_000, seconds: heavySeconds, consumers: 4, extra: ""))
var playerFrames: [Double] = []
var playerCPU: [Double] = []
var owed: Double = 0
var worstBehindMs: Double = 0
let playStart = DispatchTime.now().uptimeNanoseconds
var lastFrame = playStart
var lastDraw: UInt64 = 0
while !player.isFinished {
    let now = DispatchTime.now().uptimeNanoseconds
    owed += Double(now - lastFrame) / 1e6 * 100
    lastFrame = now
    let behind = owed >= 100 * 16.7
    let draw = !behind || now - lastDraw >= 16_700_000
    if draw { lastDraw = now }
    var cpu = 0.0
    playerFrames.append(millis {
        cpu = cpuMillis {
            owed -= Double(player.play(byMs: UInt64(owed), budgetNanoseconds: LessonRunner.frameBudgetNanoseconds))
            if draw {
                _ = player.tape(width: 80)
                for e in player.events.suffix(20) { _ = e.sentence; _ = e.replies }
            }
        }
    })
    playerCPU.append(cpu)
    // How far the lesson is behind the wall clock, in wall ms.
    worstBehindMs = max(worstBehindMs, owed / 100)
    // A 60 Hz screen: the next frame 16.7 ms after this one began, or at once when behind.
    let spent = DispatchTime.now().uptimeNanoseconds - now
    if owed < 100 * 16.7 && spent < 16_700_000 { usleep(UInt32((16_700_000 - spent) / 1000)) }
}
let playWall = Double(DispatchTime.now().uptimeNanoseconds - playStart) / 1e6
print("  played as the screen does (3 ms of playing a frame at most):")
print(String(format: "    frame CPU time: median %.1f ms, p99 %.1f ms, max %.1f ms (%d frames)",
             percentile(playerCPU, 0.5), percentile(playerCPU, 0.99), playerCPU.max() ?? 0, playerCPU.count))
print(String(format: "    frame wall time: median %.1f ms, p99 %.1f ms, max %.1f ms; %.0f ms of wall time for %.0f ms of lesson at 100x: %@",
             percentile(playerFrames, 0.5), percentile(playerFrames, 0.99), playerFrames.max() ?? 0, playWall, shown,
             playWall <= shown * 1.05 ? "keeps up" : String(format: "%.1fx slower (behind by up to %.0f ms)", playWall / shown, worstBehindMs)))

if heavyOnly { exit(0) }

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
