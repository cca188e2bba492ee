import ArgumentParser
import StreamNetwork
import Explorer
import StreamStorage

/// `streamscope [explore]`: the explorer's options, the default subcommand. The explorer
/// itself is `runExplorer` (ExplorerMode.swift).
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the full-screen explorer.",
        discussion: """
            Shows streams, entries over time, consumer groups and their pending entries, \
            on the embedded engine (Redis 8 or 7.0 stream semantics) or on a Redis server. \
            Press ? inside for every key.

            A store that is empty, or holds only an earlier demo's streams, starts a demo \
            workload: two streams, three groups, a consumer that dies and poison \
            messages. `d` stops it; --no-demo skips it.

            With --redis, a password missing from the URL comes from REDISCLI_AUTH, and \
            if the server still asks for one, it is read from the terminal without echo. \
            A server that is down is retried in the background.
            """)

    @Option(help: ArgumentHelp(
        "The store's directory, a journal plus snapshots (default: $XDG_DATA_HOME/streamscope or ~/.local/share/streamscope).",
        valueName: "dir"),
            completion: .directory)
    var data: String?

    @Flag(help: "Use a throwaway store in memory.")
    var memory = false

    @Option(help: FsyncPolicy.help)
    var appendfsync = FsyncPolicy.everysec

    @Option(help: ArgumentHelp("Explore a Redis server (7.0 or later) instead: redis://[user[:password]@]host[:port][/db], or rediss:// for TLS.",
        valueName: "url"))
    var redis: String?

    @OptionGroup
    var tls: TLSArguments

    @Flag(help: "Refuse every key and prompt command that writes; a READ-ONLY badge shows it.")
    var readOnly = false

    @Flag(help: "Start with no demo workload.")
    var noDemo = false

    @Option(help: ArgumentHelp(
        "Also serve this engine over the Redis protocol on a loopback address, so that redis-cli or a service can produce and consume while you watch.",
        valueName: "[addr:]port"))
    var listen: ListenAddress?

    @Option(help: ArgumentHelp("Pending entries idle this long show red: 500ms, 30s, 2m, 1h (default 30s).",
                               valueName: "duration"))
    var stuckIdle: Milliseconds?

    @Option(help: ArgumentHelp("Pending entries delivered this often show magenta, a count of 1 or more (default 5).",
                               valueName: "n"))
    var poisonDeliveries: PositiveCount?

    @Option(help: ArgumentHelp("Group health looks across this window: STOP, STALL and WARN hold for all of it (default 30s).",
                               valueName: "duration"))
    var healthWindow: Milliseconds?

    @Option(help: ArgumentHelp("Dead-lettered entries go to <stream><suffix> (default :dead).", valueName: "suffix"))
    var deadLetterSuffix: String?

    @OptionGroup
    var configuration: ConfigArguments

    @OptionGroup
    var dialect: DialectOption

    @Option(help: ArgumentHelp("On a Redis Cluster, send reads to replicas (READONLY) or to primaries (default).",
                               valueName: "replicas|primaries"))
    var readFrom: ReadFrom = .primaries

    @Option(help: ArgumentHelp("Keys matching this glob are partitions of one logical stream (repeatable); name:{n} and name:n keys are without it.",
                               valueName: "pattern"))
    var partitions: [String] = []

    func validate() throws {
        if let w = healthWindow, w.value < 1000 {
            throw ValidationError("--health-window needs at least 1s: samples are taken once a second")
        }
        if deadLetterSuffix?.isEmpty == true {
            throw ValidationError("--dead-letter-suffix needs a non-empty suffix")
        }
        if let listen {
            if redis != nil {
                throw ValidationError("--listen serves the embedded engine; it cannot be combined with --redis")
            }
            if let refusal = listen.refusal { throw ValidationError(refusal) }
        }
    }

    func run() throws {
        var options = ExplorerOptions()
        let file = configuration.load()
        options.config = file
        options.readOnly = readOnly
        // Never write a demo into someone's server uninvited.
        options.demo = !noDemo && redis == nil && configuration.context == nil
        // The command line wins over the configuration file.
        options.stuckIdleMs = stuckIdle?.value ?? file.stuckIdleMs
        options.poisonDeliveries = poisonDeliveries?.value ?? file.poisonDeliveries
        options.healthWindowMs = healthWindow?.value ?? file.healthWindowMs
        options.deadLetterSuffix = deadLetterSuffix ?? file.deadLetterSuffix
        options.redisURL = redis
        options.partitions = partitions
        options.readFromReplicas = readFrom == .replicas
        options.tls = tls.options
        options.dataDirectory = data
        options.memory = memory
        options.fsync = appendfsync
        options.listen = listen
        options.dialect = dialect.dialect
        if let saved = try configuration.connection(in: file, tls: tls) {
            guard redis == nil else { throw ValidationError("--context names a saved connection; it cannot be combined with --redis") }
            options.redisURL = saved.url
            options.tls = saved.tls
            options.readOnly = readOnly || saved.readOnly
        }
        runExplorer(options)
    }
}
