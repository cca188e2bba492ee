import Foundation
import Yams

/// Turns a lesson file's bytes into a `LessonSpec`, or into problems that name where
/// each one is. Never traps, whatever the bytes. O(file size).
enum LessonDecoding {
    /// Deeper nesting than this is refused before parsing (no lesson needs a tenth of it,
    /// and the YAML parser recurses).
    static let maximumNesting = 64

    enum Outcome {
        case success(LessonSpec)
        case failure([LessonProblem])
    }

    static func decode(_ data: Data) -> Outcome {
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure([LessonProblem(path: "", message: "the file is not UTF-8 text")])
        }
        if text.unicodeScalars.contains(where: { $0.value == 0 }) {
            return .failure([LessonProblem(path: "", message: "the file holds a NUL byte; it is not a YAML text")])
        }
        if nesting(of: text) > maximumNesting {
            return .failure([LessonProblem(path: "", message: "nested deeper than \(maximumNesting) levels")])
        }
        do {
            let spec = try YAMLDecoder().decode(LessonSpec.self, from: text)
            let unknown = LessonKeys.unknownFields(in: text)
            return unknown.isEmpty ? .success(spec) : .failure(unknown + LessonValidator.check(spec))
        } catch let error as DecodingError {
            return .failure([problem(error)])
        } catch {
            return .failure([LessonProblem(path: "", message: "not valid YAML: \(oneLine(String(describing: error)))")])
        }
    }

    /// The deepest bracket nesting, a cheap upper bound on flow-style depth. O(n).
    private static func nesting(of text: String) -> Int {
        var depth = 0, deepest = 0
        for b in text.utf8 {
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1; deepest = max(deepest, depth) }
            if b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { depth = max(0, depth - 1) }
        }
        return deepest
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }

    static func problem(_ error: DecodingError) -> LessonProblem {
        switch error {
        case .keyNotFound(let key, let ctx):
            return LessonProblem(path: path(ctx.codingPath + [key]), message: "missing field")
        case .typeMismatch(let type, let ctx):
            return LessonProblem(path: path(ctx.codingPath), message: "wrong type: expected \(describe(type))")
        case .valueNotFound(let type, let ctx):
            return LessonProblem(path: path(ctx.codingPath), message: "missing value: expected \(describe(type))")
        case .dataCorrupted(let ctx) where ctx.debugDescription.contains("not valid YAML"):
            let under = ctx.underlyingError.map { oneLine(String(describing: $0)) } ?? ""
            return LessonProblem(path: path(ctx.codingPath), message: "not valid YAML: \(under)")
        case .dataCorrupted(let ctx):
            let under = ctx.underlyingError.map { ": " + oneLine(String(describing: $0)) } ?? ""
            return LessonProblem(path: path(ctx.codingPath), message: "unreadable value (\(oneLine(ctx.debugDescription))\(under))")
        @unknown default:
            return LessonProblem(path: "", message: oneLine(String(describing: error)))
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is UInt64.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.contains("Sequence") { return "a list" }
            if name.hasPrefix("Dictionary") || name.contains("Mapping") { return "a mapping" }
            if name.contains("Scalar") { return "a single value" }
            return "a mapping (\(name.replacingOccurrences(of: "Spec", with: "").lowercased()))"
        }
    }

    static func oneLine(_ s: String) -> String {
        String(s.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(300))
    }
}
