import Foundation
import RESP
import Testing
import TestSupport

/// The built explorer in tmux on a real six-node Redis Cluster the test starts.
@Suite("Explorer end to end on a Redis Cluster, in tmux", .serialized)
struct ClusterEndToEndTests {
    @Test("streams with their nodes, the nodes view, a partitioned stream, a claim on the second shard")
    func onCluster() throws {
        let cluster = try RedisCluster()
        defer { cluster.stop() }
        for p in 0..<4 {
            let port = try cluster.primaryPort(forKey: "orders:{\(p)}")
            let node = try cluster.connection(port)
            for i in 0..<(p == 2 ? 60 : 12) { _ = try node.command(["XADD", "orders:{\(p)}", "\(1_700_000_000_000 + i * 1000)-0", "n", "\(i)"]) }
            _ = try node.command(["XGROUP", "CREATE", "orders:{\(p)}", "billing", "0"])
            _ = try node.command(["XREADGROUP", "GROUP", "billing", "crashed", "COUNT", "3", "STREAMS", "orders:{\(p)}", ">"])
        }
        // orders:{1} hashes to slot 9842: the second shard (the second primary created).
        let second = try cluster.primaryPort(forKey: "orders:{1}")
        #expect(second == cluster.ports[1])
        let t = try TmuxSession(arguments: ["--redis", "redis://127.0.0.1:\(cluster.ports[0])"])
        t.waitFor("3 shards")
        t.waitFor("orders:{1}")
        t.waitFor(":\(second)  9842")
        try t.press("7")
        for port in cluster.ports.prefix(3) { t.waitFor("primary 127.0.0.1:\(port)") }
        #expect(t.screen.components(separatedBy: " replica 127.0.0.1:").count == 4, "\(t.screen)")
        try t.press("1", "j")
        t.waitFor("Entries of orders:{1}")
        try t.press("6")
        t.waitFor("Partitions of orders (4)")
        t.waitFor("!orders:{2}")
        t.waitFor("total")
        try t.press("4")
        t.waitFor("crashed")
        try t.press("c")
        try t.type("rescuer")
        try t.press("Enter")
        t.waitFor("claimed 1 to rescuer")
        let owners = String(decoding: RESPEncoder.encode(try cluster.connection(second).command(["XPENDING", "orders:{1}", "billing", "-", "+", "10"])), as: UTF8.self)
        #expect(owners.contains("rescuer") && owners.contains("crashed"))
        try t.press("q")
        t.waitFor("EXIT=0")
        t.expectTerminalRestored()
    }
}
