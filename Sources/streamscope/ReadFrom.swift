import ArgumentParser

/// `--read-from`: where a cluster's reads go.
enum ReadFrom: String, ExpressibleByArgument, CaseIterable {
    case primaries, replicas
}
