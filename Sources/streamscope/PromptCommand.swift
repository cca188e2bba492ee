import ArgumentParser
import Foundation
import StreamStorage

/// `streamscope prompt`: the options of the line prompt. The prompt itself is
/// `runPrompt` (PromptMode.swift).
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Read Redis commands line by line and print replies as redis-cli does.",
        discussion: """
            Runs on the embedded engine, from a terminal or a pipe, for scripts and \
            quick checks. On a terminal the demo workload is loaded first unless \
            --empty is given; from a pipe it starts empty unless --demo is given. Type \
            `help` for the commands and `quit` to leave.
            """)

    /// Whether the demo workload is loaded before the first command.
    enum Workload: EnumerableFlag {
        case demo, empty

        static func help(for value: Workload) -> ArgumentHelp? {
            switch value {
            case .demo: "Load the demo workload first (the default on a terminal)."
            case .empty: "Start with no workload (the default from a pipe)."
            }
        }
    }

    @Flag(exclusivity: .chooseLast)
    var workload: Workload?

    @Option(help: ArgumentHelp("Keep the data in this directory (default: in memory only).", valueName: "dir"),
            completion: .directory)
    var data: String?

    @Option(help: FsyncPolicy.help)
    var appendfsync = FsyncPolicy.everysec

    @OptionGroup
    var dialect: DialectOption

    @Flag(inversion: .prefixedNo,
          help: "Print replies raw, as redis-cli does when its output is not a terminal (the default then), or formatted (--no-raw; the default on a terminal).")
    var raw: Bool?

    func run() throws {
        let withDemo = workload.map { $0 == .demo } ?? (isatty(0) == 1)
        runPrompt(withDemo: withDemo, directory: data, policy: appendfsync, dialect: dialect.dialect,
                  raw: raw ?? (isatty(1) == 0))
    }
}
