import Foundation
import StreamEngine
import XCTest
@testable import Lessons

/// A fast producer's arrivals at the same millisecond are one event holding each XADD:
/// every entry is still added, in order, and the slow producers of the built-in lessons
/// (at most one arrival a millisecond) still make one event per entry.
final class ProducerBatchTests: XCTestCase {
    func lesson(rate: Int) throws -> Lesson {
        let yaml = """
        number: 98
        name: fast
        title: Fast
        summary: A fast producer.
        streams: [{key: orders}]
        producers:
          - {name: shop, stream: orders, ratePerSecond: \(rate), fields: ["order=o-{n}"], key: order}
        chapters:
          - {title: All, intro: ["x"], untilMs: 1000}

        """
        return try LessonCatalog.load(data: Data(yaml.utf8), name: "fast")
    }

    func testArrivalsAtOneMillisecondAreOneEvent() throws {
        let runner = try LessonRunner(lesson: lesson(rate: 5_000))
        _ = runner.advance(byMs: 1_000)
        let batches = runner.events.compactMap { e -> [StreamID]? in
            if case .producedMany(_, _, let ids) = e.action { return ids }
            return nil
        }
        // 5 arrivals in each of 1,000 milliseconds (the last may fall on the chapter's end).
        XCTAssertGreaterThanOrEqual(batches.count, 999)
        XCTAssertTrue(batches.allSatisfy { $0.count == 5 }, "\(Set(batches.map(\.count)))")
        let ids = batches.flatMap { $0 }
        XCTAssertEqual(ids, ids.sorted())
        let stream = try XCTUnwrap(try runner.server.keyspace.stream(0, Array("orders".utf8)))
        XCTAssertEqual(Int(stream.length), ids.count)
        XCTAssertTrue(runner.events.contains { $0.sentence.hasPrefix("shop adds 5 entries (order o-") })
    }

    func testOneArrivalAMillisecondIsOneEventEach() throws {
        let runner = try LessonRunner(lesson: lesson(rate: 500))
        _ = runner.advance(byMs: 1_000)
        XCTAssertFalse(runner.events.contains { if case .producedMany = $0.action { return true } else { return false } })
        XCTAssertGreaterThanOrEqual(runner.events.filter { if case .produced = $0.action { return true } else { return false } }.count, 499)
    }
}
