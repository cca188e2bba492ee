import Logging
import StreamEngine

/// What `streamscope serve` was asked for on the command line (the executable parses
/// it), with the checks that need no socket so that tests can run them.
public struct ServeOptions: Equatable, Sendable {
    public var bind = "127.0.0.1"
    /// Redis's default port.
    public var port = 6379
    public var requirePass: String? = nil
    public var logLevel = Logger.Level.info
    /// A data directory (journal and snapshots), or nil to keep everything in memory.
    public var dataDirectory: String? = nil
    public var appendFsync = "everysec"
    /// Which Redis the engine answers as (`--redis-version`).
    public var dialect: RedisDialect = .redis8

    public init() {}

    /// Why a server must not start with these options, naming the option to change, or
    /// nil when it may: a port outside 0...65535, or a non-loopback address without a
    /// password (Redis's protected mode).
    public var refusal: String? {
        if !(0...65535).contains(port) {
            return "--port wants a number from 0 to 65535, not \(port)"
        }
        if requirePass == nil && !Self.isLoopback(bind) {
            return "refusing to listen on \(bind) without a password: any host that can reach it could read and change every stream (Redis's protected mode). Set --requirepass, or bind a loopback address (127.0.0.1, ::1)"
        }
        return nil
    }

    /// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address.hasPrefix("127.")
    }
}
