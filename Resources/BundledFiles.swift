import Foundation

/// The demo workload bundled with StreamScope (`Resources/demo-workload.json`).
public enum DemoFiles {
    /// The demo workload's description, or nil if the bundle lacks it.
    public static var workload: URL? { Bundle.module.url(forResource: "demo-workload", withExtension: "json") }
}

/// The lesson files bundled with StreamScope (`Resources/lessons/*.yaml`).
public enum LessonFiles {
    /// Every bundled lesson file, sorted by name (so by the number it starts with).
    /// O(files in the folder).
    public static func urls() -> [URL] {
        guard let dir = Bundle.module.url(forResource: "lessons", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0) }
    }
}
