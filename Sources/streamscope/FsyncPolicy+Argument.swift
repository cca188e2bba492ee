import ArgumentParser
import StreamStorage

/// `--appendfsync always|everysec|no`, in any letter case (as Redis's CONFIG SET takes
/// it); help and completion scripts list the three policies.
extension FsyncPolicy: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// The help of every `--appendfsync`.
    static let help = ArgumentHelp(
        "When the store's journal reaches the disk: always (before each reply), everysec, or no (when the system decides).",
        valueName: "policy")
}
