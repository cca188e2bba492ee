import ArgumentParser
import Explorer
import Foundation
import Lessons
import StreamCommands
import StreamEngine
import StreamNetwork
import StreamStorage

/// `--format jsonl|csv`.
struct ExportFormatArgument: ExpressibleByArgument {
    let value: ExportFormat
    init?(argument: String) {
        guard let f = ExportFormat(rawValue: argument.lowercased()) else { return nil }
        value = f
    }
    static var allValueStrings: [String] { ExportFormat.allCases.map(\.rawValue) }
}

/// What `streamscope export` was asked for (`ExportCommand` fills it in).
struct ExportOptions {
    var stream: String
    var dataDirectory: String?
    var redisURL: String?
    var tls = TLSOptions()
    var from: String?
    var to: String?
    var filter: String?
    var pendingGroup: String?
    var consumer: String?
    var format: ExportFormat?
    var output: String?
    var count = 10_000
    var scanLimit = 50_000
    var dialect: RedisDialect = .redis8
}

/// Reads what the options ask for through the explorer's data source (embedded or
/// Redis) and writes it: to `--output` or standard output. Exit 0 when written, 1 when
/// the read or the write fails, 2 when the source does not open.
func runExport(_ options: ExportOptions) -> Never {
    var store: DataStore?
    let source: any StreamDataSource
    if let url = options.redisURL {
        source = makeRedisSource(url, tls: options.tls)
    } else {
        let dir = options.dataDirectory ?? defaultDataDirectory()
        let commands = CommandServer(clock: LiveClock())
        commands.keyspace.dialect = options.dialect
        do { store = try DataStore(directory: dir, policy: .no, server: commands) } catch { fail("\(error)") }
        source = EmbeddedSource(server: commands, label: dir)
    }
    let key = Array(options.stream.utf8)
    // The same answer from both sources for a key that is missing or not a stream.
    switch try? source.execute(["TYPE", options.stream]) {
    case .simpleString("stream")?, .bulkString(Array("stream".utf8))?: break
    case .simpleString(let t)?:
        store?.close()
        fail1(t == "none" ? "no such stream '\(options.stream)'" : "'\(options.stream)' is a \(t), not a stream")
    default:
        store?.close()
        fail1("cannot read '\(options.stream)' from \(source.label)\(source.health.map { ": \($0)" } ?? "")")
    }
    let request: ExportRequest
    if let group = options.pendingGroup {
        request = .pending(key: key, group: BinaryName(group), consumer: options.consumer.map { BinaryName($0) },
                           what: "pending list of \(group)" + (options.consumer.map { ", consumer \($0)" } ?? ""))
    } else {
        let now = source.nowMs
        func bound(_ text: String?, end: Bool) -> StreamID {
            guard let text else { return end ? .max : .zero }
            if let id = StreamIDParser.parseID(Array(text.utf8), strict: true) { return id }
            guard let at = TimeText.parseJump(text, nowMs: now, utc: false) else {
                store?.close()
                usage("\(end ? "--to" : "--from") '\(text)' is not an ID, a time or -5m")
            }
            return end ? StreamID(ms: at.ms, seq: .max) : at
        }
        let (start, end) = (bound(options.from, end: false), bound(options.to, end: true))
        request = .range(key: key, start: start, end: end, filter: options.filter,
                         what: options.filter.map { "search of \(options.stream) for /\($0)" } ?? "entries of \(options.stream)")
    }
    let format = options.format ?? options.output.map(ExportFormat.init(path:)) ?? .jsonl
    do {
        let summary = try ExportPlan.run(request, format: format, path: options.output ?? "-", source: source,
                                         scanLimit: options.scanLimit, limit: options.count, write: writeExport)
        FileHandle.standardError.write(Data("streamscope: \(summary.line)\n".utf8))
        store?.close()
        exit(0)
    } catch {
        store?.close()
        fail1("\(error)")
    }
}

/// Writes an export's bytes: `-` is standard output; a file is written whole and
/// replaced atomically. Returns where they went (an absolute path, or "standard output").
func writeExport(_ path: String, _ bytes: [UInt8]) throws -> String {
    if path == "-" {
        FileHandle.standardOutput.write(Data(bytes))
        return "standard output"
    }
    let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
    try Data(bytes).write(to: url, options: .atomic)
    return url.standardizedFileURL.path
}

/// A failure to export: the message, exit status 1.
func fail1(_ message: String) -> Never {
    FileHandle.standardError.write(Data("streamscope: export failed: \(message)\n".utf8))
    exit(1)
}

/// A usage error found after parsing: the message, exit status 64 (EX_USAGE).
func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("streamscope: \(message)\n".utf8))
    exit(64)
}
