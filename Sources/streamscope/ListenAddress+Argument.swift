import ArgumentParser
import StreamNetwork

/// `--listen [ADDR:]PORT` (see `ListenAddress`).
extension ListenAddress: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
