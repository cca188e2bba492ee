import Explorer
import Foundation
import RESP
import StreamEngine
import StreamNetwork
import Testing
import TestSupport

/// The cluster data source on a real six-node Redis Cluster that each test starts
/// (three primaries, three replicas; about 3 s each).
@Suite("The cluster data source on a real Redis Cluster", .serialized)
struct ClusterSourceTests {
    final class Rig {
        let cluster: RedisCluster
        let router: ClusterRouter
        let source: ClusterSource

        init(timeoutMs: Int32 = 3000, readFromReplicas: Bool = false) throws {
            cluster = try RedisCluster()
            let seed = NodeAddress(host: "127.0.0.1", port: cluster.ports[0])
            let box = SentBox()
            let made: ClusterRouter.ChannelFactory = { address in
                let c = RedisClient(url: RedisURL(host: address.host, port: address.port), timeoutMs: timeoutMs)
                c.onSend = { args in box.append(address.port, args.map { String(decoding: $0, as: UTF8.self) }) }
                return c
            }
            router = ClusterRouter(seed: seed, seedChannel: made(seed), factory: made)
            router.readFromReplicas = readFromReplicas
            source = try ClusterSource(router: router, label: "cluster")
            sentBox = box
        }
        let sentBox: SentBox

        /// Runs a command on the node that serves its key (as redis-cli -c would).
        @discardableResult
        func run(_ args: [String]) throws -> RESPValue {
            // The server says where the key is (COMMAND GETKEYS), not a guess here.
            guard case .array(let keys) = try cluster.connection(cluster.ports[0]).command(["COMMAND", "GETKEYS"] + args),
                  case .bulkString(let key)? = keys.first else { throw RedisOracle.Failure(description: "no key in \(args)") }
            let reply = try cluster.connection(try cluster.primaryPort(forKey: String(decoding: key, as: UTF8.self))).command(args)
            if case .error(let e) = reply, args[0] != "SET" { throw RedisOracle.Failure(description: "\(args): \(e)") }
            return reply
        }

        deinit { cluster.stop() }
    }

