import Explorer
import Foundation
import StreamEngine
import TerminalUI

/// streamscope-explorer-bench: what the explorer costs on a large stream. Fills one
/// stream with N one-field entries (default 10,000,000, IDs 10 ms apart) and a group
/// with 1,000 pending entries, then times full refreshes, frame renders, key presses
/// through to a rendered frame, and jumps to times across the stream. Run in release:
///
///     swift run -c release streamscope-explorer-bench [--entries N]

var entries = 10_000_000
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--entries", let n = Int(args.popFirst() ?? "") { entries = n } else {
        print("usage: streamscope-explorer-bench [--entries N]")
        exit(a == "--help" ? 0 : 2)
    }
}

func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") { return (Int(line.filter(\.isNumber)) ?? 0) * 1024 }
    return 0
}

func millis(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

let base: UInt64 = 1_700_000_000_000
let clock = ManualClock(milliseconds: base + UInt64(entries) * 10 + 60_000)
let source = EmbeddedSource(clock: clock)
let stream = try source.keyspace.streamCreatingIfNeeded(0, Array("big".utf8))
let values = (0..<1000).map { Array("value-\($0)".utf8) }
let field = Array("payload".utf8)
let fill = millis {
    for i in 0..<entries {
        _ = try! stream.append(id: .id(StreamID(ms: base + UInt64(i) * 10, seq: 0)), pairs: [field, values[i % 1000]],
                               nowMs: 0, config: source.keyspace.config)
    }
}
_ = try source.execute(["XGROUP", "CREATE", "big", "workers", "0"])
_ = try source.execute(["XREADGROUP", "GROUP", "workers", "w1", "COUNT", "1000", "STREAMS", "big", ">"])
let engineRSS = residentBytes()

let app = ExplorerApp(source: source)
app.resize(width: 200, height: 60)
_ = app.render()

var refresh: [Double] = []
var render: [Double] = []
for _ in 0..<100 {
    refresh.append(millis { app.refresh() })
    render.append(millis { _ = app.render() })
}

// Key presses through to a rendered frame, as the terminal loop does them.
let keys: [Key] = [.char("2"), .char("k"), .char("k"), .pageUp, .pageUp, .char("["), .char("["), .char("}"),
                   .char("]"), .char("{"), .char("j"), .pageDown, .char("4"), .char("j"), .char("3"), .char("1"), .char("2"), .end]
var keyTimes: [Double] = []
for _ in 0..<20 {
    for k in keys { keyTimes.append(millis { app.handle(k); app.tick(); _ = app.render() }) }
}

// Jumps to the 1%, 50% and 99% points of the stream: O(log n), so about equal.
var jumps: [(String, Double)] = []
for fraction in [0.01, 0.5, 0.99] {
    let target = StreamID(ms: base + UInt64(Double(entries) * fraction) * 10, seq: 0)
    let t = millis {
        app.handle(.char("g"))
        for c in target.description { app.handle(.char(c)) }
        app.handle(.enter)
        _ = app.render()
    }
    guard app.state.entries.first?.id == target else { fatalError("jump to \(target) landed on \(String(describing: app.state.entries.first?.id))") }
    jumps.append(("\(Int(fraction * 100))%", t))
}
let explorerRSS = residentBytes() - engineRSS

func p(_ xs: [Double], _ q: Double) -> Double { xs.sorted()[min(xs.count - 1, Int(Double(xs.count) * q))] }
func f(_ v: Double) -> String { String(format: "%.2f", v) }

print("streamscope-explorer-bench: \(entries) entries in one stream (filled in \(f(fill / 1000)) s), 1000 pending, 200×60 screen")
print("")
print("| measure | median (ms) | p99 (ms) | target (ms) |")
print("|---|---:|---:|---:|")
print("| refresh (fetch the window, histogram, groups, pending) | \(f(p(refresh, 0.5))) | \(f(p(refresh, 0.99))) | |")
print("| render a full frame into memory | \(f(p(render, 0.5))) | \(f(p(render, 0.99))) | 5 |")
print("| key press to rendered frame (\(keyTimes.count) presses) | \(f(p(keyTimes, 0.5))) | \(f(p(keyTimes, 0.99))) | 50 |")
for (label, t) in jumps { print("| jump to the \(label) point and render | \(f(t)) | | 50 |") }
print("")
print("explorer memory beyond the engine's: \(explorerRSS / 1024) KiB (RSS growth after the frames)")
