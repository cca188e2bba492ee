import StreamEngine
import XCTest
@testable import Lessons

/// Each event's action says, as data, what its commands did.
final class ActionTests: XCTestCase {
    func testActionsAgreeWithTheCommandsBehindThem() throws {
        for (_, runner) in try playedBuiltInLessons() {
            for e in runner.events {
                let args = e.commands.first.map { $0.map { String(decoding: $0, as: UTF8.self) } } ?? []
                switch e.action {
                case .produced(_, let stream, let id):
                    XCTAssertEqual(args.prefix(2), ["XADD", stream])
                    XCTAssertEqual(e.reply, id.description)
                case .producedMany(_, let stream, let ids):
                    XCTAssertEqual(e.commands.count, ids.count)
                    for (command, reply) in zip(e.commands, e.replyValues) {
                        XCTAssertEqual(command.prefix(2).map { String(decoding: $0, as: UTF8.self) }, ["XADD", stream])
                        if case .bulkString = reply {} else { XCTFail("XADD answered \(reply)") }
                    }
                case .took(let consumer, let group, let ids, let redelivered):
                    XCTAssertEqual(Array(args.prefix(4)), ["XREADGROUP", "GROUP", group, consumer])
                    XCTAssertEqual(args.last == ">", !redelivered)
                    XCTAssertEqual(ids, RESPText.readIDs(e.replyValues[0]))
                case .processed(_, let group, let id, _, let acknowledged):
                    if acknowledged {
                        XCTAssertEqual(Array(args.prefix(4)), ["XACK", args[1], group, id.description])
                    } else {
                        XCTAssertTrue(e.commands.isEmpty, "processed in a batch: its XACK comes later")
                    }
                case .processedMany(_, let group, let ids, _):
                    XCTAssertEqual(Array(args.prefix(1)) + args.dropFirst(2), ["XACK", group] + ids.map(\.description))
                case .acknowledged(_, let group, let ids):
                    XCTAssertEqual(Array(args.dropFirst(2)), [group] + ids.map(\.description))
                case .claimed(let consumer, _, let ids):
                    XCTAssertEqual(args[3], consumer)
                    XCTAssertFalse(ids.isEmpty && args[0] == "XCLAIM")
                case .deadLettered(_, _, let id, let deliveries):
                    XCTAssertTrue(e.atomic)
                    XCTAssertEqual(e.commands.count, 2)
                    XCTAssertEqual(args.suffix(2), ["source-id", id.description])
                    XCTAssertGreaterThanOrEqual(deliveries, 3)
                case .trimmed(let stream, let removed):
                    XCTAssertEqual(args.prefix(2), ["XTRIM", stream])
                    XCTAssertEqual(e.replyValues[0], .integer(Int64(removed)))
                case .read(_, let stream, let ids):
                    XCTAssertEqual(args.prefix(1), ["XREAD"])
                    XCTAssertEqual(args.suffix(2).first, stream)
                    XCTAssertEqual(ids, RESPText.readIDs(e.replyValues[0]))
                case .joined, .crashed, .restarted, .failed, .partitionsAdded, .other:
                    break
                }
            }
        }
    }

    func testTheCrashStoryAsData() throws {
        let runner = try LessonRunner(lesson: LessonCatalog.lesson(named: "crash"))
        playToEnd(runner)
        let actions = runner.events.map(\.action)
        XCTAssertTrue(actions.contains(.crashed(consumer: "worker-2", holding: 5)))
        let duplicates = actions.filter { if case .processed(_, _, _, true, _) = $0 { return true } else { return false } }
        XCTAssertEqual(duplicates.count, 4, "worker-2 had finished 4 of its 5 entries without XACK")
        XCTAssertTrue(actions.contains(.restarted(consumer: "worker-2")))
        XCTAssertTrue(actions.contains { if case .claimed("worker-1", "billing", let ids) = $0 { return ids.count == 4 } else { return false } })
    }
}
