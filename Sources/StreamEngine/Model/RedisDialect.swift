/// Which Redis the engine answers as. Stream commands changed between Redis 7.0 and 8:
/// consumers gained an active time, claims create their consumer, error texts were
/// reworded, `XREAD … +` reads the last entry, woken blocked reads re-run the command;
/// 8.2 to 8.10 added deletions and trims that respect the groups, XREADGROUP CLAIM,
/// idempotent adds, XNACK and whole-call read limits. Each dialect answers as its Redis
/// does (README, "Redis versions").
public enum RedisDialect: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Redis 7.0 (checked against Debian's redis-server 7.0.15).
    case redis7_0 = "7.0"
    /// Redis 8.0 exactly (checked against redis-server 8.0.2): 7.2, 7.4 and 8.0's changes.
    case redis8_0 = "8.0"
    /// The newest Redis 8 behaviour StreamScope has: 8.0 plus 8.2 (XDELEX, XACKDEL,
    /// KEEPREF|DELREF|ACKED on XADD and XTRIM, capped ENTRIESREAD), 8.4 (XREADGROUP
    /// CLAIM), 8.6 (IDMP/IDMPAUTO, XCFGSET), 8.8 (XNACK) and 8.10 (MAXCOUNT/MAXSIZE),
    /// written from Redis's documentation and tests.
    case redis8 = "8"

    /// The version INFO reports.
    public var serverVersion: String {
        switch self {
        case .redis7_0: return "7.0.15"
        case .redis8_0: return "8.0.2"
        case .redis8: return "8.10.0"
        }
    }

    /// Redis 7.2's changes (consumer active times, claims create consumers, re-run
    /// blocked reads, reworded errors), 7.4's and 8.0's (`XREAD +`, lag).
    public var since7_2: Bool { self >= .redis8_0 }
    public var since8_0: Bool { self >= .redis8_0 }
    /// Redis 8.2 to 8.10's changes (the newest dialect has them all).
    public var since8_2: Bool { self >= .redis8 }

    /// Parses `7.0`, `8.0` or `8` (also `7` and full versions such as `8.0.2`); nil
    /// for anything else.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "7.0", "7", "7.0.15": self = .redis7_0
        case "8.0", "8.0.2": self = .redis8_0
        case "8", "8.10", "8.10.0": self = .redis8
        default: return nil
        }
    }

    public var description: String { rawValue }

    /// Older dialects first. O(1): asked per delivered entry on the read path.
    public static func < (a: RedisDialect, b: RedisDialect) -> Bool { a.age < b.age }

    private var age: Int {
        switch self {
        case .redis7_0: return 0
        case .redis8_0: return 1
        case .redis8: return 2
        }
    }
}
