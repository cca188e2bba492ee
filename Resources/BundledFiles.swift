import Foundation

/// The demo scenario bundled with StreamScope (`Resources/demo.yaml`, a lesson file).
public enum DemoFiles {
    /// The demo scenario, or nil if the bundle lacks it.
    public static var scenario: URL? { Bundle.module.url(forResource: "demo", withExtension: "yaml") }
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
