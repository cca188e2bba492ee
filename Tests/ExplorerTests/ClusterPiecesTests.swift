import Explorer
import Foundation
import RESP
import Testing
import TestSupport

/// The cluster's pure pieces: hash slots, the topology read from CLUSTER SHARDS and
/// CLUSTER SLOTS, redirection errors, and key positions from COMMAND INFO.
private func b(_ s: String) -> RESPValue { .bulkString(Array(s.utf8)) }

@Suite("Cluster pieces: slots, topology, redirections, key positions")
struct ClusterPiecesTests {
    static func k(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test("CRC16 is XMODEM's: the cluster spec's check value 0x31C3 for 123456789")
    func crcCheckValue() {
        #expect(HashSlot.crc16(Array("123456789".utf8)[...]) == 0x31C3)
        #expect(HashSlot.of(Self.k("123456789")) == 0x31C3 & 0x3FFF)
    }

    @Test("hashtags follow Redis's rules: first { then the first } after it, never empty")
    func hashtags() {
        #expect(HashSlot.of(Self.k("{user1000}.following")) == HashSlot.of(Self.k("{user1000}.followers")))
        #expect(HashSlot.of(Self.k("orders:{7}")) == HashSlot.of(Self.k("7")))
        #expect(HashSlot.hashedPart(Self.k("foo{}{bar}")) == Self.k("foo{}{bar}")[...])
        #expect(HashSlot.hashedPart(Self.k("foo{{bar}}zap")) == Self.k("{bar")[...])
        #expect(HashSlot.hashedPart(Self.k("foo{bar}{zap}")) == Self.k("bar")[...])
        #expect(HashSlot.hashedPart(Self.k("no-brace}{")) == Self.k("no-brace}{")[...])
        #expect(HashSlot.of([]) == 0)
    }

    static func node(_ id: String, _ port: Int, _ role: String, _ health: String = "online") -> RESPValue {
        .array([b("id"), b(id), b("port"), .integer(Int64(port)), b("ip"), b("10.0.0.1"), b("endpoint"), b("10.0.0.1"),
                b("role"), b(role), b("replication-offset"), .integer(42), b("health"), b(health)])
    }

    @Test("CLUSTER SHARDS: shards in slot order, an online master is the primary, slots map to it")
    func shardsReply() throws {
        let reply: RESPValue = .array([
            .array([b("slots"), .array([.integer(10923), .integer(16383)]), b("nodes"), .array([Self.node("c", 7003, "master"), Self.node("f", 7006, "replica")])]),
            .array([b("slots"), .array([.integer(0), .integer(100), .integer(200), .integer(5460)]),
                    b("nodes"), .array([Self.node("x", 7009, "master", "failed"), Self.node("a", 7001, "master"), Self.node("d", 7004, "replica")])]),
            .array([b("slots"), .array([.integer(5461), .integer(10922), .integer(101), .integer(199)]), b("nodes"), .array([Self.node("b", 7002, "master")])]),
        ])
        let t = try ClusterTopology.parse(shards: reply, fallbackHost: "seed")
        #expect(t.primaries.map(\.port) == [7001, 7002, 7003])
        #expect(t.shards[0].slotText == "0-100,200-5460")
        #expect(t.shards[0].replicas.map(\.address.port) == [7009, 7004])
        #expect(t.primary(forSlot: 150)?.port == 7002)
        #expect(t.primary(forSlot: 16383) == NodeAddress(host: "10.0.0.1", port: 7003))
        #expect(t.coversAllSlots)
        #expect(t.shards[2].replicas.first?.replicationOffset == 42)
        var moved = t
        moved.move(slot: 150, to: NodeAddress(host: "10.0.0.1", port: 7003))
        #expect(moved.primary(forSlot: 150)?.port == 7003)
    }

    @Test("CLUSTER SLOTS: ranges of one primary gather into its shard; an unknown endpoint is the seed's host")
    func slotsReply() throws {
        func n(_ host: String, _ port: Int, _ id: String) -> RESPValue { .array([b(host), .integer(Int64(port)), b(id), .array([])]) }
        let reply: RESPValue = .array([
            .array([.integer(0), .integer(5460), n("", 7001, "a"), n("127.0.0.1", 7004, "d")]),
            .array([.integer(5461), .integer(16000), n("127.0.0.1", 7002, "b")]),
            .array([.integer(16001), .integer(16383), n("?", 7001, "a")]),
        ])
        let t = try ClusterTopology.parse(slots: reply, fallbackHost: "seed.local")
        #expect(t.primaries == [NodeAddress(host: "seed.local", port: 7001), NodeAddress(host: "127.0.0.1", port: 7002)])
        #expect(t.shards[0].slotText == "0-5460,16001-16383")
        #expect(t.primary(forSlot: 16383)?.host == "seed.local")
        #expect(throws: ClusterTopology.ParseError.self) { try ClusterTopology.parse(slots: .error("ERR"), fallbackHost: "x") }
    }

    @Test("MOVED and ASK are parsed (IPv6, brackets, an empty host); other errors are not redirections")
    func redirects() {
        #expect(ClusterRedirect(error: "MOVED 3999 127.0.0.1:6381", sender: "h") == .moved(slot: 3999, to: NodeAddress(host: "127.0.0.1", port: 6381)))
        #expect(ClusterRedirect(error: "ASK 3999 ::1:6381", sender: "h") == .ask(slot: 3999, to: NodeAddress(host: "::1", port: 6381)))
        #expect(ClusterRedirect(error: "ASK 1 [fe80::1]:7000", sender: "h")?.target.description == "[fe80::1]:7000")
        #expect(ClusterRedirect(error: "MOVED 12 :7002", sender: "seed")?.target == NodeAddress(host: "seed", port: 7002))
        for bad in ["MOVED 16384 a:1", "MOVED x a:1", "CROSSSLOT Keys in request don't hash to the same slot", "ASK 1 nohost", "MOVED 1 a:99999", "TRYAGAIN"] {
            #expect(ClusterRedirect(error: bad, sender: "h") == nil, "\(bad)")
        }
    }

    @Test("key positions from COMMAND INFO find the keys COMMAND GETKEYS finds, on redis-server")
    func keyPositionsMatchGetKeys() throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        let positions = KeyPositions(commandInfo: try redis.main.command(["COMMAND", "INFO"]))
        #expect(positions.count > 100)
        let commands: [[String]] = [
            ["XADD", "s1", "*", "f", "v"], ["XRANGE", "s1", "-", "+"], ["XINFO", "STREAM", "s1"], ["XINFO", "GROUPS", "s2"],
            ["XINFO", "CONSUMERS", "s3", "g"], ["XGROUP", "CREATE", "s4", "g", "$"], ["XGROUP", "DESTROY", "s5", "g"],
            ["XREAD", "COUNT", "2", "STREAMS", "a", "b", "c", "0", "0", "0"], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "streams", "x", "0", "0"],
            ["xread", "streams", "k", "$"], ["XPENDING", "s6", "g"], ["XCLAIM", "s7", "g", "c", "0", "1-1"], ["XAUTOCLAIM", "s8", "g", "c", "0", "0"],
            ["MGET", "a", "b", "c"], ["MSET", "a", "1", "b", "2"], ["EVAL", "return 1", "2", "k1", "k2", "arg"], ["DEL", "x", "y"],
            ["RENAME", "from", "to"], ["OBJECT", "ENCODING", "k"], ["MEMORY", "USAGE", "k"], ["ZUNIONSTORE", "d", "2", "s1", "s2"],
            ["LMPOP", "2", "l1", "l2", "LEFT"], ["SORT", "k"], ["GET", "{tag}x"], ["BLMOVE", "a", "b", "LEFT", "RIGHT", "0"],
        ]
        for c in commands {
            let reply = try redis.main.command(["COMMAND", "GETKEYS"] + c)
            let expected: [[UInt8]] = {
                if case .array(let a) = reply { return a.compactMap { if case .bulkString(let x) = $0 { return x } else { return nil } } }
                return []
            }()
            #expect(positions.keys(c.map { Array($0.utf8) }) == expected, "\(c)")
        }
        #expect(positions.keys([Array("PING".utf8)]).isEmpty)
        #expect(positions.keys([Array("SCAN".utf8), Array("0".utf8)]).isEmpty)
        #expect(positions.keys([Array("NOSUCH".utf8), Array("k".utf8)]).isEmpty)
        #expect(positions.keys([Array("XREAD".utf8), Array("STREAMS".utf8)]).isEmpty)
    }
}
