import ArgumentParser

/// A count of one or more, such as `--poison-deliveries 5`.
struct PositiveCount: ExpressibleByArgument {
    let value: UInt64

    init?(argument: String) {
        guard let n = UInt64(argument), n > 0 else { return nil }
        value = n
    }
}
