import ArgumentParser
import Explorer
import StreamNetwork

/// `--config FILE` and `--context NAME`, shared by the explorer and `export`.
struct ConfigArguments: ParsableArguments {
    @Option(help: ArgumentHelp("A connection saved in the configuration file's [contexts.NAME]: its URL, TLS files and read-only flag.",
                               valueName: "name"))
    var context: String?

    @Option(help: ArgumentHelp("The configuration file (default: $XDG_CONFIG_HOME/streamscope/config.toml or ~/.config/streamscope/config.toml).",
                               valueName: "file"), completion: .file())
    var config: String?

    /// The configuration file (see `loadConfig`).
    func load() -> ExplorerConfig { loadConfig(config) }

    /// The saved connection `--context` names, with what the command line's TLS options
    /// add to it; nil without `--context`. An unknown name lists the saved ones.
    func connection(in file: ExplorerConfig, tls: TLSArguments) throws -> (url: String, tls: TLSOptions, readOnly: Bool)? {
        guard let name = context else { return nil }
        guard let saved = file.contexts[name] else {
            let known = file.contexts.keys.sorted()
            throw ValidationError("no context '\(name)' in the configuration file"
                                  + (known.isEmpty ? " (it has no [contexts.NAME] tables)" : "; it has \(known.joined(separator: ", "))"))
        }
        return (saved.url, TLSOptions(caFile: tls.tlsCa ?? saved.tlsCA, certFile: tls.tlsCert ?? saved.tlsCert,
                                      keyFile: tls.tlsKey ?? saved.tlsKey, insecure: tls.tlsInsecure || saved.tlsInsecure), saved.readOnly)
    }
}
