/// Which Redis the engine answers as. Stream commands changed between Redis 7.0 and 8:
/// consumers gained an active time, claims create their consumer, error texts were
/// reworded, `XREAD … +` reads the last entry, and woken blocked reads re-run the command.
/// Each dialect answers byte for byte as its Redis does (README, "Redis versions").
public enum RedisDialect: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Redis 7.0 (checked against Debian's redis-server 7.0.15).
    case redis7_0 = "7.0"
    /// Redis 8 (checked against Redis 8.0.2 for what 8.0 has).
    case redis8 = "8"

    /// The version INFO, HELLO and LOLWUT-style greetings report.
    public var serverVersion: String {
        switch self {
        case .redis7_0: return "7.0.15"
        case .redis8: return "8.0.2"
        }
    }

    /// True from Redis 7.2 on (consumer active times, claims create consumers, re-run
    /// blocked reads, reworded errors).
    public var since7_2: Bool { self != .redis7_0 }
    /// True from Redis 8.0 on (`XREAD +` on the last live entry, lag fixes).
    public var since8_0: Bool { self != .redis7_0 }

    /// Parses `7.0`, `7`, `8`, `8.0`; nil for anything else.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "7.0", "7", "7.0.15": self = .redis7_0
        case "8", "8.0", "8.0.2": self = .redis8
        default: return nil
        }
    }

    public var description: String { rawValue }
}
