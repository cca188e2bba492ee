import Foundation
import Testing
import TestSupport

/// `streamscope export` from the built binary: the same bytes from a data directory and
/// from redis-server holding the same stream, binary values in base64, its refusals.
@Suite("streamscope export", .serialized)
struct ExportCommandTests {
    static let commands = [
        "XADD s 1-0 item lamp qty 2", "XADD s 2-0 blob \"\\xff\\x00A\" note \"a, \\\"b\\\"\"", "XADD s 3-0 item rug",
        "XGROUP CREATE s g 0", "XREADGROUP GROUP g c COUNT 2 STREAMS s >",
    ]

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try spawnAndWait([streamscopeBinary] + arguments, captureOutput: true)
    }

    func temporary(_ name: String) -> String {
        NSTemporaryDirectory() + "streamscope-export-\(getpid())-\(UInt64.random(in: 0...UInt64.max))-\(name)"
    }

    @Test("a data directory and redis-server holding the same stream export the same bytes, as JSON Lines and CSV")
    func sameBytesFromBoth() throws {
        let dir = temporary("data")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = Self.commands.joined(separator: "\n") + "\n"
        let fill = try spawnAndWait(["/bin/sh", "-c", "printf '%s' '\(script.replacingOccurrences(of: "'", with: "'\\''"))' | \(streamscopeBinary) prompt --data \(dir)"],
                                    captureOutput: true)
        #expect(fill.status == 0, "\(fill.output)")
        let redis = try RedisOracle()
        defer { redis.stop() }
        _ = try redis.main.rawCommand(["XADD", "s", "1-0", "item", "lamp", "qty", "2"])
        _ = try redis.main.rawCommand([Array("XADD".utf8), Array("s".utf8), Array("2-0".utf8), Array("blob".utf8), [0xFF, 0x00, 0x41],
                                       Array("note".utf8), Array("a, \"b\"".utf8)])
        _ = try redis.main.rawCommand(["XADD", "s", "3-0", "item", "rug"])
        _ = try redis.main.rawCommand(["XGROUP", "CREATE", "s", "g", "0"])
        _ = try redis.main.rawCommand(["XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"])
        let url = "redis://127.0.0.1:\(redis.port)"
        for (extra, name) in [([String](), "all.jsonl"), (["--format", "csv"], "all.csv"), (["--from", "2-0", "--count", "1"], "one.jsonl"),
                              (["--filter", "RUG"], "rug.jsonl")] {
            let a = temporary("a-" + name), b = temporary("b-" + name)
            defer { unlink(a); unlink(b) }
            let fromDir = try run(["export", "s", "--data", dir, "-o", a] + extra)
            let fromRedis = try run(["export", "s", "--redis", url, "-o", b] + extra)
            #expect(fromDir.status == 0 && fromRedis.status == 0, "\(fromDir.output) \(fromRedis.output)")
            let x = try Data(contentsOf: URL(fileURLWithPath: a)), y = try Data(contentsOf: URL(fileURLWithPath: b))
            #expect(x == y, "\(name) differs:\n\(String(decoding: x, as: UTF8.self))\n\(String(decoding: y, as: UTF8.self))")
            let text = String(decoding: x, as: UTF8.self)
            switch name {
            case "all.jsonl":
                #expect(text.contains(#"["blob",{"base64":"/wBB"}],["note","a, \"b\""]"#), "\(text)")
                #expect(text.split(separator: "\n").count == 3)
                #expect(fromDir.output.contains("exported 3 entries to /") && fromDir.output.contains(" as JSON Lines (entries of s)"))
            case "all.csv":
                #expect(text.hasPrefix("id,ms,time,item,qty,blob,note,base64\r\n"), "\(text)")
                #expect(text.contains(",/wBB,\"a, \"\"b\"\"\",blob\r\n"), "\(text)")
            case "one.jsonl":
                #expect(text.hasPrefix(#"{"id":"2-0""#) && text.split(separator: "\n").count == 1)
                #expect(fromRedis.output.contains("stopped at the limit, more remain"), "\(fromRedis.output)")
            default:
                #expect(text.hasPrefix(#"{"id":"3-0""#) && text.split(separator: "\n").count == 1, "\(text)")
            }
        }
        let pa = try run(["export", "s", "--data", dir, "--pending", "g", "--format", "csv"])
        let pb = try run(["export", "s", "--redis", url, "--pending", "g", "--consumer", "c", "--format", "csv"])
        #expect(pa.output.hasPrefix("id,consumer,idle_ms,deliveries,base64\r\n1-0,c,"), "\(pa.output)")
        #expect(pb.output.contains("\r\n2-0,c,") && pb.output.contains("exported 2 pending entries to standard output as CSV (pending list of g, consumer c)"),
                "\(pb.output)")
        // A saved connection serves as --redis does.
        let config = temporary("config.toml")
        try "[contexts.oracle]\nurl = \"\(url)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        defer { unlink(config) }
        let saved = try run(["export", "s", "--config", config, "--context", "oracle", "--pending", "g", "--consumer", "c", "--format", "csv"])
        #expect(saved.status == 0 && saved.output.contains("\r\n2-0,c,")
                && saved.output.contains("exported 2 pending entries to standard output as CSV (pending list of g, consumer c)"), "\(saved.output)")
        let unsaved = try run(["export", "s", "--config", config, "--context", "prod"])
        #expect(unsaved.status == 64 && unsaved.output.contains("no context 'prod' in the configuration file; it has oracle"), "\(unsaved.output)")
        let missing = try run(["export", "nope", "--redis", url])
        #expect(missing.status == 1 && missing.output.contains("no such stream 'nope'"), "\(missing.output)")
        let missingHere = try run(["export", "nope", "--data", dir])
        #expect(missingHere.status == 1 && missingHere.output.contains("no such stream 'nope'"), "\(missingHere.output)")
    }

    @Test("options that do not go together are usage errors", arguments: [
        (["export", "s", "--consumer", "c"], "--consumer needs --pending GROUP"),
        (["export", "s", "--pending", "g", "--filter", "x"], "--pending exports the group's pending list"),
        (["export", "s", "--format", "xml"], "--format"),
        (["export", "s", "--data", "/tmp/x", "--redis", "redis://localhost"], "choose one source"),
        (["export", "s", "--context", "prod", "--redis", "redis://localhost"], "choose one source"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        let (status, output) = try run(arguments)
        #expect(status == 64)
        #expect(output.contains(message), "\(output)")
    }
}
