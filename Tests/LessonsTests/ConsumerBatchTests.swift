import Foundation
import StreamEngine
import XCTest
@testable import Lessons

/// A fast consumer's finishes at the same millisecond (processing times of 0 ms) are one
/// event and one XACK, as a fast producer's arrivals are: every entry it takes is still
/// acknowledged exactly once, in order; one that fails (`failEvery`, poison) is never in
/// such an XACK; and a consumer that needs at least a millisecond an entry still makes
/// one event per entry, as the built-in lessons' consumers do.
final class ConsumerBatchTests: XCTestCase {
    func lesson(processing: String, extra: String = "", poisonEvery: Int? = nil) throws -> Lesson {
        let poison = poisonEvery.map { ", poisonEvery: \($0)" } ?? ""
        let yaml = """
        number: 97
        name: fast-consumer
        title: Fast consumer
        summary: A consumer that needs no time.
        streams: [{key: orders}]
        producers:
          - {name: shop, stream: orders, ratePerSecond: 2000, fields: ["order=o-{n}"], key: order\(poison)}
        groups: [{name: billing, stream: orders}]
        consumers:
          - {name: worker-1, group: billing, batch: 50, pollMs: 10, processing: \(processing)\(extra)}
        chapters:
          - {title: All, intro: ["x"], untilMs: 1000}

        """
        return try LessonCatalog.load(data: Data(yaml.utf8), name: "fast-consumer")
    }

    /// IDs in every XACK the run sent, in order, with the events that sent them.
    func acknowledged(_ runner: LessonRunner) -> [StreamID] {
        runner.events.flatMap { e -> [StreamID] in
            e.commands.filter { $0.first == Array("XACK".utf8) }.flatMap { $0.dropFirst(3).compactMap { StreamIDParser.parseID($0) } }
        }
    }

    func taken(_ runner: LessonRunner) -> [StreamID] {
        runner.events.flatMap { e -> [StreamID] in
            if case .took(_, _, let ids, _) = e.action { return ids }
            return []
        }
    }

    func testFinishesAtOneMillisecondAreOneXACK() throws {
        let runner = try LessonRunner(lesson: lesson(processing: "{fixedMs: 0}"))
        _ = runner.advance(byMs: 1_000)
        let grouped = runner.events.filter { if case .processedMany = $0.action { return true } else { return false } }
        XCTAssertFalse(grouped.isEmpty)
        for e in grouped {
            guard case .processedMany(let consumer, let group, let ids, let duplicates) = e.action else { continue }
            XCTAssertEqual(consumer, "worker-1")
            XCTAssertEqual(duplicates, 0)
            XCTAssertGreaterThan(ids.count, 1)
            XCTAssertEqual(e.commandCount, 1)
            XCTAssertEqual(e.commands[0].map { String(decoding: $0, as: UTF8.self) }, ["XACK", "orders", group] + ids.map(\.description))
            XCTAssertEqual(e.replyValues, [.integer(Int64(ids.count))])
            XCTAssertTrue(e.sentence.hasPrefix("worker-1 finishes \(ids.count) entries (order o-"), e.sentence)
        }
        // Each entry taken is acknowledged once, in the order it was taken; what is still
        // in the consumer's hands at the end is what is pending.
        let acks = acknowledged(runner)
        let took = taken(runner)
        XCTAssertEqual(Array(took.prefix(acks.count)), acks)
        let group = try XCTUnwrap(try runner.server.keyspace.stream(0, Array("orders".utf8))?.group(named: Array("billing".utf8)))
        XCTAssertEqual(group.pendingCount, took.count - acks.count)
        XCTAssertGreaterThan(acks.count, 1_000)
    }

    func testFailuresAndPoisonStayOutOfTheGroupedXACK() throws {
        let runner = try LessonRunner(lesson: lesson(processing: "{fixedMs: 0}", extra: ", failEvery: 4", poisonEvery: 7))
        _ = runner.advance(byMs: 1_000)
        let failed = Set(runner.events.compactMap { e -> StreamID? in
            if case .failed(_, _, let id) = e.action { return id }
            return nil
        })
        XCTAssertGreaterThan(failed.count, 100)
        let acks = acknowledged(runner)
        XCTAssertTrue(Set(acks).isDisjoint(with: failed))
        XCTAssertTrue(runner.events.contains { if case .processedMany = $0.action { return true } else { return false } })
        // Every entry taken was either failed or acknowledged, none both.
        let took = taken(runner)
        let settled = Set(acks).union(failed)
        XCTAssertEqual(settled.count, acks.count + failed.count)
        XCTAssertTrue(settled.isSubset(of: Set(took)))
    }

    func testAConsumerNeedingAMillisecondMakesOneEventAnEntry() throws {
        let runner = try LessonRunner(lesson: lesson(processing: "{fixedMs: 1}"))
        _ = runner.advance(byMs: 1_000)
        XCTAssertFalse(runner.events.contains { if case .processedMany = $0.action { return true } else { return false } })
        let single = runner.events.filter { if case .processed(_, _, _, _, true) = $0.action { return true } else { return false } }
        XCTAssertGreaterThan(single.count, 500)
        XCTAssertEqual(acknowledged(runner).count, single.count)
    }
}
