import TerminalUI

/// One binding: keys, the action, where it applies, and how the help overlay and the
/// hint bar describe it. The key map is data: the help overlay and the hint bar are
/// generated from it, and `--read-only` drops the bindings that write.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// The pane whose focus the binding needs; nil: every pane.
    public var pane: PaneID?
    /// The help overlay's heading the binding is listed under.
    public var section: String
    public var help: String
    /// The hint bar's short text; nil: not in the hint bar.
    public var hint: String?
    /// Changes data (needs write access).
    public var writes: Bool
    /// Deletes or rewinds something; asks first.
    public var destructive: Bool

    public init(_ keys: [Key], _ action: Action, pane: PaneID? = nil, section: String = KeyMap.everywhere, _ help: String,
                hint: String? = nil, writes: Bool = false, destructive: Bool = false) {
        self.keys = keys
        self.action = action
        self.pane = pane
        self.section = section
        self.help = help
        self.hint = hint
        self.writes = writes
        self.destructive = destructive
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }

    /// The name a configuration file's `[keys]` table uses for this binding: a pane's
    /// own verb by its name (`export`, `trends`), the others after their action
    /// (`quit`, `help`, `down`, `page-down`, `focus-pending`, `claim`, ...).
    public var name: String { Self.name(of: action) }

    static func name(of action: Action) -> String {
        switch action {
        case .paneAction(let n): return n
        case .focus(let p): return "focus-\(p.name)"
        case .move(let n), .scroll(let n): return n > 0 ? "down" : "up"
        case .page(let n): return n > 0 ? "page-down" : "page-up"
        case .scrubStep(let n): return n > 0 ? "scrub-later" : "scrub-earlier"
        case .scrubZoom(let zoomIn): return zoomIn ? "zoom-in" : "zoom-out"
        case .toggleHelp: return "help"
        case .focusNext: return "next-pane"
        case .focusPrevious: return "previous-pane"
        case .input, .selectRow: return ""
        default: return "\(action)"
        }
    }
}

/// Every binding of the explorer: those that work everywhere, then each declared pane's
/// own, in the layout's pane order.
public struct KeyMap: Sendable {
    public static let everywhere = "Everywhere"
    public var bindings: [KeyBinding]
    /// Help sections in order: everywhere, then one per pane with bindings.
    public var sections: [String]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
        var seen: [String] = []
        for b in bindings where !seen.contains(b.section) { seen.append(b.section) }
        sections = seen
    }

    /// The bindings of `layout`'s panes, with a number key for each focusable pane;
    /// without write access, those that write are left out.
    public init(layout: ExplorerLayout, readOnly: Bool) {
        var all = Self.global(panes: layout.focusOrder)
        for pane in layout.panes { all += pane.bindings }
        self.init(bindings: readOnly ? all.filter { !$0.writes } : all)
    }

    /// Without the bindings that write (`--read-only`).
    public func withoutWrites() -> KeyMap { KeyMap(bindings: bindings.filter { !$0.writes }) }

    /// The explorer's bindings; without write access, those that write are left out.
    public static func standard(readOnly: Bool) -> KeyMap {
        KeyMap(layout: .standard, readOnly: readOnly)
    }

    /// Keys that work in every pane. `panes`: the focusable panes, which get `1`, `2`, ...
    static func global(panes: [any Pane]) -> [KeyBinding] {
        let numbered = panes.prefix(9).enumerated().map { i, pane in
            KeyBinding([.char(Character(String(i + 1)))], .focus(pane.id), "\(pane.title.lowercased()) pane")
        }
        return [
            KeyBinding([.char("q")], .quit, "quit", hint: "quit"),
            KeyBinding([.char("?")], .toggleHelp, "help: every key", hint: "help"),
            KeyBinding([.escape], .back, "back out (close, clear marks, leave a pane)"),
            KeyBinding([.tab], .focusNext, "next pane", hint: "pane"),
            KeyBinding([.backTab], .focusPrevious, "previous pane"),
        ] + numbered + [
            KeyBinding([.char("j"), .down], .move(1), "down"),
            KeyBinding([.char("k"), .up], .move(-1), "up"),
            KeyBinding([.pageDown, .ctrl("f")], .page(1), "page down"),
            KeyBinding([.pageUp, .ctrl("b")], .page(-1), "page up"),
            KeyBinding([.home], .first, "first row (entries: head of the stream)"),
            KeyBinding([.end, .char("G")], .last, "last row (entries: tail, follow)"),
            KeyBinding([.enter], .open, "open: stream → entries, group → pending, entry → detail", hint: "open"),
            KeyBinding([.char(":")], .openPrompt, "run any command (the reply shows below)", hint: "command"),
            KeyBinding([.char("/")], .openFilter, "filter this pane", hint: "filter"),
            KeyBinding([.char("t")], .toggleUTC, "times in UTC / local"),
            KeyBinding([.char("d")], .toggleDemo, "stop / start the demo workload"),
            KeyBinding([.char("a")], .append, "append an entry to the stream", hint: "append", writes: true),
        ]
    }

    /// The key map with the keys of the named bindings replaced (`[keys]` in the
    /// configuration file). A name that matches no binding, or a key that another
    /// binding already answers where the renamed one works, is an error that says so.
    /// - Complexity: O(overrides × bindings)
    public func overriding(_ overrides: [(name: String, keys: [Key], line: Int?)]) throws(ConfigError) -> KeyMap {
        var out = bindings
        for o in overrides {
            let targets = out.indices.filter { out[$0].name == o.name }
            guard !targets.isEmpty else {
                let names = Set(out.map(\.name).filter { !$0.isEmpty }).sorted().joined(separator: ", ")
                throw ConfigError(line: o.line, message: "keys.\(o.name): no binding has that name; the names are \(names)")
            }
            for i in targets {
                for key in o.keys {
                    // Taken by another binding that works where this one does (the same pane, or everywhere).
                    if let other = out.indices.first(where: { j in
                        !targets.contains(j) && out[j].keys.contains(key)
                            && (out[j].pane == nil || out[i].pane == nil || out[j].pane == out[i].pane)
                    }) {
                        throw ConfigError(line: o.line, message: "keys.\(o.name): \(key.label) is already \(out[other].name)"
                                          + (out[other].pane.map { " in the \($0) pane" } ?? ""))
                    }
                }
                out[i].keys = o.keys
            }
        }
        return KeyMap(bindings: out)
    }

    /// The binding for a key in a pane: the pane's own first, then those that work
    /// everywhere. - Complexity: O(bindings)
    public func binding(for key: Key, in pane: PaneID) -> KeyBinding? {
        bindings.first { $0.pane == pane && $0.keys.contains(key) } ?? bindings.first { $0.pane == nil && $0.keys.contains(key) }
    }

    /// The action for a key in a pane. - Complexity: O(bindings)
    public func action(for key: Key, in pane: PaneID) -> Action? { binding(for: key, in: pane)?.action }

    /// Bindings for the hint bar in a pane: the pane's own first, then global ones.
    public func hints(for pane: PaneID) -> [KeyBinding] {
        bindings.filter { $0.hint != nil && $0.pane == pane } + bindings.filter { $0.hint != nil && $0.pane == nil }
    }

    /// The bindings listed under a help section, in order.
    public func bindings(inSection section: String) -> [KeyBinding] { bindings.filter { $0.section == section } }
}
