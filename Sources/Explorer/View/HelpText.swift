/// The help overlay's lines: each section's title, then its bindings (key, text,
/// whether it asks first); with a query, only the bindings whose key or text contains
/// it (ignoring case), under the titles of the sections that still have some. Pure.
enum HelpText {
    struct Line: Equatable {
        var key: String
        /// Empty for a section title.
        var text: String
        var asksFirst: Bool
    }

    /// - Complexity: O(bindings × query length)
    static func lines(_ keyMap: KeyMap, query: String) -> [Line] {
        let q = query.lowercased()
        var out: [Line] = []
        for section in keyMap.sections {
            let bindings = keyMap.bindings(inSection: section).filter {
                q.isEmpty || $0.keyLabel.lowercased().contains(q) || $0.help.lowercased().contains(q)
            }
            guard !bindings.isEmpty else { continue }
            out.append(Line(key: section, text: "", asksFirst: false))
            for b in bindings { out.append(Line(key: "  " + b.keyLabel, text: b.help, asksFirst: b.destructive)) }
        }
        return out
    }
}
