/// Server parameters that CONFIG GET/SET reads and changes, beyond the engine's stream
/// node limits. Defaults are Redis 7.0's.
public struct ServerSettings: Sendable {
    /// `requirepass`: nil means no password (every client is authenticated).
    public var requirePass: [UInt8]? = nil
    /// `maxclients`: connections beyond this get Redis's error and are closed.
    public var maxClients = 10_000
    /// `appendonly`: only "no" exists until storage does.
    public var appendOnly = "no"
    /// `appendfsync`: kept for clients that read or set it.
    public var appendFsync = "everysec"
    /// `save`: kept as given; there is no snapshotting yet.
    public var save = ""
    /// Query buffer limit (`client-query-buffer-limit`): 1 GB.
    public var maxQueryBuffer = 1 << 30
    /// The listening port, as INFO reports it.
    public var port = 6379

    public init() {}
}
