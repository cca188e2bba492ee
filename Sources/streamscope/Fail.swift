import Foundation

/// Ends the process after a failure that parsing could not foresee (no terminal, a data
/// directory that does not open, ...): the message on stderr, exit status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("streamscope: \(message)\n".utf8))
    exit(2)
}
