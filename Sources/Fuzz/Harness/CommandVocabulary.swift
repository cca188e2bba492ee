/// The words the command harness builds argument vectors from: the stream commands'
/// names, keywords and typical values, and keys, groups and consumers that exist in the
/// populated keyspace (and some that do not).
enum CommandVocabulary {
    /// Commands most inputs draw from (subcommands come as the first argument).
    static let streamCommands = [
        "XADD", "XRANGE", "XREVRANGE", "XLEN", "XDEL", "XTRIM", "XREAD", "XREADGROUP", "XGROUP",
        "XACK", "XPENDING", "XCLAIM", "XAUTOCLAIM", "XINFO", "XSETID",
        "DEL", "UNLINK", "EXISTS", "TYPE", "SET", "RENAME", "COPY", "FLUSHDB", "SELECT", "OBJECT",
    ]

    /// Argument words, chosen by a byte below `words.count`.
    static let words = [
        // Keys, groups, consumers.
        "orders", "orders", "s2", "s3", "str", "nokey", "billing", "shipping", "g3", "dead", "alice", "bob",
        // Subcommands.
        "CREATE", "SETID", "DESTROY", "CREATECONSUMER", "DELCONSUMER", "STREAM", "GROUPS", "CONSUMERS", "HELP",
        // Options.
        "COUNT", "BLOCK", "STREAMS", "GROUP", "NOACK", "MAXLEN", "MINID", "~", "=", "LIMIT", "NOMKSTREAM",
        "MKSTREAM", "ENTRIESREAD", "IDLE", "TIME", "RETRYCOUNT", "FORCE", "JUSTID", "LASTID", "FULL",
        "ENTRIESADDED", "MAXDELETEDID", "REPLACE", "DB", "ENCODING",
        // IDs and special IDs.
        "0", "0-0", "0-1", "$", ">", "+", "-", "*", "1-*", "(0-1", "1800000000000-0", "1799999940000-0",
        "1799999945000-0", "1799999949000-*", "1800000000000", "18446744073709551615-18446744073709551615",
        "18446744073709551615", "1-18446744073709551615", "-1", "x",
        // Counts and times.
        "1", "2", "3", "10", "100", "1000", "60000", "86400000", "-5", "9223372036854775807",
        // Fields and values.
        "item", "qty", "f", "v", "",
    ]

    /// The keyspace each input starts from: a stream `orders` of ten entries in nodes of
    /// four, group `billing` with four delivered to `dead` a minute ago, an empty group
    /// `shipping`, a stream `s2` with deleted entries, and a string `str`.
    static let setup: [[String]] =
        [["CONFIG", "SET", "stream-node-max-entries", "4"]]
        + (0..<10).map { i in ["XADD", "orders", "\(1_799_999_940_000 + i * 1000)-0", "item", "item\(i)", "qty", "\(i % 3 + 1)"] }
        + [
            ["XGROUP", "CREATE", "orders", "billing", "0"],
            ["XGROUP", "CREATE", "orders", "shipping", "$"],
            ["XREADGROUP", "GROUP", "billing", "dead", "COUNT", "4", "STREAMS", "orders", ">"],
            ["XADD", "s2", "1-1", "f", "v"], ["XADD", "s2", "1-2", "f", "v"], ["XADD", "s2", "2-1", "f", "v"],
            ["XDEL", "s2", "1-2"],
            ["SET", "str", "text"],
        ]
}
