import ArgumentParser
import Logging

/// `serve --log-level trace|debug|info|notice|warning|error|critical`: swift-log's levels
/// by name, listed in help and completion scripts.
extension Logger.Level: @retroactive ExpressibleByArgument {}
