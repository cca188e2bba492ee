import Explorer
import Foundation

/// `$XDG_CONFIG_HOME/streamscope/config.toml`, else `~/.config/streamscope/config.toml`,
/// unless `--config` names another.
func configPath(_ explicit: String?) -> String {
    if let explicit { return explicit }
    let env = ProcessInfo.processInfo.environment
    if let xdg = env["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/streamscope/config.toml" }
    return (env["HOME"] ?? NSHomeDirectory()) + "/.config/streamscope/config.toml"
}

/// The configuration file, read and parsed; none at the default place is an empty
/// configuration. A file that does not parse, or says something that means nothing,
/// stops the program with its name and the line to blame (exit status 2), never a crash.
func loadConfig(_ explicit: String?) -> ExplorerConfig {
    let path = configPath(explicit)
    guard let data = FileManager.default.contents(atPath: path) else {
        var isDirectory: ObjCBool = false
        if explicit != nil || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            fail("\(path): cannot read the configuration file" + (isDirectory.boolValue ? " (it is a directory)" : ""))
        }
        return ExplorerConfig()
    }
    guard let text = String(data: data, encoding: .utf8) else { fail("\(path): the configuration file is not UTF-8 text") }
    do {
        let config = try ExplorerConfig.parse(text)
        // Key overrides are checked against the explorer's bindings now, before a terminal is taken.
        _ = try KeyMap(layout: .standard, readOnly: false).overriding(config.keys)
        return config
    } catch {
        fail("\(path): \(error)")
    }
}
