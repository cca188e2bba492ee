/// The stream commands and options newer than Redis 8.0 that a source has, so that the
/// explorer offers only what the server it talks to can run. The embedded engine has
/// them all in its newest dialect and none in the 7.0 and 8.0 dialects; a Redis server
/// has what its `redis_version` (INFO server) says.
public struct RedisFeatures: OptionSet, Sendable, Equatable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Redis 8.2: XACKDEL, XDELEX, KEEPREF | DELREF | ACKED on XADD and XTRIM.
    public static let referencePolicies = RedisFeatures(rawValue: 1 << 0)
    /// Redis 8.4: XREADGROUP … CLAIM.
    public static let claimOnRead = RedisFeatures(rawValue: 1 << 1)
    /// Redis 8.6: idempotent XADD, XCFGSET, XINFO STREAM's idempotency figures.
    public static let idempotency = RedisFeatures(rawValue: 1 << 2)
    /// Redis 8.8: XNACK and `nacked-count`.
    public static let release = RedisFeatures(rawValue: 1 << 3)
    /// Redis 8.10: MAXCOUNT and MAXSIZE.
    public static let readLimits = RedisFeatures(rawValue: 1 << 4)
    public static let all: RedisFeatures = [.referencePolicies, .claimOnRead, .idempotency, .release, .readLimits]

    /// Each feature with the version that added it, oldest first.
    public static let versions: [(feature: RedisFeatures, major: Int, minor: Int)] = [
        (.referencePolicies, 8, 2), (.claimOnRead, 8, 4), (.idempotency, 8, 6), (.release, 8, 8), (.readLimits, 8, 10),
    ]

    /// What a server reporting `redis_version` (`8.6.1`, `7.2.4` …) has; none for text
    /// that is not a version. O(1)
    public init(redisVersion: String) {
        let parts = redisVersion.split(separator: ".").map { Int($0) }
        guard parts.count >= 2, let major = parts[0], let minor = parts[1] else { self = []; return }
        var found: RedisFeatures = []
        for v in Self.versions where major > v.major || (major == v.major && minor >= v.minor) { found.insert(v.feature) }
        self = found
    }

    /// The version that added `feature` ("8.8"), for messages and help. O(1)
    public static func since(_ feature: RedisFeatures) -> String {
        versions.first { feature.contains($0.feature) }.map { "\($0.major).\($0.minor)" } ?? "?"
    }
}
