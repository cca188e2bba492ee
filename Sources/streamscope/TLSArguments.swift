import ArgumentParser
import StreamNetwork

/// The explorer's TLS options for a `rediss://` server.
struct TLSArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Trust the server certificates this CA file signed.", valueName: "file"),
            completion: .file())
    var tlsCa: String?

    @Option(help: ArgumentHelp("Present this client certificate (with --tls-key).", valueName: "file"),
            completion: .file())
    var tlsCert: String?

    @Option(help: ArgumentHelp("The private key of --tls-cert.", valueName: "file"), completion: .file())
    var tlsKey: String?

    @Flag(help: "Do not verify the server's certificate: for self-signed test setups only.")
    var tlsInsecure = false

    /// The options as the Redis client takes them.
    var options: TLSOptions {
        TLSOptions(caFile: tlsCa, certFile: tlsCert, keyFile: tlsKey, insecure: tlsInsecure)
    }
}
