import Lessons

extension LiveLesson {
    /// The demo on an embedded engine whose clock is a `LiveClock`: the bundled scenario
    /// (`Resources/demo.yaml`) played live. A fresh store gets its ten minutes of history
    /// at once; a store the demo filled before goes on from where it is; a store holding
    /// anything else gets no demo (nil), so the demo never writes into someone's data.
    /// - Complexity: O(events of the history) on a fresh store.
    public static func demo(on source: EmbeddedSource) throws -> LiveLesson? {
        let lesson = try LessonCatalog.demo()
        let existing = try source.streams().map(\.name)
        guard owns(lesson, existing) else { return nil }
        return try LiveLesson(lesson: lesson, server: source.server, history: existing.isEmpty)
    }
}
