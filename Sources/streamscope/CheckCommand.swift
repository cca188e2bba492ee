import ArgumentParser

/// `streamscope check DIR [--repair]`: the options of the data directory check. The
/// check itself is `runCheck` (CheckMode.swift).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report what a data directory holds and whether it opens.",
        discussion: """
            Reads DIR without opening it for writing and says what it holds and what \
            is damaged. Exits 0 when the directory opens, 1 when it does not. With \
            --repair, the journal is cut at its first bad record (saying how much that \
            drops) and a damaged snapshot is set aside, so that the directory opens \
            again. Refused while another process has the directory open.
            """)

    @Argument(help: ArgumentHelp("The data directory, as given to --data.", valueName: "dir"),
              completion: .directory)
    var directory: String

    @Flag(help: "Cut the journal at its first bad record and set a damaged snapshot aside.")
    var repair = false

    func run() throws {
        runCheck(directory: directory, repair: repair)
    }
}
