import ArgumentParser
import Explorer
import StreamNetwork
import StreamStorage

/// `streamscope export`: a stream's entries, or a group's pending entries, as JSON
/// Lines or CSV, for scripts. The export itself is `runExport` (ExportMode.swift).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a stream's entries or a group's pending entries as JSON Lines or CSV.",
        discussion: """
            Reads the embedded engine's data directory (--data; the explorer must not \
            hold it open) or a Redis server (--redis), with the explorer's bounds: \
            reads of 1,000 entries at a time (XRANGE ... COUNT 1000, XPENDING ... 1000), \
            at most --count rows, and a --filter scans at most --scan-limit entries \
            (5,000 on a server). Values that are not UTF-8 are written in base64 and \
            marked: {"base64":"..."} in JSON Lines, named in the last column (base64) \
            in CSV. A summary goes to stderr; the exit status is 1 when the read fails.
            """)

    @Argument(help: ArgumentHelp("The stream's key.", valueName: "stream"))
    var stream: String

    @Option(help: ArgumentHelp("The embedded store's directory (default: $XDG_DATA_HOME/streamscope or ~/.local/share/streamscope).",
                               valueName: "dir"), completion: .directory)
    var data: String?

    @Option(help: ArgumentHelp("Read a Redis server instead: redis://[user[:password]@]host[:port][/db], or rediss:// for TLS.",
                               valueName: "url"))
    var redis: String?

    @OptionGroup
    var tls: TLSArguments

    @OptionGroup
    var configuration: ConfigArguments

    @Option(help: ArgumentHelp("The first entry: an ID, a time (2026-11-25T14:00) or back from now (-5m); default the stream's start.",
                               valueName: "id|time"))
    var from: String?

    @Option(help: ArgumentHelp("The last entry, as --from; default the stream's end.", valueName: "id|time"))
    var to: String?

    @Option(help: ArgumentHelp("Only entries with a field or value containing this text (case-insensitive), as the explorer's / filter.",
                               valueName: "text"))
    var filter: String?

    @Option(help: ArgumentHelp("Export this group's pending entries instead of entries.", valueName: "group"))
    var pending: String?

    @Option(help: ArgumentHelp("With --pending: only this consumer's.", valueName: "name"))
    var consumer: String?

    @Option(help: ArgumentHelp("jsonl or csv (default: from --output's extension, else jsonl).", valueName: "format"))
    var format: ExportFormatArgument?

    @Option(name: [.short, .long], help: ArgumentHelp("Write here instead of standard output.", valueName: "file"),
            completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("At most this many rows (default 10000).", valueName: "n"))
    var count: PositiveCount?

    @Option(help: ArgumentHelp("With --filter, scan at most this many entries (default 50000).", valueName: "n"))
    var scanLimit: PositiveCount?

    @OptionGroup
    var dialect: DialectOption

    func validate() throws {
        if [redis != nil, data != nil, configuration.context != nil].filter({ $0 }).count > 1 {
            throw ValidationError("--data, --redis and --context: choose one source")
        }
        if consumer != nil && pending == nil { throw ValidationError("--consumer needs --pending GROUP") }
        if pending != nil && (filter != nil || from != nil || to != nil) {
            throw ValidationError("--pending exports the group's pending list: --from, --to and --filter apply to entries")
        }
    }

    func run() throws {
        var options = ExportOptions(stream: stream)
        options.dataDirectory = data
        options.redisURL = redis
        options.tls = tls.options
        // The configuration file is read only for a saved connection.
        if configuration.context != nil, let saved = try configuration.connection(in: configuration.load(), tls: tls) {
            options.redisURL = saved.url
            options.tls = saved.tls
        }
        options.from = from
        options.to = to
        options.filter = filter
        options.pendingGroup = pending
        options.consumer = consumer
        options.format = format?.value
        options.output = output
        options.count = count.map { Int(clamping: $0.value) } ?? 10_000
        options.scanLimit = scanLimit.map { Int(clamping: $0.value) } ?? 50_000
        options.dialect = dialect.dialect
        runExport(options)
    }
}
