import Foundation

/// A redis-server for side-by-side measurements, driven through redis-cli so that the
/// bench measures the server, not a Swift client.
final class RedisProcess {
    let port: Int
    let process: Process

    init(port: Int) throws {
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.which("redis-server"))
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--logfile", "", "--loglevel", "warning", "--dir", NSTemporaryDirectory()]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if (try? cli(["PING"])) == "PONG" { return }
            usleep(20_000)
        }
        throw BenchError("redis-server did not start on port \(port)")
    }

    static func which(_ name: String) throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") + ["/usr/bin"] {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw BenchError("\(name) not found: apt-get install -y redis-server")
    }

    /// Runs redis-cli with arguments; returns its standard output, trimmed.
    @discardableResult
    func cli(_ args: [String], stdin: URL? = nil, discardOutput: Bool = false) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try Self.which("redis-cli"))
        p.arguments = ["-p", String(port)] + args
        let out = Pipe()
        if discardOutput { p.standardOutput = FileHandle.nullDevice } else { p.standardOutput = out }
        p.standardError = FileHandle.nullDevice
        if let stdin { p.standardInput = try FileHandle(forReadingFrom: stdin) }
        try p.run()
        let data = discardOutput ? Data() : out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Feeds a file of RESP commands with `redis-cli --pipe`.
    func pipe(_ file: URL) throws { try cli(["--pipe"], stdin: file, discardOutput: true) }

    /// Resident memory of the server process, in bytes.
    var residentBytes: Int { Memory.resident(pid: process.processIdentifier) }

    /// A field of INFO, e.g. `used_memory`.
    func info(_ field: String, section: String = "memory") throws -> String {
        for line in try cli(["INFO", section]).split(whereSeparator: \.isNewline) where line.hasPrefix(field + ":") {
            return String(line.dropFirst(field.count + 1))
        }
        return ""
    }

    /// Microseconds Redis spent executing `command` (INFO commandstats), and its calls.
    func commandStats(_ command: String) throws -> (calls: Double, usec: Double) {
        let text = try info("cmdstat_\(command)", section: "commandstats")
        var calls = 0.0, usec = 0.0
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=")
            guard kv.count == 2 else { continue }
            if kv[0] == "calls" { calls = Double(kv[1]) ?? 0 }
            if kv[0] == "usec" { usec = Double(kv[1]) ?? 0 }
        }
        return (calls, usec)
    }

    func stop() {
        _ = try? cli(["SHUTDOWN", "NOSAVE"])
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

enum Memory {
    /// VmRSS of a process, in bytes (Linux).
    static func resident(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    static var selfResident: Int { resident(pid: getpid()) }
}
