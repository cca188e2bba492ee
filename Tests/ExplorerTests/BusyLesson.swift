import Foundation
import Lessons

/// A lesson too busy for 100x: 10,000 entries a simulated second into `orders`, read by
/// `consumers` group consumers that need 0 to 1 ms an entry, in one ten-minute chapter.
func busyLesson(consumers: Int) throws -> Lesson {
    var yaml = """
    number: 99
    name: busy
    title: Busy
    summary: Ten thousand entries a second.
    streams: [{key: orders}]
    producers:
      - {name: shop, stream: orders, ratePerSecond: 10000, fields: ["order=o-{n}"], key: order}

    """
    if consumers > 0 {
        yaml += "groups: [{name: billing, stream: orders}]\nconsumers:\n"
        for i in 1...consumers {
            yaml += "  - {name: worker-\(i), group: billing, batch: 100, pollMs: 100, processing: {minMs: 0, maxMs: 1}}\n"
        }
    }
    yaml += "chapters:\n  - {title: All, intro: [\"x\"], untilMs: 600000}\n"
    return try LessonCatalog.load(data: Data(yaml.utf8), name: "busy")
}
