import ArgumentParser
import Logging
import StreamNetwork
import StreamStorage

/// `streamscope serve`: the options of the Redis-protocol server. The server itself is
/// `runServe` (ServeMode.swift).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the stream engine over the Redis protocol (RESP2 and RESP3).",
        discussion: """
            redis-cli, redis-benchmark and Redis client libraries can then produce to \
            and consume from StreamScope's engine as they would from a Redis server of \
            the version --redis-version names (8 by default). \
            It runs until SIGINT or SIGTERM, which stop accepting, close every \
            connection and exit 0. Logs go to standard error, never into replies.
            """)

    @Option(help: ArgumentHelp(
        "The address to listen on. One that is not loopback needs --requirepass.", valueName: "addr"))
    var bind = ServeOptions().bind

    @Option(help: ArgumentHelp("The TCP port (Redis's by default); 0 picks a free one.", valueName: "n"))
    var port = ServeOptions().port

    @Flag(help: "Keep the data in memory only (the default without --data).")
    var memory = false

    @Option(help: ArgumentHelp("Keep the data in this directory: a journal of every change plus snapshots.",
                               valueName: "dir"),
            completion: .directory)
    var data: String?

    @Option(help: FsyncPolicy.help)
    var appendfsync = FsyncPolicy.everysec

    @Option(help: ArgumentHelp("Clients must AUTH with this password (user `default`).", valueName: "pass"))
    var requirepass: String?

    @Option(help: ArgumentHelp("How much to log on standard error.", valueName: "level"))
    var logLevel = ServeOptions().logLevel

    @OptionGroup
    var dialect: DialectOption

    /// What was asked for, as the server takes it; `--requirepass ""` means no password.
    var options: ServeOptions {
        var o = ServeOptions()
        o.bind = bind
        o.port = port
        o.requirePass = requirepass?.isEmpty == false ? requirepass : nil
        o.dataDirectory = data
        o.appendFsync = appendfsync.rawValue
        o.logLevel = logLevel
        o.dialect = dialect.dialect
        return o
    }

    func validate() throws {
        if let refusal = options.refusal { throw ValidationError(refusal) }
    }

    func run() throws {
        runServe(options)
    }
}
