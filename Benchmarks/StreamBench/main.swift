import Foundation
import StreamEngine

/// streamscope-bench: StreamScope's engine next to redis-server, measured in one run.
///
/// Memory is resident-set growth (VmRSS) of each process while it takes the same data;
/// throughput is in-process for the engine and Redis's own execution time (INFO
/// commandstats, no network) for the server. Run it in release mode:
///
///     swift run -c release streamscope-bench [--entries N] [--port P]

var entries = 1_000_000
var port = 7400 + Int(getpid() % 500)
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--entries": entries = Int(args.popFirst() ?? "") ?? entries
    case "--port": port = Int(args.popFirst() ?? "") ?? port
    default:
        print("usage: streamscope-bench [--entries N] [--port P]")
        exit(a == "--help" ? 0 : 2)
    }
}

let baseMs: UInt64 = 1_700_000_000_000
func idText(_ i: Int) -> String { "\(baseMs + UInt64(i))-0" }
let field: [UInt8] = Array("f".utf8)
let values: [[UInt8]] = (0..<1000).map { Array(String($0).utf8) }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func writeCommands(_ url: URL, count: Int, _ make: (Int) -> [String]) throws {
    FileManager.default.createFile(atPath: url.path, contents: nil)
    let h = try FileHandle(forWritingTo: url)
    var buf = [UInt8]()
    buf.reserveCapacity(1 << 20)
    for i in 0..<count {
        let args = make(i)
        buf += Array("*\(args.count)\r\n".utf8)
        for a in args { buf += Array("$\(a.utf8.count)\r\n\(a)\r\n".utf8) }
        if buf.count > 1 << 20 { h.write(Data(buf)); buf.removeAll(keepingCapacity: true) }
    }
    h.write(Data(buf))
    try h.close()
}

struct Row { let name: String; let ours: Double; let redis: Double; let unit: String; let lowerIsBetter: Bool }
var rows: [Row] = []

let redis = try RedisProcess(port: port)
defer { redis.stop() }
let tmp = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("streamscope-bench-\(getpid())")
try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: tmp) }

// 1. Memory per one-field entry.
let addFile = tmp.appendingPathComponent("xadd.resp")
try writeCommands(addFile, count: entries) { ["XADD", "s", idText($0), "f", String($0 % 1000)] }
let redisBefore = redis.residentBytes
let redisUsedBefore = Double(try redis.info("used_memory")) ?? 0
try redis.pipe(addFile)
let redisLen = try redis.cli(["XLEN", "s"])
guard redisLen == String(entries) else { throw BenchError("redis XLEN \(redisLen), expected \(entries)") }
let redisEntryBytes = Double(redis.residentBytes - redisBefore) / Double(entries)
let redisEntryUsed = ((Double(try redis.info("used_memory")) ?? 0) - redisUsedBefore) / Double(entries)

let config = StreamConfig()
let ourBefore = Memory.selfResident
let stream = StreamEngine.Stream()
for i in 0..<entries {
    _ = try stream.append(id: .id(StreamID(ms: baseMs + UInt64(i), seq: 0)), pairs: [field, values[i % 1000]], nowMs: 0, config: config)
}
let ourEntryBytes = Double(Memory.selfResident - ourBefore) / Double(entries)
rows.append(Row(name: "memory per one-field entry (RSS growth)", ours: ourEntryBytes, redis: redisEntryBytes, unit: "bytes", lowerIsBetter: true))

// 2. Memory per pending entry.
let readFile = tmp.appendingPathComponent("xreadgroup.resp")
try redis.cli(["XGROUP", "CREATE", "s", "g", "0"])
try writeCommands(readFile, count: (entries + 999) / 1000) { _ in ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1000", "STREAMS", "s", ">"] }
let redisPelBefore = redis.residentBytes
try redis.pipe(readFile)
let redisPelBytes = Double(redis.residentBytes - redisPelBefore) / Double(entries)

let group = stream.createGroup(named: Array("g".utf8), lastID: .zero, entriesRead: 0)!
let consumer = group.touchConsumer(Array("c".utf8), now: baseMs).0
let ourPelBefore = Memory.selfResident
var delivered = 0
while delivered < entries {
    delivered += stream.readNew(group: group, consumer: consumer, count: 1000, noAck: false, now: baseMs).count
}
let ourPelBytes = Double(Memory.selfResident - ourPelBefore) / Double(entries)
rows.append(Row(name: "memory per pending entry (RSS growth)", ours: ourPelBytes, redis: redisPelBytes, unit: "bytes", lowerIsBetter: true))

// 3. XADD throughput: engine in-process vs Redis's execution time per XADD.
let addCount = max(entries, 5_000_000)
let fresh = StreamEngine.Stream()
let addTime = try seconds {
    for i in 0..<addCount {
        _ = try fresh.append(id: .id(StreamID(ms: baseMs + UInt64(i), seq: 0)), pairs: [field, values[i % 1000]], nowMs: 0, config: config)
    }
}
let xaddStats = try redis.commandStats("xadd")
rows.append(Row(name: "XADD one-field entries", ours: Double(addCount) / addTime / 1e6, redis: xaddStats.calls / xaddStats.usec, unit: "M entries/s", lowerIsBetter: false))

// 4. XRANGE scanning: the engine's zero-copy scan and its materialising range, vs Redis
// executing `XRANGE s - +` over the whole stream.
var checksum = 0
let scanTime = seconds {
    fresh.scan { _, view in
        view.forEachPair { _, v in checksum &+= v.count }
        return true
    }
}
var rangeCount = 0
let rangeTime = seconds { rangeCount = fresh.range(from: .zero, to: .max).count }
try redis.cli(["CONFIG", "RESETSTAT"])
let redisRangeTime = try seconds { try redis.cli(["XRANGE", "s", "-", "+"], discardOutput: true) }
let xrangeStats = try redis.commandStats("xrange")
_ = redisRangeTime
rows.append(Row(name: "XRANGE scan (zero-copy)", ours: Double(addCount) / scanTime / 1e6, redis: Double(entries) / xrangeStats.usec, unit: "M entries/s", lowerIsBetter: false))
rows.append(Row(name: "XRANGE materialised entries", ours: Double(rangeCount) / rangeTime / 1e6, redis: Double(entries) / xrangeStats.usec, unit: "M entries/s", lowerIsBetter: false))

print("streamscope-bench: \(entries) entries; redis-server \(try redis.info("redis_version", section: "server")); \(ProcessInfo.processInfo.activeProcessorCount) cores")
print("redis used_memory growth per entry: \(String(format: "%.1f", redisEntryUsed)) bytes (allocator view)")
print("")
print("| measure | StreamScope | redis-server | ratio (ours/redis) |")
print("|---|---:|---:|---:|")
for r in rows {
    print("| \(r.name) (\(r.unit)) | \(String(format: "%.2f", r.ours)) | \(String(format: "%.2f", r.redis)) | \(String(format: "%.2f", r.ours / r.redis)) |")
}
if checksum == 42 { print("") } // keeps the scan from being optimised away
