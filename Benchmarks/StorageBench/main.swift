import Foundation
import StreamCommands
import StreamEngine
import StreamStorage

/// streamscope-storage-bench: StreamScope's snapshot next to Redis's RDB on the same
/// data (N one-field entries, default 10,000,000), measured in one run: file size, save
/// time, load time. Then XADD throughput through a data directory under each fsync
/// policy. Run in release: `swift run -c release streamscope-storage-bench [--entries N]`.

var entries = 10_000_000
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    if a == "--entries", let n = Int(args.popFirst() ?? "") { entries = n } else {
        print("usage: streamscope-storage-bench [--entries N]")
        exit(a == "--help" ? 0 : 2)
    }
}

struct BenchError: Error, CustomStringConvertible { let description: String }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func which(_ name: String) throws -> String {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") + ["/usr/bin"] {
        if FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
    }
    throw BenchError(description: "\(name) not found: apt-get install -y redis-server redis-tools")
}

@discardableResult
func run(_ tool: String, _ arguments: [String], input: ((FileHandle) -> Void)? = nil) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try which(tool))
    p.arguments = arguments
    let out = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    if input != nil { p.standardInput = inp }
    try p.run()
    if let input {
        input(inp.fileHandleForWriting)
        try inp.fileHandleForWriting.close()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

let base: UInt64 = 1_700_000_000_000
let work = NSTemporaryDirectory() + "streamscope-storage-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: work) }
let port = 7600 + Int(getpid() % 300)

// Redis: fill through redis-cli --pipe, SAVE, then time a restart that loads the RDB.
func startRedis() throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try which("redis-server"))
    p.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work,
                   "--dbfilename", "dump.rdb", "--logfile", "", "--loglevel", "warning"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}

func waitForPong() throws {
    for _ in 0..<100_000 {
        if (try? run("redis-cli", ["-p", String(port), "PING"])) == "PONG" { return }
        usleep(5_000)
    }
    throw BenchError(description: "redis-server did not come up")
}

var redis = try startRedis()
try waitForPong()
try run("redis-cli", ["-p", String(port), "--pipe"]) { h in
    var buf: [UInt8] = []
    buf.reserveCapacity(1 << 20)
    for i in 0..<entries {
        let id = "\(base + UInt64(i))-0", v = String(i % 1000)
        buf += Array("*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$\(id.utf8.count)\r\n\(id)\r\n$1\r\nf\r\n$\(v.utf8.count)\r\n\(v)\r\n".utf8)
        if buf.count > 1 << 20 { h.write(Data(buf)); buf.removeAll(keepingCapacity: true) }
    }
    h.write(Data(buf))
}
guard try run("redis-cli", ["-p", String(port), "XLEN", "s"]) == String(entries) else { throw BenchError(description: "redis did not take every entry") }
let redisSave = try seconds { _ = try run("redis-cli", ["-p", String(port), "SAVE"]) }
let rdbSize = (try FileManager.default.attributesOfItem(atPath: work + "/dump.rdb")[.size] as? Int) ?? 0
kill(redis.processIdentifier, SIGKILL)
redis.waitUntilExit()
let redisLoad = try seconds {
    redis = try startRedis()
    try waitForPong()
}
kill(redis.processIdentifier, SIGKILL)
redis.waitUntilExit()

// StreamScope: the same entries, straight into a data directory's engine; save; reopen.
let dir = work + "/store"
var store: DataStore? = try DataStore(directory: dir, policy: .no, server: CommandServer())
let stream = try store!.server.keyspace.streamCreatingIfNeeded(0, Array("s".utf8))
let field = Array("f".utf8)
let values = (0..<1000).map { Array(String($0).utf8) }
for i in 0..<entries {
    _ = try stream.append(id: .id(StreamID(ms: base + UInt64(i), seq: 0)), pairs: [field, values[i % 1000]], nowMs: 0,
                          config: store!.server.keyspace.config)
}
// The part of a background save that holds the engine: capture and journal rotation.
let blocking = try seconds { try store!.startSave() }
while store!.saving { usleep(10_000) }  // let that one finish; a full save is timed below
let ourSave = try seconds { try store!.save() }
let snapshotSize = (try FileManager.default.attributesOfItem(atPath: dir + "/snapshot.ssi")[.size] as? Int) ?? 0
store!.close()
store = nil
var loaded: DataStore?
let ourLoad = try seconds { loaded = try DataStore(directory: dir, policy: .no, server: CommandServer()) }
guard try loaded!.server.keyspace.stream(0, Array("s".utf8))?.length == UInt64(entries) else { throw BenchError(description: "reload lost entries") }
loaded!.close()

func mb(_ b: Int) -> String { String(format: "%.1f MB", Double(b) / 1_048_576) }
func f(_ v: Double) -> String { String(format: "%.2f", v) }
print("streamscope-storage-bench: \(entries) one-field entries; redis-server \(try run("redis-server", ["--version"]).split(separator: " ")[2].dropFirst(2))")
print("")
print("| measure | StreamScope | redis-server (RDB) | ratio (ours/redis) |")
print("|---|---:|---:|---:|")
print("| snapshot size | \(mb(snapshotSize)) | \(mb(rdbSize)) | \(f(Double(snapshotSize) / Double(rdbSize))) |")
print("| save (s) | \(f(ourSave)) | \(f(redisSave)) | \(f(ourSave / redisSave)) |")
print("| load at startup (s) | \(f(ourLoad)) | \(f(redisLoad)) | \(f(ourLoad / redisLoad)) |")
print("")
print("BGSAVE holds the engine for \(String(format: "%.1f", blocking * 1000)) ms (capture and journal rotation); the rest runs on its own thread.")

// XADD through the command table into a data directory, per fsync policy.
print("")
print("| fsync policy | XADD per second (journaled, in-process) |")
print("|---|---:|")
for (policy, n) in [(FsyncPolicy.always, 2_000), (.everysec, 300_000), (.no, 300_000)] {
    let d = work + "/xadd-\(policy.rawValue)"
    let s = try DataStore(directory: d, policy: policy, server: CommandServer())
    var session = CommandSession()
    let cmd = ["XADD", "s", "*", "f", "v"].map { Array($0.utf8) }
    let t = seconds { for _ in 0..<n { _ = s.server.execute(cmd, session: &session) } }
    s.close()
    print("| \(policy.rawValue) | \(Int(Double(n) / t)) |")
}
