import ArgumentParser
import StreamEngine

/// `--redis-version 8|8.0|7.0`: which Redis the engine answers as (README, "Redis
/// versions: the dialects").
extension RedisDialect: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// The `--redis-version` option shared by `explore`, `serve` and `prompt`.
struct DialectOption: ParsableArguments {
    @Option(name: .customLong("redis-version"),
            help: ArgumentHelp("Which Redis the engine answers as: 8 (the newest behaviour StreamScope has), 8.0 or 7.0.",
                               valueName: "version"))
    var dialect: RedisDialect = .redis8
}
