import ArgumentParser
import Explorer

/// A duration on the command line, `500ms`, `30s`, `2m`, `1h`, `1d` or a bare number of
/// milliseconds (the explorer's own duration syntax, `TimeText.parseDuration`).
struct Milliseconds: ExpressibleByArgument {
    let value: UInt64

    init?(argument: String) {
        guard let ms = TimeText.parseDuration(argument) else { return nil }
        value = ms
    }
}
