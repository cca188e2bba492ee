import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import TestSupport

/// A fresh data directory per test, removed afterwards.
final class TempDirectory {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "streamscope-store-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var journal: String { path + "/journal.ssj" }
    var snapshot: String { path + "/snapshot.ssi" }
}

/// The whole keyspace as bytes: two stores hold the same state exactly when these match.
func image(_ server: CommandServer) -> [UInt8] {
    var out: [UInt8] = []
    KeyspaceImage.write(server.keyspace, into: &out)
    return out
}

/// Seeded commands over a few streams that touch every kind of state: `*` and explicit
/// IDs, deletions, both trims, groups, deliveries, acks, claims, node limits, other types.
struct Workload {
    var rng: SeededGenerator
    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }

    mutating func next() -> [String] {
        let key = pick(["a", "b", "c"])
        let group = pick(["g1", "g2"])
        let consumer = pick(["alice", "bob", "carol"])
        switch Int.random(in: 0..<20, using: &rng) {
        case 0..<6: return ["XADD", key, "*", "f", "v\(Int.random(in: 0..<1000, using: &rng))"]
        case 6: return ["XADD", key, "MAXLEN", "~", "20", "*", "f", "x", "g", "y"]
        case 7: return ["XDEL", key, "0-1", pick(["1-0", "2-0"])]
        case 8: return ["XTRIM", key, "MINID", "~", "0"]
        case 9: return ["XGROUP", "CREATE", key, group, pick(["0", "$"]), "MKSTREAM"]
        case 10, 11: return ["XREADGROUP", "GROUP", group, consumer, "COUNT", "3", "STREAMS", key, ">"]
        case 12: return ["XACK", key, group, "0-0"]
        case 13: return ["XAUTOCLAIM", key, group, consumer, "0", "0", "COUNT", "2"]
        case 14: return ["XGROUP", "SETID", key, group, "0"]
        case 15: return ["XGROUP", "DELCONSUMER", key, group, consumer]
        case 16: return ["CONFIG", "SET", "stream-node-max-entries", pick(["3", "5", "100"])]
        case 17: return ["SET", "s\(Int.random(in: 0..<3, using: &rng))", "v"]
        case 18: return ["XREADGROUP", "GROUP", group, consumer, "STREAMS", key, "0"]
        default: return ["DEL", pick(["s0", "s1"])]
        }
    }
}

extension CommandServer {
    @discardableResult
    func run(_ words: [String], _ session: inout CommandSession) -> RESPValue {
        execute(words.map { Array($0.utf8) }, session: &session)
    }
}