    final class SentBox: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(Int, [String])] = []
        func append(_ port: Int, _ args: [String]) { lock.lock(); items.append((port, args)); lock.unlock() }
        var all: [(Int, [String])] { lock.lock(); defer { lock.unlock() }; return items }
    }

    static func ints(_ v: RESPValue) -> [Int64] {
        if case .array(let a) = v { return a.compactMap { if case .integer(let i) = $0 { return i } else { return nil } } }
        return []
    }

    @Test("HashSlot agrees with CLUSTER KEYSLOT for 2,000 keys, hashtags and odd braces included")
    func slotsAgreeWithServer() throws {
        let rig = try Rig()
        var g = SeededGenerator(seed: 18)
        let alphabet = Array("ab{}:_-0123456789xyz".utf8) + [0, 255, 0xc3, 0xa9]
        for i in 0..<2000 {
            let key: [UInt8] = i < 6 ? Array(["", "{}", "{a}", "a{", "}{x}", "{{y}}"][i].utf8)
                : (0..<Int.random(in: 1...12, using: &g)).map { _ in alphabet.randomElement(using: &g)! }
            let reply = try rig.cluster.connection(rig.cluster.ports[0]).command(["CLUSTER", "KEYSLOT", String(decoding: key, as: UTF8.self)])
            // Keys that are not valid UTF-8 are sent as bytes.
            let raw = try rig.cluster.connection(rig.cluster.ports[0]).rawCommand([Array("CLUSTER".utf8), Array("KEYSLOT".utf8), key])
            _ = reply
            #expect(raw == Array(":\(HashSlot.of(key))\r\n".utf8), "key \(key)")
        }
    }

    /// The single-server workload, on three stream families whose keys land on every shard.
    static func workload(_ s: String) -> [[String]] {
        RedisSourceTests.workload.map { cmd in
            cmd.map { $0 == "orders" ? "orders\(s)" : $0 == "payments" ? "payments\(s)" : $0 == "not-a-stream" ? "not-a-stream\(s)" : $0 }
        }
    }

    @Test("the same workload spread over the cluster: streams, entries, groups, consumers, pending as each node says")
    func sameAsEachNode() throws {
        let rig = try Rig()
        let suffixes = ["", "-eu", "-us", "-ap", "-za"]
        for s in suffixes { for cmd in Self.workload(s) { try rig.run(cmd) } }
        let streams = try rig.source.streams()
        let names = suffixes.flatMap { ["orders\($0)", "payments\($0)"] }.sorted()
        #expect(streams.map(\.name) == names)
        #expect(Set(streams.compactMap(\.node)).count == 3, "streams on every shard")
        for st in streams {
            let port = try rig.cluster.primaryPort(forKey: st.name)
            let node = try rig.cluster.connection(port)
            #expect(st.node == "127.0.0.1:\(port)")
            #expect(st.slot == HashSlot.of(st.key))
            #expect(st.unavailable == nil)
            guard case .array(let info) = try node.command(["XINFO", "STREAM", st.name]) else { Issue.record("XINFO"); continue }
            #expect(info[1] == .integer(Int64(st.length)))
            let groups = try rig.source.groups(st.key)
            guard case .array(let g) = try node.command(["XINFO", "GROUPS", st.name]) else { Issue.record("XINFO GROUPS"); continue }
            #expect(groups.count == g.count)
            #expect(st.groups == g.count)
            for grp in groups {
                let pending = try rig.source.pending(st.key, group: grp.name, count: 1000)
                guard case .array(let p) = try node.command(["XPENDING", st.name, grp.name.description, "-", "+", "1000"]) else { continue }
                #expect(pending.count == p.count)
                #expect(grp.pending == p.count)
                let consumers = try rig.source.consumers(st.key, group: grp.name)
                guard case .array(let c) = try node.command(["XINFO", "CONSUMERS", st.name, grp.name.description]) else { continue }
                #expect(consumers.count == c.count)
            }
            let entries = try rig.source.entries(st.key, from: .zero, to: .max, count: 1000, reverse: false, filter: nil, scanLimit: 1000)
            guard case .array(let e) = try node.command(["XRANGE", st.name, "-", "+"]) else { continue }
            #expect(entries.count == e.count)
        }
        let billing = try rig.source.groups(Array("orders-eu".utf8)).first { $0.name == "billing" }
        #expect(billing?.pending == 40)
        // Discovery is SCAN on every primary, never KEYS.
        let sent = rig.sentBox.all
        #expect(!sent.contains { $0.1.first?.uppercased() == "KEYS" })
        #expect(Set(sent.filter { $0.1.first == "SCAN" }.map(\.0)) == Set(rig.router.topology.primaries.map(\.port)))
    }

    @Test("--read-from replicas: reads (SCAN, XINFO, XRANGE, XPENDING) go to replicas after READONLY, writes to primaries")
    func readsFromReplicas() throws {
        let rig = try Rig(readFromReplicas: true)
        for s in ["", "-eu", "-us"] { for cmd in Self.workload(s) { try rig.run(cmd) } }
        let primaries = rig.router.topology.primaries.map(\.port)
        for p in primaries { #expect(try rig.cluster.connection(p).command(["WAIT", "1", "5000"]) == .integer(1)) }
        let streams = try rig.source.streams()
        #expect(streams.count == 6)
        for st in streams {
            let port = try rig.cluster.primaryPort(forKey: st.name)
            guard case .array(let info) = try rig.cluster.connection(port).command(["XINFO", "STREAM", st.name]) else { continue }
            #expect(info[1] == .integer(Int64(st.length)))
            #expect(try rig.source.entries(st.key, from: .zero, to: .max, count: 5, reverse: false, filter: nil, scanLimit: 5).count == 5)
            #expect(try rig.source.groups(st.key).count == st.groups)
        }
        #expect(try rig.source.pending(Array("orders".utf8), group: "billing", count: 100).count == 40)
        let sent = rig.sentBox.all
        let reads: Set<String> = ["SCAN", "XINFO", "XRANGE", "XREVRANGE", "XPENDING"]
        let readsAt = Set(sent.filter { reads.contains($0.1.first ?? "") }.map(\.0))
        #expect(!readsAt.isEmpty && readsAt.isDisjoint(with: primaries), "reads went to \(readsAt)")
        // Every batch a replica got began with READONLY (the channel sends a batch's commands in order).
        for port in readsAt {
            let mine = sent.filter { $0.0 == port }.map { $0.1.first ?? "" }
            #expect(mine.first == "READONLY", "\(port): \(mine.prefix(3))")
        }
        #expect(try rig.source.execute(["XADD", "orders", "*", "n", "1"]) != .nullBulk)
        #expect(rig.sentBox.all.contains { $0.1.first == "XADD" && primaries.contains($0.0) })
        #expect(!rig.sentBox.all.contains { $0.1.first == "XADD" && !primaries.contains($0.0) })
    }

    @Test("a slot resharded while the source reads it: ASK, then MOVED, nothing missed or shown twice")
    func reshardingWhileReading() throws {
        let rig = try Rig()
        for i in 0..<300 { try rig.run(["XADD", "moving", "\(i + 1)-0", "n", "\(i)"]) }
        try rig.run(["XGROUP", "CREATE", "moving", "g", "0"])
        try rig.run(["XREADGROUP", "GROUP", "g", "c", "COUNT", "7", "STREAMS", "moving", ">"])
        let key = Array("moving".utf8)
        let slot = HashSlot.of(key)
        let from = try rig.cluster.primaryPort(forKey: "moving")
        let to = rig.router.topology.primaries.map(\.port).first { $0 != from }!
        let fromID = try rig.cluster.nodeID(from), toID = try rig.cluster.nodeID(to)
        func check(_ step: String) throws {
            let all = try rig.source.entries(key, from: .zero, to: .max, count: 1000, reverse: false, filter: nil, scanLimit: 1000)
            #expect(all.map(\.id) == (1...300).map { StreamID(ms: UInt64($0), seq: 0) }, "\(step)")
            let listed = try rig.source.streams().filter { $0.key == key }
            #expect(listed.count == 1, "\(step): listed \(listed.count) times")
            #expect(listed.first?.length == 300, "\(step)")
            #expect(try rig.source.pending(key, group: "g", count: 100).count == 7, "\(step)")
        }
        try check("before")
        let a = try rig.cluster.connection(from), b = try rig.cluster.connection(to)
        #expect(try b.command(["CLUSTER", "SETSLOT", "\(slot)", "IMPORTING", fromID]) == .simpleString("OK"))
        #expect(try a.command(["CLUSTER", "SETSLOT", "\(slot)", "MIGRATING", toID]) == .simpleString("OK"))
        try check("migrating, key still at the source")
        #expect(try a.command(["MIGRATE", "127.0.0.1", "\(to)", "", "0", "5000", "KEYS", "moving"]) == .simpleString("OK"))
        let asksBefore = rig.router.askFollowed
        try check("key moved, slot still migrating")
        #expect(rig.router.askFollowed > asksBefore)
        #expect(rig.sentBox.all.contains { $0.0 == to && $0.1 == ["ASKING"] })
        for c in [b, a] { #expect(try c.command(["CLUSTER", "SETSLOT", "\(slot)", "NODE", toID]) == .simpleString("OK")) }
        let movedBefore = rig.router.movedFollowed
        _ = try rig.source.entries(key, from: .zero, to: .max, count: 1, reverse: false, filter: nil, scanLimit: 1)
        #expect(rig.router.movedFollowed > movedBefore)
        try check("slot moved")
        #expect(try rig.source.streams().first { $0.key == key }?.node == "127.0.0.1:\(to)")
        // Writes follow too: an XADD lands on the new owner.
        #expect(try rig.source.execute(["XADD", "moving", "301-0", "n", "300"]) == .bulkString(Array("301-0".utf8)))
        #expect(try b.command(["XLEN", "moving"]) == .integer(301))
    }

    @Test("on screen: streams with node and slot, the nodes view (7), keyless prompt commands to the selected node, CROSSSLOT as the server says")
    func explorerScreen() throws {
        let rig = try Rig()
        for cmd in Self.workload("") + Self.workload("-eu") + Self.workload("-us") { try rig.run(cmd) }
        let app = ExplorerApp(source: rig.source, layout: .cluster)
        app.resize(width: 150, height: 44)
        func screen() -> [String] { app.render().lines() }
        let ordersPort = try rig.cluster.primaryPort(forKey: "orders")
        let ordersRow = try #require(screen().first { $0.contains("│ orders ") })
        #expect(ordersRow.contains(":\(ordersPort)") && ordersRow.contains(" \(HashSlot.of(Array("orders".utf8)))"), "\(ordersRow)")
        app.handle(.char("7"))
        #expect(app.state.focus == .nodes)
        let primaries = rig.router.topology.primaries
        for (i, p) in primaries.enumerated() {
            let row = try #require(screen().first { $0.contains("primary \(p)") }, "\(p)")
            #expect(row.contains(rig.router.topology.shards[i].slotText) && row.contains(" ok"), "\(row)")
        }
        #expect(screen().filter { $0.contains(" replica 127.0.0.1:") && $0.contains("online") }.count == 3)
        // The third row is the second shard's primary (rows go primary, replica per shard).
        app.handle(.down)
        app.handle(.down)
        #expect(app.state.selectedNode == primaries[1].description)
        app.handle(.char(":"))
        for ch in "DBSIZE" { app.handle(.char(ch)) }
        app.handle(.enter)
        guard case .integer(let n) = try rig.cluster.connection(primaries[1].port).command(["DBSIZE"]) else { Issue.record("DBSIZE"); return }
        #expect(app.state.status == "(integer) \(n)")
        #expect(rig.sentBox.all.contains { $0.0 == primaries[1].port && $0.1 == ["DBSIZE"] })
        app.handle(.char(":"))
        for ch in "MGET orders payments-eu" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(app.state.status == "(error) CROSSSLOT Keys in request don't hash to the same slot")
    }

    @Test("a node that hangs: its streams time out and are marked, the other nodes' streams still come, and it recovers")
    func hungNode() throws {
        let rig = try Rig(timeoutMs: 300)
        for cmd in Self.workload("") + Self.workload("-eu") + Self.workload("-us") + Self.workload("-ap") { try rig.run(cmd) }
        let victim = try rig.cluster.primaryPort(forKey: "orders")
        let before = try rig.source.streams()
        rig.cluster.pause(victim)
        let during: [StreamSummary]
        do {
            defer { rig.cluster.resume(victim) }
            during = try rig.source.streams()
        }
        #expect(during.map(\.name) == before.map(\.name))
        for s in during {
            let onVictim = s.node == "127.0.0.1:\(victim)"
            #expect((s.unavailable != nil) == onVictim, "\(s.name)")
            #expect(s.length == before.first { $0.key == s.key }?.length)
        }
        #expect(rig.source.nodeStates[NodeAddress(host: "127.0.0.1", port: victim)]?.state == "failing")
        var back = false
        for _ in 0..<100 {
            if let list = try? rig.source.streams(), list.allSatisfy({ $0.unavailable == nil }),
               rig.source.nodeStates[NodeAddress(host: "127.0.0.1", port: victim)]?.state == "ok" { back = true; break }
            usleep(100_000)
        }
        #expect(back, "the thawed node is read again")
    }

    @Test("failover: the dead primary's streams are marked, the rest stay readable, then the promoted replica serves claims and acks")
    func failover() throws {
        let rig = try Rig(timeoutMs: 1000)
        for cmd in Self.workload("") + Self.workload("-eu") + Self.workload("-us") + Self.workload("-ap") { try rig.run(cmd) }
        let victim = try rig.cluster.primaryPort(forKey: "orders")
        let replica = try rig.cluster.replicaPort(of: victim)
        let survivors = try rig.source.streams().filter { $0.node != "127.0.0.1:\(victim)" }
        #expect(!survivors.isEmpty)
        // Replication is asynchronous: let the replica have every write before the crash.
        #expect(try rig.cluster.connection(victim).command(["WAIT", "1", "5000"]) == .integer(1))
        rig.cluster.kill(victim)
        let during = try rig.source.streams()
        let orders = during.first { $0.name == "orders" }
        #expect(orders?.unavailable != nil, "the dead node's stream is marked")
        #expect(orders?.length == 249, "with its last figures")
        #expect(rig.source.nodeStates[NodeAddress(host: "127.0.0.1", port: victim)]?.state == "failing")
        #expect(rig.source.health?.contains("\(victim)") == true)
        for s in survivors {
            #expect(during.first { $0.key == s.key }?.unavailable == nil, "\(s.name) still readable")
            #expect(try rig.source.entries(s.key, from: .zero, to: .max, count: 5, reverse: false, filter: nil, scanLimit: 5).count == 5)
        }
        // The replica takes over (cluster-node-timeout is 1 s).
        var promoted = false
        for _ in 0..<200 {
            if let info = try? rig.cluster.text(replica, ["INFO", "replication"]), info.contains("role:master") { promoted = true; break }
            usleep(50_000)
        }
        #expect(promoted)
        try rig.cluster.waitUntilServed(key: "orders", by: replica, among: rig.cluster.ports.filter { $0 != victim })
        var after: [StreamSummary] = []
        for _ in 0..<40 {
            after = (try? rig.source.streams()) ?? []
            if after.first(where: { $0.name == "orders" })?.node == "127.0.0.1:\(replica)", after.allSatisfy({ $0.unavailable == nil }) { break }
            usleep(100_000)
        }
        #expect(after.first { $0.name == "orders" }?.node == "127.0.0.1:\(replica)")
        #expect(after.allSatisfy { $0.unavailable == nil })
        #expect(rig.source.nodeStates[NodeAddress(host: "127.0.0.1", port: victim)]?.state == "down")
        #expect(rig.source.health?.hasPrefix("3 shards · 1 down") == true, "\(rig.source.health ?? "")")
        #expect(rig.source.nodeStates[NodeAddress(host: "127.0.0.1", port: replica)]?.state == "ok")
        // Claim and acknowledge through the explorer's keys, checked on the promoted node.
        let app = ExplorerApp(source: rig.source)
        app.resize(width: 140, height: 40)
        let ordersIndex = app.state.streams.firstIndex { $0.name == "orders" }!
        for _ in 0..<ordersIndex { app.handle(.down) }
        app.handle(.char("4"))
        let first = try #require(app.state.selectedPending)
        app.handle(.char("c"))
        for ch in "rescuer" { app.handle(.char(ch)) }
        app.handle(.enter)
        #expect(app.state.status == "claimed 1 to rescuer")
        let node = try rig.cluster.connection(replica)
        let owner = try node.command(["XPENDING", "orders", "billing", first.description, first.description, "1"])
        #expect(RESPEncoder.encode(owner).contains(Array("rescuer".utf8)))
        app.handle(.char("x"))
        app.handle(.char("y"))
        #expect(app.state.status == "acknowledged 1")
        #expect(try node.command(["XPENDING", "orders", "billing", first.description, first.description, "1"]) == .array([]))
    }
}
