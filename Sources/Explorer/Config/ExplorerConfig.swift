import TOMLKit
import TerminalUI

/// A saved connection (`streamscope --context prod`), as k9s keeps contexts.
public struct ConnectionContext: Equatable, Sendable {
    public var url: String
    public var tlsCA: String?
    public var tlsCert: String?
    public var tlsKey: String?
    public var tlsInsecure = false
    public var readOnly = false

    public init(url: String, tlsCA: String? = nil, tlsCert: String? = nil, tlsKey: String? = nil, tlsInsecure: Bool = false,
                readOnly: Bool = false) {
        self.url = url
        self.tlsCA = tlsCA
        self.tlsCert = tlsCert
        self.tlsKey = tlsKey
        self.tlsInsecure = tlsInsecure
        self.readOnly = readOnly
    }
}

/// A configuration file that does not say what it means: where, and what is wrong.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// 1-based; nil when no line is to blame.
    public var line: Int?
    public var message: String
    public var description: String { (line.map { "line \($0): " } ?? "") + message }

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }
}

/// The explorer's configuration file, `$XDG_CONFIG_HOME/streamscope/config.toml`:
/// thresholds, the colour theme, key overrides and named connections. Parsing is pure
/// (text in, values out); every mistake is a `ConfigError` naming its line, never a
/// crash.
///
/// ```toml
/// theme = "high-contrast"          # or "default"
/// [thresholds]
/// stuck_idle = "45s"
/// poison_deliveries = 3
/// health_window = "1m"
/// dead_letter_suffix = ":dlq"
/// [keys]
/// export = "E"                     # a binding's name (see `KeyBinding.name`) = a key or a list of keys
/// [contexts.prod]
/// url = "rediss://cache.internal:6380"
/// tls_ca = "/etc/streamscope/ca.crt"
/// read_only = true
/// ```
public struct ExplorerConfig: Equatable, Sendable {
    public var stuckIdleMs: UInt64?
    public var poisonDeliveries: UInt64?
    public var healthWindowMs: UInt64?
    public var deadLetterSuffix: String?
    public var theme: Theme = .standard
    /// Binding name to the keys that replace its own, in file order.
    public var keys: [(name: String, keys: [Key], line: Int?)] = []
    public var contexts: [String: ConnectionContext] = [:]

    public init() {}

    public static func == (a: ExplorerConfig, b: ExplorerConfig) -> Bool {
        a.stuckIdleMs == b.stuckIdleMs && a.poisonDeliveries == b.poisonDeliveries && a.healthWindowMs == b.healthWindowMs
            && a.deadLetterSuffix == b.deadLetterSuffix && a.theme == b.theme && a.contexts == b.contexts
            && a.keys.map(\.name) == b.keys.map(\.name) && a.keys.map(\.keys) == b.keys.map(\.keys)
    }

