import RESP
import StreamCommands
import StreamEngine
import Testing

/// XREADGROUP's CLAIM option (Redis 8.4), which no live server here has: the cases of
/// Redis's own tests (`tests/unit/type/stream-cgroups.tcl`, "XREADGROUP CLAIM ..."),
/// with the engine's clock moved instead of sleeping.
@Suite("Redis 8.4 XREADGROUP CLAIM, from Redis's tests")
struct Redis84ClaimTests {
    typealias Engine = DialectEngine

    @Test("idle pending entries come first, then new ones; each row says its idle time and earlier deliveries")
    func claimedThenNew() {
        let e = Engine()
        e.setup(2, count: 1)
        e.wait(100)
        let rows = e.rows("XREADGROUP GROUP group1 consumer2 CLAIM 50 STREAMS mystream >")
        #expect(rows?.map(\.0) == ["1-0", "2-0"])
        #expect(rows?[0].1 == 100 && rows?[0].2 == 1)
        #expect(rows?[1].1 == 0 && rows?[1].2 == 0)
        #expect(e.pending("mystream", "group1").map(\.1) == ["consumer2", "consumer2"])
        #expect(e.pending("mystream", "group1").map(\.2) == [2, 1])
    }

    @Test("nothing idle enough and nothing new answers null; COUNT limits what is claimed")
    func thresholdAndCount() {
        let e = Engine()
        e.setup(2)
        #expect(e.run("XREADGROUP GROUP group1 consumer2 CLAIM 100 STREAMS mystream >") == .nullArray)
        let f = Engine()
        f.setup(3)
        f.wait(100)
        #expect(f.readIDs("XREADGROUP GROUP group1 consumer2 COUNT 2 CLAIM 50 STREAMS mystream >") == ["1-0", "2-0"])
        #expect(f.readIDs("XREADGROUP GROUP group1 consumer2 CLAIM 50 COUNT 1 STREAMS mystream >") == ["3-0"])
    }

    @Test("longest idle first, and each claim counts a delivery")
    func orderAndDeliveryCounts() {
        let e = Engine()
        e.setup(3, count: 1)
        e.wait(50)
        e.run("XREADGROUP GROUP group1 consumer1 COUNT 1 STREAMS mystream >")  // 2-0, younger
        e.wait(100)
        e.run("XCLAIM mystream group1 consumer3 0 1-0")  // 1-0 is now the youngest
        e.wait(100)
        #expect(e.readIDs("XREADGROUP GROUP group1 consumer2 COUNT 2 CLAIM 50 STREAMS mystream >") == ["2-0", "1-0"])
        let g = Engine()
        g.setup(1)
        for expected: Int64 in [1, 2, 3, 4] {
            g.wait(100)
            #expect(g.rows("XREADGROUP GROUP group1 consumer\(expected) CLAIM 50 STREAMS mystream >")?.first?.2 == expected)
        }
    }

    @Test("NOACK leaves claimed entries pending and adds no new ones")
    func noAck() {
        let e = Engine()
        e.setup(2, count: 1)
        e.wait(100)
        #expect(e.readIDs("XREADGROUP GROUP group1 consumer1 NOACK CLAIM 50 STREAMS mystream >") == ["1-0", "2-0"])
        #expect(e.pending("mystream", "group1").map(\.0) == ["1-0"])
        e.wait(100)
        #expect(e.readIDs("XREADGROUP GROUP group1 consumer1 NOACK CLAIM 50 STREAMS mystream >") == ["1-0"])
    }

