/// `streamscope serve` options, parsed without side effects so tests can check them.
public struct ServeOptions: Equatable, Sendable {
    public var bind = "127.0.0.1"
    /// Redis's default port.
    public var port = 6379
    public var requirePass: String? = nil
    public var logLevel = "info"
    /// A data directory (journal and snapshots), or nil to keep everything in memory.
    public var dataDirectory: String? = nil
    public var appendFsync = "everysec"

    public init() {}

    public static let usage = """
    usage: streamscope serve [--bind ADDR] [--port N] [--memory | --data DIR [--appendfsync POLICY]]
                             [--requirepass PASS] [--log-level LEVEL]

    Serves the embedded stream engine over the Redis protocol (RESP2/RESP3), so that
    redis-cli, redis-benchmark and Redis client libraries can use it.

      --bind ADDR         address to listen on (default 127.0.0.1); a non-loopback
                          address needs --requirepass
      --port N            TCP port (default 6379, Redis's); 0 picks a free port
      --memory            keep data in memory only (the default)
      --data DIR          keep data in DIR: a journal of every change plus snapshots
      --appendfsync P     always (acknowledge after fsync), everysec (default) or no
      --requirepass PASS  clients must AUTH with PASS (user `default`)
      --log-level LEVEL   trace, debug, info, notice, warning, error (default info); logs go to stderr
    """

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Parses the arguments after `serve`. O(arguments).
    public static func parse(_ arguments: [String]) throws(Failure) -> ServeOptions {
        var o = ServeOptions()
        var i = 0
        func value(_ flag: String) throws(Failure) -> String {
            guard i + 1 < arguments.count else { throw Failure(description: "\(flag) needs a value") }
            i += 1
            return arguments[i]
        }
        while i < arguments.count {
            let arg = arguments[i]
            switch arg {
            case "--bind": o.bind = try value(arg)
            case "--port":
                let text = try value(arg)
                guard let p = Int(text), (0...65535).contains(p) else {
                    throw Failure(description: "--port wants a number from 0 to 65535, not '\(text)'")
                }
                o.port = p
            case "--requirepass":
                let pass = try value(arg)
                o.requirePass = pass.isEmpty ? nil : pass
            case "--memory": break
            case "--data": o.dataDirectory = try value(arg)
            case "--appendfsync":
                let p = try value(arg).lowercased()
                guard ["always", "everysec", "no"].contains(p) else {
                    throw Failure(description: "--appendfsync takes always, everysec or no, not '\(p)'")
                }
                o.appendFsync = p
            case "--log-level":
                let level = try value(arg)
                guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
                    throw Failure(description: "unknown log level '\(level)'")
                }
                o.logLevel = level
            default:
                throw Failure(description: "unknown option '\(arg)'")
            }
            i += 1
        }
        if o.requirePass == nil && !isLoopback(o.bind) {
            throw Failure(description: "refusing to listen on \(o.bind) without a password: any host that can reach it could read and change every stream (Redis's protected mode). Set --requirepass, or bind a loopback address (127.0.0.1, ::1)")
        }
        return o
    }

    /// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address.hasPrefix("127.")
    }
}