    /// - Complexity: O(text)
    public static func parse(_ text: String) throws(ConfigError) -> ExplorerConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ConfigError(line: e.source.begin.line, message: e.description)
        } catch {
            throw ConfigError(line: nil, message: "\(error)")
        }
        let lines = Lines(text)
        var config = ExplorerConfig()
        for (key, value) in table {
            switch key {
            case "theme":
                guard let name = value.string, let theme = Theme(name: name) else {
                    throw ConfigError(line: lines.of(key), message: "theme is \"default\" or \"high-contrast\"")
                }
                config.theme = theme
            case "thresholds": try config.readThresholds(try Self.table(value, key, lines), lines)
            case "keys": try config.readKeys(try Self.table(value, key, lines), lines)
            case "contexts":
                for (name, c) in try Self.table(value, key, lines) {
                    config.contexts[name] = try Self.context(try Self.table(c, "contexts.\(name)", lines), name, lines)
                }
            default:
                throw ConfigError(line: lines.of(key), message: "unknown setting '\(key)': theme, [thresholds], [keys] and [contexts.NAME] are known")
            }
        }
        return config
    }

    static func table(_ value: TOMLValueConvertible, _ name: String, _ lines: Lines) throws(ConfigError) -> TOMLTable {
        guard let t = value.table else { throw ConfigError(line: lines.of(name.split(separator: ".").last.map(String.init) ?? name), message: "\(name) must be a table ([\(name)])") }
        return t
    }

    mutating func readThresholds(_ t: TOMLTable, _ lines: Lines) throws(ConfigError) {
        for (key, value) in t {
            func duration() throws(ConfigError) -> UInt64 {
                guard let text = value.string, let ms = TimeText.parseDuration(text) else {
                    throw ConfigError(line: lines.of(key), message: "thresholds.\(key) is a duration in quotes: \"500ms\", \"30s\", \"2m\"")
                }
                return ms
            }
            switch key {
            case "stuck_idle": stuckIdleMs = try duration()
            case "health_window":
                let ms = try duration()
                guard ms >= 1000 else { throw ConfigError(line: lines.of(key), message: "thresholds.health_window needs at least 1s") }
                healthWindowMs = ms
            case "poison_deliveries":
                guard let n = value.int, n > 0 else {
                    throw ConfigError(line: lines.of(key), message: "thresholds.poison_deliveries is a count of 1 or more")
                }
                poisonDeliveries = UInt64(n)
            case "dead_letter_suffix":
                guard let s = value.string, !s.isEmpty else {
                    throw ConfigError(line: lines.of(key), message: "thresholds.dead_letter_suffix is a non-empty string")
                }
                deadLetterSuffix = s
            default:
                throw ConfigError(line: lines.of(key), message: "unknown threshold '\(key)': stuck_idle, poison_deliveries, health_window and dead_letter_suffix are known")
            }
        }
    }

    mutating func readKeys(_ t: TOMLTable, _ lines: Lines) throws(ConfigError) {
        for (name, value) in t {
            let texts = value.string.map { [$0] } ?? value.array?.compactMap { $0.string }
            guard let texts, !texts.isEmpty, texts.count == (value.array?.count ?? 1) else {
                throw ConfigError(line: lines.of(name), message: "keys.\(name) is a key (\"E\", \"ctrl-e\", \"f5\", \"pgdn\") or a list of keys")
            }
            var parsed: [Key] = []
            for text in texts {
                guard let k = Self.key(text) else { throw ConfigError(line: lines.of(name), message: "keys.\(name): '\(text)' is not a key") }
                parsed.append(k)
            }
            keys.append((name, parsed, lines.of(name)))
        }
    }

    static func context(_ t: TOMLTable, _ name: String, _ lines: Lines) throws(ConfigError) -> ConnectionContext {
        guard let url = t["url"]?.string else { throw ConfigError(line: lines.of("contexts.\(name)"), message: "contexts.\(name) needs url = \"redis://…\"") }
        var c = ConnectionContext(url: url)
        for (key, value) in t {
            switch key {
            case "url": break
            case "tls_ca", "tls_cert", "tls_key":
                guard let s = value.string else { throw ConfigError(line: lines.of(key), message: "contexts.\(name).\(key) is a file name") }
                if key == "tls_ca" { c.tlsCA = s } else if key == "tls_cert" { c.tlsCert = s } else { c.tlsKey = s }
            case "tls_insecure", "read_only":
                guard let b = value.bool else { throw ConfigError(line: lines.of(key), message: "contexts.\(name).\(key) is true or false") }
                if key == "read_only" { c.readOnly = b } else { c.tlsInsecure = b }
            default:
                throw ConfigError(line: lines.of(key), message: "unknown setting contexts.\(name).\(key): url, tls_ca, tls_cert, tls_key, tls_insecure and read_only are known")
            }
        }
        return c
    }

    /// A key as the file names it: one character (`E`, `?`), `space`, `enter`, `tab`,
    /// `esc`, `backspace`, `delete`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`,
    /// `home`, `end`, `f1`-`f12`, `ctrl-x`.
    public static func key(_ text: String) -> Key? {
        let t = text.lowercased()
        if text.count == 1, let c = text.first { return .char(c) }
        switch t {
        case "space": return .char(" ")
        case "enter": return .enter
        case "tab": return .tab
        case "esc", "escape": return .escape
        case "backspace": return .backspace
        case "delete": return .delete
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "home": return .home
        case "end": return .end
        default: break
        }
        if t.hasPrefix("ctrl-"), t.count == 6, let c = t.last, c.isLetter { return .ctrl(c) }
        if t.hasPrefix("f"), let n = Int(t.dropFirst()), (1...12).contains(n) { return .function(n) }
        return nil
    }

    /// The file's lines, to name the line of a key that TOML parsed but that means
    /// nothing here (TOMLKit gives positions only for syntax errors).
    struct Lines {
        let lines: [Substring]
        init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }
        /// The first line that sets `key` (`key =`, `"key" =`) or opens it as a table.
        func of(_ key: String) -> Int? {
            for (i, raw) in lines.enumerated() {
                let l = raw.drop { $0 == " " || $0 == "\t" }
                for form in [key, "\"\(key)\""] where l.hasPrefix(form) {
                    let rest = l.dropFirst(form.count).drop { $0 == " " || $0 == "\t" }
                    if rest.hasPrefix("=") || rest.hasPrefix(".") { return i + 1 }
                }
                if l.hasPrefix("[") && (l.contains("[\(key)]") || l.contains(".\(key)]") || l.contains("[\(key).")) { return i + 1 }
            }
            return nil
        }
    }
}