    @Test("with several streams each stream gets its claimed and then its new entries")
    func severalStreams() {
        let e = Engine()
        for (k, base) in [("a", 1), ("b", 3), ("c", 5)] {
            e.run("XADD \(k) \(base)-0 f v1")
            e.run("XADD \(k) \(base + 1)-0 f v2")
            e.run("XGROUP CREATE \(k) group1 0")
        }
        e.run("XREADGROUP GROUP group1 consumer1 COUNT 1 STREAMS a b c > > >")
        e.wait(100)
        let line = "XREADGROUP GROUP group1 consumer1 CLAIM 50 STREAMS a b c > > >"
        guard case .array(let streams) = e.run(line) else { Issue.record("no reply"); return }
        #expect(streams.count == 3)
        let f = Engine()
        for (k, base) in [("a", 1), ("b", 3)] {
            f.run("XADD \(k) \(base)-0 f v1")
            f.run("XADD \(k) \(base + 1)-0 f v2")
            f.run("XGROUP CREATE \(k) group1 0")
        }
        f.run("XREADGROUP GROUP group1 consumer1 COUNT 1 STREAMS a b > >")
        f.wait(100)
        #expect(f.rows("XREADGROUP GROUP group1 consumer1 CLAIM 50 STREAMS a b > >", stream: 1)?.map { "\($0.0)/\($0.2!)" } == ["3-0/1", "4-0/0"])
    }

    @Test("CLAIM's argument errors, and an ID other than > ignores CLAIM")
    func argumentsAndHistory() {
        let e = Engine()
        e.setup(2, count: 1)
        for bad in ["test", "5.5", "+10", "-0", "10e", "COUNT"] {
            guard case .error(let message) = e.run("XREADGROUP GROUP group1 consumer1 CLAIM \(bad) STREAMS mystream >") else {
                Issue.record("CLAIM \(bad) accepted"); continue
            }
            #expect(message == "ERR min-idle-time is not an integer", "CLAIM \(bad)")
        }
        #expect(e.run("XREADGROUP GROUP group1 consumer1 CLAIM -10 STREAMS mystream >") == .error("ERR min-idle-time must be a positive integer"))
        #expect(e.run("XREADGROUP GROUP group1 CLAIM 50 consumer1 STREAMS mystream >") == .error("ERR syntax error"))
        e.wait(2000)
        #expect(e.rows("XREADGROUP GROUP group1 consumer1 CLAIM 1000 STREAMS mystream 0")?.map { $0.1 == nil } == [true])
        e.wait(100)  // the history read above was a delivery too
        #expect(e.readIDs("XREADGROUP CLAIM 50 GROUP group1 consumer1 COUNT 1 STREAMS mystream >") == ["1-0"])
    }

    @Test("8.0 has no CLAIM option")
    func olderDialects() {
        let e = Engine(.redis8_0)
        e.setup(1)
        #expect(e.run("XREADGROUP GROUP group1 consumer1 CLAIM 50 STREAMS mystream >") == .error("ERR syntax error"))
    }
}

extension DialectEngine {
    /// The rows of one stream of a read: [id, idle, deliveries] (idle and deliveries
    /// nil when the row has two elements).
    func rows(_ line: String, stream: Int = 0) -> [(String, Int64?, Int64?)]? {
        guard case .array(let streams) = run(line), streams.count > stream,
              case .array(let pair) = streams[stream], case .array(let rows) = pair[1] else { return nil }
        return rows.map { row in
            guard case .array(let f) = row, case .bulkString(let id) = f[0] else { return ("?", nil, nil) }
            if f.count == 4, case .integer(let idle) = f[2], case .integer(let n) = f[3] {
                return (String(decoding: id, as: UTF8.self), idle, n)
            }
            return (String(decoding: id, as: UTF8.self), nil, nil)
        }
    }
    func readIDs(_ line: String, stream: Int = 0) -> [String]? { rows(line, stream: stream)?.map(\.0) }
    func pending(_ key: String, _ group: String) -> [(String, String, Int64)] {
        guard case .array(let rows) = run("XPENDING \(key) \(group) - + 100") else { return [] }
        return rows.compactMap { row in
            guard case .array(let f) = row, case .bulkString(let id) = f[0], case .bulkString(let c) = f[1],
                  case .integer(let n) = f[3] else { return nil }
            return (String(decoding: id, as: UTF8.self), String(decoding: c, as: UTF8.self), n)
        }
    }
    func setup(_ entries: Int, readBy consumer: String? = "consumer1", count: Int? = nil) {
        run("DEL mystream")
        for j in 1...entries { run("XADD mystream \(j)-0 f v\(j)") }
        run("XGROUP CREATE mystream group1 0")
        if let consumer { run("XREADGROUP GROUP group1 \(consumer)\(count.map { " COUNT \($0)" } ?? "") STREAMS mystream >") }
    }
}
