import Foundation
import RESP
import StreamCommands
import StreamEngine
import TestSupport
import XCTest
@testable import Lessons

/// Every narrated command is real: each lesson's commands, replayed against
/// redis-server 7.0 as the lesson ran them (XADD with the IDs the lesson produced),
/// give the same replies, byte for byte, for every command whose reply does not depend
/// on elapsed time. Commands that do (XAUTOCLAIM and XCLAIM's min-idle, XPENDING's idle
/// times, XINFO) are sent in a form that keeps the oracle's data in step (the claimed
/// IDs by XCLAIM with min-idle 0) and their replies are not compared.
final class OracleTests: XCTestCase {
    func testEveryLessonCommandAgainstRedis() throws {
        guard RedisOracle.findBinary() != nil else { throw XCTSkip("redis-server is not installed") }
        let oracle = try RedisOracle()
        defer { oracle.stop() }
        let redis = oracle.main
        var compared = 0, sent = 0
        for lesson in try LessonCatalog.builtIn() {
            _ = try redis.rawCommand(["FLUSHALL"])
            let runner = try LessonRunner(lesson: lesson)
            var steps = 0
            while !runner.isFinished && steps < 1_000_000 {
                steps += 1
                if let cp = runner.pendingCheckpoint { _ = runner.answer(cp.correct); continue }
                guard let event = runner.stepForward() else { break }
                if event.sentence.hasPrefix("the machine loses power") {
                    try rebuild(redis, from: runner)
                    continue
                }
                if event.atomic { XCTAssertEqual(String(decoding: try redis.rawCommand(["MULTI"]), as: UTF8.self), "+OK\r\n") }
                var queued: [Int] = []
                for (i, args) in event.commands.enumerated() {
                    let (toSend, compare) = oracleForm(args, reply: event.replyValues[i])
                    guard let toSend else { continue }
                    let raw = try redis.rawCommand(toSend)
                    sent += 1
                    if event.atomic { queued.append(i); continue }
                    if compare {
                        compared += 1
                        XCTAssertEqual(String(decoding: raw, as: UTF8.self),
                                       String(decoding: RESPEncoder.encode(event.replyValues[i]), as: UTF8.self),
                                       "\(lesson.name) event \(event.index): \(RESPText.quoted(args))")
                    }
                }
                if event.atomic {
                    let exec = try redis.rawCommand(["EXEC"])
                    let expected = RESPEncoder.encode(.array(queued.map { event.replyValues[$0] }))
                    compared += 1
                    XCTAssertEqual(String(decoding: exec, as: UTF8.self), String(decoding: expected, as: UTF8.self),
                                   "\(lesson.name) event \(event.index): MULTI ... EXEC")
                }
            }
            XCTAssertTrue(runner.isFinished, lesson.name)
            // And the data ends the same: every stream's entries.
            for key in lesson.spec.streams.map(\.key) + ["\(lesson.mainStream):dead"] {
                var session = CommandSession()
                let mine = runner.server.execute([Array("XRANGE".utf8), Array(key.utf8), Array("-".utf8), Array("+".utf8)], session: &session)
                XCTAssertEqual(String(decoding: try redis.rawCommand(["XRANGE", key, "-", "+"]), as: UTF8.self),
                               String(decoding: RESPEncoder.encode(mine), as: UTF8.self), "\(lesson.name): \(key) at the end")
            }
        }
        XCTAssertGreaterThan(compared, 1000)
        print("oracle: \(sent) commands sent, \(compared) replies compared")
    }

    /// What to send the oracle for a command the lesson ran, and whether to compare.
    private func oracleForm(_ args: [[UInt8]], reply: RESPValue) -> ([[UInt8]]?, Bool) {
        let name = String(decoding: args[0], as: UTF8.self).uppercased()
        switch name {
        case "XADD":
            guard case .bulkString(let id) = reply, let star = args.firstIndex(of: Array("*".utf8)) else { return (args, true) }
            var explicit = args
            explicit[star] = id
            return (explicit, true)
        case "XAUTOCLAIM":
            let (_, ids, _) = RESPText.autoClaim(reply)
            if ids.isEmpty { return (nil, false) }
            return ([Array("XCLAIM".utf8), args[1], args[2], args[3], Array("0".utf8)] + ids.map(\.bytes), false)
        case "XCLAIM":
            let ids = RESPText.entryIDs(reply)
            if ids.isEmpty { return (nil, false) }
            return (Array(args[0..<4]) + [Array("0".utf8)] + ids.map(\.bytes), true)
        case "XINFO":
            // GROUPS holds no idle time (CONSUMERS does); STREAM's radix-tree-nodes counts
            // Redis's rax nodes, which the engine only estimates.
            return (args, String(decoding: args[1], as: UTF8.self).uppercased() == "GROUPS")
        case "XPENDING": return (args, args.count == 3)   // only the summary form is timeless
        default: return (args, true)
        }
    }

    /// After a simulated power cut the engine went back to its last fsync: the oracle
    /// is given the same data (the lesson with a journal has streams only).
    private func rebuild(_ redis: RedisConnection, from runner: LessonRunner) throws {
        _ = try redis.rawCommand(["FLUSHALL"])
        for key in runner.lesson.spec.streams.map(\.key) {
            guard let stream = try runner.server.keyspace.stream(0, Array(key.utf8)) else { continue }
            for entry in stream.range(from: .zero, to: .max) {
                _ = try redis.rawCommand([Array("XADD".utf8), Array(key.utf8), entry.id.bytes] + entry.pairs)
            }
        }
    }
}
