import RESP
import Testing

/// Scripted multi-client sessions sent over sockets to redis-server and to our server,
/// replies compared byte for byte (HELLO's server, version and id masked).
@Suite("Serving: scripted sessions against redis-server", .serialized)
struct ServeScenarioTests {
    @Test("connection and server commands answer as Redis's")
    func connectionCommands() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        for cmd in [["PING"], ["PING", "hi"], ["PING", "a", "b"], ["ECHO", "x y"], ["ECHO"], ["SELECT", "16"],
                    ["SELECT", "x"], ["SELECT", "3"], ["XADD", "s", "1-0", "f", "v"], ["DBSIZE"], ["SELECT", "0"],
                    ["DBSIZE"], ["FOO", "bar"], ["XADD", "s"], ["CLIENT", "NOPE"], ["CLIENT"], ["CLIENT", "GETNAME"],
                    ["CLIENT", "SETNAME", "a b"], ["CLIENT", "SETNAME", "worker-1"], ["CLIENT", "GETNAME"],
                    ["CLIENT", "SETNAME", ""], ["CLIENT", "GETNAME"], ["CLIENT", "ID"], ["CLIENT", "KILL", "1.2.3.4:5"],
                    ["CLIENT", "KILL", "ID", "999999"], ["CLIENT", "KILL", "ID", "x"],
                    ["CONFIG", "GET", "nosuch"], ["CONFIG", "SET", "nosuch", "1"], ["CONFIG", "GET", "stream-node-max-entries"],
                    ["CONFIG", "SET", "stream-node-max-entries", "50"], ["CONFIG", "GET", "stream-node-max-entries"],
                    ["CONFIG", "GET", "maxclients"], ["CONFIG", "GET", "appendonly"], ["CONFIG", "GET", "requirepass"],
                    ["CONFIG", "GET", "appendfsync"], ["CONFIG", "SET", "appendfsync", "always"], ["CONFIG", "GET", "appendfsync"],
                    ["CONFIG", "SET", "maxclients", "x"], ["CONFIG"], ["CONFIG", "FOO"],
                    ["FUNCTION", "FLUSH"], ["FUNCTION", "FLUSH", "SYNC"], ["MEMORY", "USAGE", "missing"],
                    ["AUTH", "x"], ["AUTH", "default", "x"], ["HELLO", "4"], ["HELLO", "x"], ["HELLO", "3"],
                    ["PING"], ["XRANGE", "s", "-", "+"], ["HELLO", "2", "SETNAME", "n"], ["CLIENT", "GETNAME"],
                    ["COMMAND", "NOPE"], ["FLUSHDB"], ["DBSIZE"], ["FLUSHALL"], ["QUIT"]] {
            try pair.send(0, cmd)
        }
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("INFO carries the fields clients read, and counts blocked clients, as Redis's does")
    func info() throws {
        let pair = try ServerPair(clients: 2)
        defer { pair.stop() }
        try pair.send(1, ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"])
        for (conn, name) in [(pair.theirClients[0], "redis"), (pair.ourClients[0], "ours")] {
            guard case .bulkString(let bytes) = try conn.command(["INFO"]) else {
                Issue.record("\(name): INFO is not a bulk string")
                continue
            }
            let text = String(decoding: bytes, as: UTF8.self)
            for field in ["# Server\r\n", "redis_version:7.0.", "arch_bits:64", "run_id:", "# Clients\r\n",
                          "connected_clients:", "blocked_clients:1", "# Memory\r\n", "used_memory:",
                          "# Persistence\r\n", "# Stats\r\n", "total_commands_processed:", "# Cluster\r\ncluster_enabled:0\r\n",
                          "# Keyspace\r\n"] {
                #expect(text.contains(field), "\(name) INFO lacks \(field.debugDescription)")
            }
            guard case .bulkString(let section) = try conn.command(["INFO", "keyspace"]) else { continue }
            #expect(String(decoding: section, as: UTF8.self) == "# Keyspace\r\n", "\(name)")
        }
        try pair.send(0, ["XADD", "s", "1-0", "f", "v"])
        try pair.collect(1)
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("a connection over maxclients gets Redis's error and is closed")
    func maxClients() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        // Redis counts the oracle's own first connection too: allow one more on each side.
        try pair.theirClients[0].sendCommand([Array("CONFIG".utf8), Array("SET".utf8), Array("maxclients".utf8), Array("2".utf8)])
        _ = try pair.theirClients[0].readRaw()
        try pair.ourClients[0].sendCommand([Array("CONFIG".utf8), Array("SET".utf8), Array("maxclients".utf8), Array("1".utf8)])
        _ = try pair.ourClients[0].readRaw()
        try pair.addClient()
        try pair.sendRaw(1, Array("PING\r\n".utf8))
        try pair.send(0, ["PING"])
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("a pipeline of commands in one write gets every reply in order")
    func pipelining() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        var batch: [UInt8] = []
        for i in 1...200 {
            let cmd: [String] = i % 3 == 0 ? ["XLEN", "s"] : i % 3 == 1 ? ["XADD", "s", "\(i)-0", "n", "\(i)"] : ["XRANGE", "s", "-", "+", "COUNT", "2"]
            batch += RESPEncoder.encode(.array(cmd.map { .bulk($0) }))
        }
        batch += Array("PING\r\nECHO inline\r\n".utf8)
        try pair.sendRaw(0, batch)
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("command names in any case, and more made-up names than the route cache holds, answer as Redis's")
    func commandNameSpellings() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        var batch: [UInt8] = []
        for (i, name) in ["XADD", "xadd", "xAdD", "XaDd"].enumerated() {
            batch += RESPEncoder.encode(.array([name, "s", "\(i + 1)-0", "f", "v"].map { .bulk($0) }))
        }
        // Past the cache's limit (1024 spellings), names are resolved each time.
        for i in 0..<1_500 {
            let name = i % 100 == 99 ? (i % 200 == 199 ? "XLEN" : "xLeN") : "nosuch\(i)"
            batch += RESPEncoder.encode(.array([name, "s"].map { .bulk($0) }))
        }
        batch += RESPEncoder.encode(.array(["XRANGE", "s", "-", "+"].map { .bulk($0) }))
        batch += RESPEncoder.encode(.array(["xgroup", "CREATE", "s", "g", "0"].map { .bulk($0) }))
        batch += RESPEncoder.encode(.array(["XGROUP", "nope", "s"].map { .bulk($0) }))
        batch += RESPEncoder.encode(.array(["xReadGroup", "group", "g", "c", "streams", "s", ">"].map { .bulk($0) }))
        try pair.sendRaw(0, batch, waitMs: 600)
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("XRANGE and XREVRANGE in every form answer as Redis's (entries written straight into bytes)")
    func ranges() throws {
        let pair = try ServerPair(clients: 1)
        defer { pair.stop() }
        try pair.send(0, ["CONFIG", "SET", "stream-node-max-entries", "4"])
        for i in 1...30 {
            // Alternate field sets so that some entries share the node's master fields and some do not.
            let fields = i % 3 == 0 ? ["other", "x\(i)", "more", ""] : ["f", "v\(i)"]
            try pair.send(0, ["XADD", "s", "\(i / 4 + 1)-\(i % 4)"] + fields)
        }
        try pair.send(0, ["XDEL", "s", "2-1", "3-0", "5-3"])
        try pair.send(0, ["SET", "str", "x"])
        let bounds = [("-", "+"), ("1", "3"), ("2-1", "5"), ("(2-1", "(5-2"), ("5", "2"), ("0", "18446744073709551615"),
                      ("3-2", "3-2"), ("bad", "+"), ("-", "(0-0")]
        for (lo, hi) in bounds {
            for count in [nil, "0", "1", "5", "-1", "x"] as [String?] {
                let tail = count.map { ["COUNT", $0] } ?? []
                try pair.send(0, ["XRANGE", "s", lo, hi] + tail)
                try pair.send(0, ["XREVRANGE", "s", hi, lo] + tail)
            }
        }
        for cmd in [["XRANGE", "str", "-", "+"], ["XREVRANGE", "missing", "+", "-"], ["XRANGE", "s", "-", "+", "LIMIT", "2"],
                    ["XRANGE", "s", "-", "+", "count", "2"], ["XREVRANGE", "s", "+", "-", "COUNT", "2", "COUNT", "3"], ["XRANGE", "s", "-"]] {
            try pair.send(0, cmd)
        }
        try pair.send(0, ["HELLO", "3"])
        try pair.send(0, ["XREVRANGE", "s", "+", "-", "COUNT", "3"])
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("MULTI/EXEC: queued replies, EXECABORT, nested MULTI, WATCH")
    func transactions() throws {
        let pair = try ServerPair(clients: 2)
        defer { pair.stop() }
        let steps: [(Int, [String])] = [
            (0, ["MULTI"]), (0, ["XADD", "s", "1-0", "a", "1"]), (0, ["XADD", "s", "1-0", "a", "1"]), (0, ["XLEN", "s"]),
            (0, ["EXEC"]), (0, ["EXEC"]), (0, ["DISCARD"]), (0, ["MULTI"]), (0, ["MULTI"]), (0, ["FOO"]), (0, ["PING"]),
            (0, ["EXEC"]), (0, ["MULTI"]), (0, ["XADD", "s"]), (0, ["EXEC"]), (0, ["MULTI"]), (0, ["WATCH", "s"]),
            (0, ["DISCARD"]), (0, ["EXEC", "x"]), (0, ["WATCH"]), (0, ["UNWATCH", "x"]),
            // A changed WATCHed key makes EXEC answer null.
            (0, ["WATCH", "s"]), (1, ["XADD", "s", "2-0", "a", "2"]), (0, ["MULTI"]), (0, ["XLEN", "s"]), (0, ["EXEC"]),
            // An untouched one lets it run; so does a DEL of a missing key.
            (0, ["WATCH", "s", "t"]), (1, ["DEL", "t"]), (1, ["XLEN", "s"]), (0, ["MULTI"]), (0, ["XLEN", "s"]), (0, ["EXEC"]),
            // XDEL that deletes nothing does not touch the key; one that does, does.
            (0, ["WATCH", "s"]), (1, ["XDEL", "s", "9-9"]), (0, ["MULTI"]), (0, ["PING"]), (0, ["EXEC"]),
            (0, ["WATCH", "s"]), (1, ["XDEL", "s", "1-0"]), (0, ["MULTI"]), (0, ["PING"]), (0, ["EXEC"]),
            // FLUSHALL touches watched keys that exist.
            (0, ["WATCH", "s"]), (1, ["FLUSHALL"]), (0, ["MULTI"]), (0, ["PING"]), (0, ["EXEC"]),
            (0, ["WATCH", "s"]), (1, ["FLUSHALL"]), (0, ["MULTI"]), (0, ["PING"]), (0, ["EXEC"]),
            // Blocking reads inside MULTI do not block.
            (0, ["MULTI"]), (0, ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]), (0, ["SELECT", "2"]), (0, ["EXEC"]),
            (0, ["XADD", "s", "1-0", "a", "b"]), (0, ["DBSIZE"]), (0, ["SELECT", "0"]),
            (0, ["HELLO", "3"]), (0, ["MULTI"]), (0, ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]), (0, ["EXEC"]),
            (0, ["WATCH", "s"]), (1, ["XADD", "s", "7-0", "a", "b"]), (0, ["MULTI"]), (0, ["EXEC"]),
        ]
        for (c, cmd) in steps { try pair.send(c, cmd) }
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("AUTH, HELLO AUTH and NOAUTH with requirepass")
    func authentication() throws {
        let pair = try ServerPair(clients: 2, requirePass: "s3cret")
        defer { pair.stop() }
        let steps: [(Int, [String])] = [
            (0, ["PING"]), (0, ["FOO"]), (0, ["XADD"]), (0, ["MULTI"]), (0, ["AUTH", "x"]), (0, ["AUTH", "a", "b", "c"]),
            (0, ["HELLO", "3"]), (0, ["HELLO", "2", "AUTH", "default", "nope"]), (0, ["HELLO", "2", "AUTH", "bob", "s3cret"]),
            (0, ["HELLO", "3", "AUTH", "default", "s3cret"]), (0, ["PING"]), (0, ["XADD", "s", "1-0", "a", "b"]),
            (1, ["XLEN", "s"]), (1, ["AUTH", "s3cret"]), (1, ["XLEN", "s"]), (1, ["AUTH", "default", "s3cret"]),
            (1, ["CONFIG", "GET", "requirepass"]), (1, ["QUIT"]),
        ]
        for (c, cmd) in steps { try pair.send(c, cmd) }
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("blocked reads wake in arrival order, with Redis's errors, and resume their pipeline")
    func blockingAcrossClients() throws {
        let pair = try ServerPair(clients: 4)
        defer { pair.stop() }
        let group = ["XREADGROUP", "GROUP", "g"]
        // Two group readers: the first to block gets the first entry.
        try pair.send(0, ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
        try pair.send(1, group + ["a", "BLOCK", "0", "STREAMS", "s", ">"])
        try pair.send(2, group + ["b", "BLOCK", "0", "STREAMS", "s", ">"])
        try pair.send(3, ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"])
        try pair.send(0, ["XADD", "s", "1-0", "f", "v"])
        try pair.collect(1)
        try pair.collect(2)
        try pair.collect(3)
        try pair.send(0, ["XADD", "s", "2-0", "f", "v"])
        try pair.collect(2)
        // XADD then DEL inside one MULTI wakes nobody with data.
        try pair.send(1, ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"])
        try pair.send(3, group + ["c", "BLOCK", "0", "STREAMS", "s", ">"])
        for cmd in [["MULTI"], ["XADD", "s", "3-0", "f", "v"], ["DEL", "s"], ["EXEC"]] { try pair.send(0, cmd) }
        try pair.collect(1)
        try pair.collect(3)
        // Deleting, destroying the group, renaming onto the key.
        try pair.send(0, ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
        try pair.send(2, group + ["d", "BLOCK", "0", "STREAMS", "s", ">"])
        try pair.send(0, ["XGROUP", "DESTROY", "s", "g"])
        try pair.collect(2)
        try pair.send(0, ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
        try pair.send(2, group + ["d", "BLOCK", "0", "STREAMS", "s", ">"])
        try pair.send(0, ["FLUSHALL"])
        try pair.collect(2)
        try pair.collect(1)
        try pair.send(0, ["XADD", "t", "5-0", "f", "v"])
        try pair.send(0, ["XGROUP", "CREATE", "t", "g", "0"])
        try pair.send(0, ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"])
        try pair.send(2, group + ["d", "BLOCK", "0", "STREAMS", "s", ">"])
        try pair.send(0, ["RENAME", "t", "s"])
        try pair.collect(2)
        try pair.send(0, ["SET", "s", "x"])
        try pair.collect(1)
        // A timeout answers null; RESP3 answers `_`; the pipeline behind it resumes.
        try pair.send(1, ["XREAD", "BLOCK", "50", "STREAMS", "none", "$"], waitMs: 1000)
        try pair.send(1, ["HELLO", "3"])
        try pair.send(1, ["XREAD", "BLOCK", "50", "STREAMS", "none", "$"], waitMs: 1000)
        try pair.sendRaw(2, Array("XREAD BLOCK 0 STREAMS q $\r\nPING\r\nECHO after\r\n".utf8))
        try pair.send(0, ["XADD", "q", "1-1", "k", "v"])
        try pair.collect(2)
        try pair.collect(2)
        try pair.collect(2)
        // A client that disconnects while blocked is forgotten.
        try pair.send(3, ["XREAD", "BLOCK", "0", "STREAMS", "q", "$"])
        pair.theirClients[3].close()
        pair.ourClients[3].close()
        try pair.send(0, ["XADD", "q", "2-1", "k", "v"])
        try pair.send(0, ["XLEN", "q"])
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("malformed input gets the protocol error and a closed connection; others carry on",
          arguments: [
            "*1\r\n$x\r\n", "*abc\r\n", "*1\r\n$536870913\r\n", "*3000000000\r\n", "\"unbalanced\r\n",
            "*1\r\nPING\r\n", "*2\r\n$4\r\nECHO\r\n$-5\r\n", "PING\r\n*1\r\n$-1\r\n", "QUIT\r\nPING\r\n",
          ])
    func malformed(_ input: String) throws {
        let pair = try ServerPair(clients: 2)
        defer { pair.stop() }
        try pair.send(1, ["XADD", "s", "1-0", "f", "v"])
        try pair.sendRaw(0, Array(input.utf8))
        try pair.send(1, ["XLEN", "s"])
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("oversized inline request and bulk count line are refused as Redis refuses them")
    func oversized() throws {
        let pair = try ServerPair(clients: 3)
        defer { pair.stop() }
        try pair.sendRaw(0, [UInt8](repeating: UInt8(ascii: "a"), count: 70_000))
        try pair.sendRaw(1, Array("*1\r\n$".utf8) + [UInt8](repeating: UInt8(ascii: "1"), count: 70_000))
        try pair.send(2, ["PING"])
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }
}
