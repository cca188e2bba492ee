import RESP
import StreamCommands
import StreamServer
import Testing

/// `ServerCore` driven with bytes and no socket (no event loop, no NIO), its answers
/// compared byte for byte with redis-server's over a socket.
@Suite("The server core, bytes in and bytes out, against redis-server", .serialized)
struct ServerCoreTests {
    static func encode(_ commands: [[String]]) -> [UInt8] {
        commands.reduce(into: []) { $0 += RESPEncoder.encode(.array($1.map { .bulk($0) })) }
    }

    @Test("a pipeline of 200 commands in one read gets every reply in order, however the bytes are split")
    func pipelining() throws {
        var commands: [[String]] = []
        for i in 1...200 {
            switch i % 5 {
            case 0: commands.append(["XLEN", "s"])
            case 1: commands.append(["XADD", "s", "\(i)-0", "n", "\(i)"])
            case 2: commands.append(["XRANGE", "s", "-", "+", "COUNT", "2"])
            case 3: commands.append(["XADD", "s", "1-0", "late", "x"])  // an error in the middle
            default: commands.append(["NOSUCH", "\(i)"])
            }
        }
        let bytes = Self.encode(commands)
        for chunk in [Int.max, 7, 1] {
            let pair = try CorePair(clients: 1)
            defer { pair.stop() }
            let out = try pair.send(0, bytes, replies: commands.count, chunk: chunk, label: "200 commands in chunks of \(chunk)")
            #expect(!out.isEmpty)
            #expect(pair.mismatches.isEmpty, "\(pair.report)")
        }
    }

    @Test("inline commands and a protocol error: the error is the last reply and the connection closes")
    func inlineAndProtocolError() throws {
        let pair = try CorePair(clients: 1)
        defer { pair.stop() }
        try pair.send(0, Array("PING\r\nXADD s 1-0 f v\r\nXLEN s\r\n".utf8), replies: 3, label: "inline")
        #expect(!pair.closing.contains(0))
        try pair.send(0, Array("*1\r\n$4\r\nPING\r\n*x\r\n".utf8), replies: 2, label: "bad multibulk count")
        #expect(pair.closing.contains(0))
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("MULTI/EXEC queues, runs as one, aborts on a bad command, and WATCH fails EXEC after another client's write")
    func transactions() throws {
        let pair = try CorePair(clients: 2)
        defer { pair.stop() }
        for cmd in [["MULTI"], ["XADD", "s", "1-0", "f", "v"], ["XLEN", "s"], ["MULTI"], ["EXEC"],
                    ["EXEC"], ["DISCARD"],
                    ["MULTI"], ["XADD", "s"], ["XLEN", "s"], ["EXEC"],
                    ["MULTI"], ["XADD", "s", "2-0", "f", "v"], ["DISCARD"], ["XLEN", "s"],
                    ["WATCH", "s"]] {
            try pair.send(0, cmd)
        }
        try pair.send(1, ["XADD", "s", "3-0", "f", "v"])
        for cmd in [["MULTI"], ["XADD", "s", "4-0", "f", "v"], ["EXEC"], ["XLEN", "s"],
                    ["WATCH", "s"], ["MULTI"], ["XRANGE", "s", "-", "+"], ["EXEC"]] {
            try pair.send(0, cmd)
        }
        // A whole transaction in one read.
        try pair.send(0, Self.encode([["MULTI"], ["XADD", "t", "1-0", "a", "b"], ["XREVRANGE", "t", "+", "-"], ["EXEC"]]),
                      replies: 4, label: "MULTI ... EXEC pipelined")
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("a blocked XREAD is woken by another client's XADD and then runs what it pipelined behind the read")
    func blockedReadWoken() throws {
        let pair = try CorePair(clients: 3)
        defer { pair.stop() }
        try pair.send(0, ["XADD", "s", "1-0", "f", "v"])
        // Client 1 blocks with a PING behind its read; client 2 blocks on two keys.
        try pair.send(1, Self.encode([["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], ["PING", "after"]]),
                      replies: 0, label: "XREAD BLOCK 0 + PING")
        try pair.send(2, ["XREAD", "BLOCK", "0", "STREAMS", "other", "s", "$", "$"], replies: 0)
        #expect(pair.core.blockedClients == 2)
        try pair.send(0, ["XADD", "s", "2-0", "f", "w"])
        try pair.collect(1, replies: 2)
        try pair.collect(2, replies: 1)
        #expect(pair.core.blockedClients == 0)
        // XREADGROUP parked on a key that is then deleted: -UNBLOCKED.
        try pair.send(0, ["XGROUP", "CREATE", "s", "g", "$"])
        try pair.send(1, ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"], replies: 0)
        try pair.send(0, ["DEL", "s"])
        try pair.collect(1, replies: 1)
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("a blocked read's timer answers nil (RESP2) or null (RESP3); a late timer after a wake-up does nothing")
    func blockTimeout() throws {
        let pair = try CorePair(clients: 2)
        defer { pair.stop() }
        try pair.send(0, ["XREAD", "BLOCK", "300", "STREAMS", "s", "$"], replies: 0)
        #expect(pair.host.fireTimer(of: pair.ours[0], on: pair.core) == 300)
        try pair.collect(0, replies: 1)
        try pair.switchToRESP3(0)
        try pair.send(0, ["XREAD", "BLOCK", "300", "STREAMS", "s", "$"], replies: 0)
        #expect(pair.host.fireTimer(of: pair.ours[0], on: pair.core) == 300)
        try pair.collect(0, replies: 1)
        // Woken by data first: the timer that fires later must not answer again.
        try pair.send(1, ["XREAD", "BLOCK", "5000", "STREAMS", "s", "$"], replies: 0)
        try pair.send(0, ["XADD", "s", "1-0", "f", "v"])
        try pair.collect(1, replies: 1)
        #expect(pair.host.fireTimer(of: pair.ours[1], on: pair.core) == 5000)
        #expect(pair.host.take(pair.ours[1]).isEmpty)
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }

    @Test("a client that disconnects while blocked is forgotten, and QUIT closes after its reply")
    func disconnectAndQuit() throws {
        let pair = try CorePair(clients: 2)
        defer { pair.stop() }
        try pair.send(1, ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"], replies: 0)
        #expect(pair.core.blockedClients == 1)
        pair.core.disconnect(pair.ours[1])
        pair.theirs[1].close()
        #expect(pair.core.blockedClients == 0 && pair.core.connectedClients == 1)
        try pair.send(0, ["XADD", "s", "1-0", "f", "v"])
        #expect(pair.host.take(pair.ours[1]).isEmpty)
        try pair.send(0, ["QUIT"])
        #expect(pair.closing.contains(0))
        #expect(pair.mismatches.isEmpty, "\(pair.report)")
    }
}
