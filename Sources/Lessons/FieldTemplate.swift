/// One producer field, `name=template`: the template is text with `{n}` (the
/// producer's count, from 1), `{a|b|c}` (one at random) and `{10..99}` (a random
/// integer) parts. Parsed once; `render` is O(template length).
struct FieldTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case counter
        case choice([String])
        case range(Int, Int)
    }

    var name: String
    var parts: [Part]

    /// Parses `name=template`, or says what is wrong with it.
    static func parse(_ source: String) -> Result<FieldTemplate, TemplateError> {
        guard let eq = source.firstIndex(of: "=") else { return .failure(TemplateError("needs the form name=template")) }
        let name = String(source[..<eq])
        if name.isEmpty { return .failure(TemplateError("the field name before '=' is empty")) }
        var parts: [Part] = []
        var rest = source[source.index(after: eq)...]
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                return .failure(TemplateError("'{' without a closing '}'"))
            }
            let inner = String(rest[rest.index(after: open)..<close])
            switch placeholder(inner) {
            case .success(let p): parts.append(p)
            case .failure(let e): return .failure(e)
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return .success(FieldTemplate(name: name, parts: parts))
    }

    private static func placeholder(_ inner: String) -> Result<Part, TemplateError> {
        if inner == "n" { return .success(.counter) }
        if let dots = inner.range(of: "..") {
            let bound = 1_000_000_000_000_000
            guard let lo = Int(inner[..<dots.lowerBound]), let hi = Int(inner[dots.upperBound...]), lo <= hi,
                  lo >= -bound, hi <= bound else {
                return .failure(TemplateError("{\(inner)} is not a range low..high (each within ±\(bound))"))
            }
            return .success(.range(lo, hi))
        }
        let choices = inner.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if choices.count < 2 || choices.contains(where: \.isEmpty) {
            return .failure(TemplateError("{\(inner)} is neither {n}, {a|b|...} nor {low..high}"))
        }
        return .success(.choice(choices))
    }

    func render(counter: Int, random: inout LessonRandom) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .counter: out += String(counter)
            case .choice(let c): out += c[random.integer(0, c.count - 1)]
            case .range(let lo, let hi): out += String(random.integer(lo, hi))
            }
        }
        return out
    }
}

struct TemplateError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
