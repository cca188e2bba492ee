import Foundation
import StreamScopeResources

/// The built-in lessons (bundled YAML files) and lessons read from any file's bytes.
public enum LessonCatalog {
    /// Every bundled lesson, sorted by number. O(total size of the files).
    public static func builtIn() throws -> [Lesson] {
        try LessonFiles.urls().map { url in
            try load(data: Data(contentsOf: url), name: url.deletingPathExtension().lastPathComponent)
        }.sorted { $0.number < $1.number }
    }

    /// A built-in lesson by name (`crash`), number (`3`) or both (`3-crash`).
    public static func lesson(named: String) throws -> Lesson {
        let all = try builtIn()
        if let found = all.first(where: { named == $0.name || named == "\($0.number)" || named == "\($0.number)-\($0.name)" }) {
            return found
        }
        throw LessonLoadError(name: named, problems: [LessonProblem(
            path: "", message: "no built-in lesson is called '\(named)'; there are " + all.map { "\($0.number)-\($0.name)" }.joined(separator: ", "))])
    }

    /// The scenario the explorer's demo and `prompt --demo` play (`Resources/demo.yaml`).
    public static func demo() throws -> Lesson {
        guard let url = DemoFiles.scenario else {
            throw LessonLoadError(name: "demo", problems: [LessonProblem(path: "", message: "demo.yaml is missing from the bundle")])
        }
        return try load(data: Data(contentsOf: url), name: "demo")
    }

    /// Decodes and checks a lesson file; throws `LessonLoadError` with every problem.
    public static func load(data: Data, name: String) throws -> Lesson {
        switch LessonDecoding.decode(data) {
        case .failure(let problems):
            throw LessonLoadError(name: name, problems: problems)
        case .success(let spec):
            let problems = LessonValidator.check(spec)
            if !problems.isEmpty { throw LessonLoadError(name: name, problems: problems) }
            return Lesson(spec: spec)
        }
    }

    /// Every problem of a lesson file, each with its path; empty when the file is good.
    /// Never traps, whatever the bytes. O(file size).
    public static func check(data: Data) -> [LessonProblem] {
        switch LessonDecoding.decode(data) {
        case .failure(let problems): return problems
        case .success(let spec): return LessonValidator.check(spec)
        }
    }
}

extension Lesson {
    /// A lesson from a validated file.
    init(spec: LessonSpec) {
        self.spec = spec
        name = spec.name
        number = spec.number
        title = spec.title
        summary = spec.summary
        defaultSeed = spec.seed ?? 1
        mainStream = spec.mainStream ?? spec.streams[0].key
        chapters = spec.chapters.map { ch in
            Chapter(title: ch.title, intro: ch.intro, checkpoints: (ch.checkpoints ?? []).map {
                Checkpoint(question: $0.question, answers: $0.answers, correct: $0.correct - 1, explanation: $0.explanation)
            })
        }
    }
}
