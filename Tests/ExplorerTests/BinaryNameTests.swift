import Explorer
import Foundation
import RESP
import StreamEngine
import StreamNetwork
import Testing
import TerminalUI
import TestSupport

/// Keys, groups and consumers whose bytes are not printable UTF-8 (a backslash, 0xFF,
/// a tab, a control byte) or are UTF-8 beyond ASCII: every writing action taken from
/// the keys reaches exactly that key, group and consumer, on both sources. Only the
/// screen escapes names; what is checked here is read straight from the store.
@Suite("Names stay bytes from the source to the command", .serialized)
struct BinaryNameTests {
    static let keys: [[UInt8]] = [Array("a\\b".utf8), Array("k".utf8) + [0xFF], Array("tab\there".utf8), Array("ünï".utf8)]
    static let group: [UInt8] = Array("grp".utf8) + [0xFE]
    static let consumer: [UInt8] = Array("w".utf8) + [0x01]

    /// The store, read and written directly (not through the explorer).
    struct Store {
        let run: ([[UInt8]]) throws -> RESPValue
        func callAsFunction(_ parts: any CommandWords...) throws -> RESPValue { try run(parts.flatMap(\.commandWords)) }
    }

    @Test("every write from the keys hits the named key, group and consumer: embedded engine")
    func embedded() throws {
        for key in Self.keys {
            let source = EmbeddedSource(clock: ManualClock(milliseconds: 1_800_000_000_000))
            try exercise(key, source: source, store: Store { try source.execute($0) })
        }
    }

    @Test("every write from the keys hits the named key, group and consumer: redis-server")
    func redis() throws {
        let redis = try RedisOracle()
        defer { redis.stop() }
        for key in Self.keys {
            let client = RedisClient(url: RedisURL(port: redis.port))
            let checker = RedisClient(url: RedisURL(port: redis.port))
            _ = try checker.pipeline([Args.of("FLUSHALL")])
            try exercise(key, source: RedisSource(channel: client, label: "redis"), store: Store { try checker.pipeline([$0])[0] })
            client.disconnect()
            checker.disconnect()
        }
    }

    func pendingCount(_ store: Store, _ key: [UInt8], consumer: any CommandWords) throws -> Int {
        guard case .array(let rows) = try store("XPENDING", BinaryName(key), BinaryName(Self.group), "-", "+", 100, consumer) else { return -1 }
        return rows.count
    }

    /// The groups' names from XINFO GROUPS (RESP2 pairs, or maps as the engine builds them).
    func groupNames(_ store: Store, _ key: BinaryName) throws -> [[UInt8]] {
        guard case .array(let groups) = try store("XINFO", "GROUPS", key) else { return [] }
        return groups.compactMap { g -> [UInt8]? in
            switch g {
            case .map(let pairs): if case .bulkString(let n)? = pairs.first?.1 { return n }
            case .array(let items): if items.count > 1, case .bulkString(let n) = items[1] { return n }
            default: break
            }
            return nil
        }
    }

    func exercise(_ key: [UInt8], source: any StreamDataSource, store: Store) throws {
        let k = BinaryName(key), g = BinaryName(Self.group), c = BinaryName(Self.consumer)
        let label = k.description
        for i in 1...5 { _ = try store("XADD", k, "\(i)-0", "f", "v\(i)") }
        _ = try store("XGROUP", "CREATE", k, g, "0")
        _ = try store("XREADGROUP", "GROUP", g, c, "COUNT", 5, "STREAMS", k, ">")

        let app = ExplorerApp(source: source)
        app.resize(width: 120, height: 40)
        func press(_ keys: Key...) { for key in keys { app.handle(key) } }
        func type(_ text: String) { for ch in text { app.handle(.char(ch)) } }
        #expect(app.state.selectedStream == key, "\(label)")
        #expect(app.state.selectedGroup == g, "\(label)")
        #expect(app.screen.contains(k.description) && app.screen.contains(g.description), "\(label): names shown escaped")

        // Acknowledge the first pending entry.
        press(.char("4"), .char("x"), .char("y"))
        #expect(try pendingCount(store, key, consumer: c) == 4, "\(label): XACK")
        // Claim one to the consumer as the screen shows its name, then to a new one.
        press(.char("c"))
        type(c.description)
        press(.enter)
        guard case .array(let mine) = try store("XPENDING", k, g, "-", "+", 1, c), case .array(let row)? = mine.first else {
            Issue.record("\(label): no pending entry for \(c)")
            return
        }
        #expect(row.last == .integer(2), "\(label): claimed to the same consumer, delivered twice")
        press(.char("c"))
        type("rescuer")
        press(.enter)
        #expect(try pendingCount(store, key, consumer: "rescuer") == 1, "\(label): XCLAIM to rescuer")
        // Dead-letter the selected entry: copied to <key>:dead and acknowledged.
        press(.char("L"), .char("y"))
        #expect(try store("XLEN", BinaryName(key + Array(":dead".utf8))) == .integer(1), "\(label): dead-letter stream")
        // Autoclaim everything left to a consumer with a UTF-8 name.
        press(.char("A"))
        type("wörker 0")
        press(.enter, .char("y"))
        #expect(try pendingCount(store, key, consumer: "wörker") == 3, "\(label): XAUTOCLAIM")
        // Append an entry.
        press(.char("a"))
        type("x=1")
        press(.enter)
        #expect(try store("XLEN", k) == .integer(6), "\(label): XADD")
        // Delete that consumer, create a group and destroy it again.
        press(.char("3"), .char("X"))
        type("wörker")
        press(.enter, .char("y"))
        #expect(try pendingCount(store, key, consumer: "wörker") == 0, "\(label): XGROUP DELCONSUMER")
        press(.char("n"))
        type("fresh")
        press(.enter)
        #expect(try Set(groupNames(store, k)) == [Self.group, Array("fresh".utf8)], "\(label): XGROUP CREATE")
        press(.char("D"), .char("y"))
        #expect(try groupNames(store, k) == [Self.group], "\(label): XGROUP DESTROY took the new group")
        // Trim the stream.
        press(.char("1"), .char("T"))
        type("MAXLEN 2")
        press(.enter, .char("y"))
        #expect(try store("XLEN", k) == .integer(2), "\(label): XTRIM")
        // Nothing was written anywhere else.
        #expect(try store("DBSIZE") == .integer(2), "\(label): only the key and its dead-letter stream exist")
        #expect(!app.state.statusIsError, "\(label): \(app.state.status ?? "")")
    }
}

extension ExplorerApp {
    /// The frame as one string.
    var screen: String { render().lines().joined(separator: "\n") }
}
