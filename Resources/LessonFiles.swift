import Foundation

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
