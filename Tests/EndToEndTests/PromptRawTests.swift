import Foundation
import Testing
import TestSupport

/// `streamscope prompt` writing into a pipe prints replies raw, byte for byte as
/// redis-cli does into a pipe: the same script through both, compared.
@Suite("Prompt raw replies against redis-cli", .serialized)
struct PromptRawTests {
    /// Every reply shape the prompt meets: status, integer, bulk (binary too), nil,
    /// empty and nil arrays, nested arrays, errors (ours and the parser's).
    static let script = [
        "PING",
        "XADD s 1-0 f \"a b\" g 'x\"y'",
        "XADD s 2-0 bin \"\\xff\\x00\\r\\n\"",
        "XADD s 0-1 f v",
        "XLEN s",
        "XRANGE s - +",
        "XRANGE nokey - +",
        "XREAD STREAMS s 9-0",
        "XREAD COUNT 1 STREAMS s s2 0 0",
        "XGROUP CREATE s g 0",
        "XPENDING s g",
        "XREADGROUP GROUP g c STREAMS s >",
        "XPENDING s g",
        "XINFO GROUPS s",
        "XACK s g 1-0 2-0",
        "GET nokey",
        "SET str v",
        "XLEN str",
        "BADCMD a b",
        "XADD",
    ]

    func run(_ command: String, script: String) throws -> [UInt8] {
        let dir = NSTemporaryDirectory() + "streamscope-raw-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data((script + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/in"))
        let (status, _) = try spawnAndWait(["/bin/sh", "-c", "\(command) < '\(dir)/in' > '\(dir)/out'"], captureOutput: false)
        #expect(status == 0, "\(command)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/out")))
    }

    @Test("into a pipe, the prompt prints every reply as redis-cli does, byte for byte")
    func rawMatchesRedisCLI() throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        let script = Self.script.joined(separator: "\n")
        let theirs = try run("redis-cli -p \(redis.port)", script: script)
        let ours = try run("'\(streamscopeBinary)' prompt --empty --redis-version 7.0", script: script)
        #expect(theirs.count > 100, "redis-cli answered")
        #expect(ours == theirs, "ours:\n\(String(decoding: ours, as: UTF8.self))\ntheirs:\n\(String(decoding: theirs, as: UTF8.self))")
    }

    @Test("--no-raw keeps redis-cli's terminal format in a pipe")
    func noRaw() throws {
        let out = try run("'\(streamscopeBinary)' prompt --empty --no-raw", script: "XADD s 1-0 f v\nXLEN s\nGET nokey")
        #expect(String(decoding: out, as: UTF8.self) == "\"1-0\"\n(integer) 1\n(nil)\n")
    }

    @Test("connection and server commands get a clear error at the embedded prompt, and the prompt goes on")
    func serverCommandsSaySo() throws {
        let out = try run("'\(streamscopeBinary)' prompt --empty --no-raw", script: "INFO server\nmulti\nCLIENT LIST\nXADD s 1-0 f v\nNOSUCH x\nCONFIG GET stream-node-max-entries")
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(lines)")
        for (i, name) in ["INFO", "MULTI", "CLIENT"].enumerated() {
            #expect(lines[i] == "(error) ERR '\(name)' is answered by the server (streamscope serve), not by the embedded prompt; `help` lists the prompt's commands")
        }
        #expect(lines[3] == "\"1-0\"")
        #expect(lines[4].hasPrefix("(error) ERR unknown command 'NOSUCH'"))
        // What the engine runs itself (CONFIG GET, HELLO) still runs.
        #expect(lines[5] == "1) \"stream-node-max-entries\" => \"100\"")
    }
}
