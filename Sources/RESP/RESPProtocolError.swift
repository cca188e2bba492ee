/// A malformed byte stream. For the request parser the message is Redis's exact
/// error reply text (without the leading `-`); the server sends it and closes the
/// connection.
public struct RESPProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The error text, e.g. `ERR Protocol error: invalid bulk length`.
    public let message: String
    /// The exact bytes Redis would send after `-`. Equal to `message.utf8` except
    /// for "expected '$', got 'X'" when X is a byte >= 0x80: Redis sends that raw
    /// byte, while `message` shows it as the Latin-1 character of the same value.
    public let replyBytes: [UInt8]

    /// Complexity: O(message length).
    public init(message: String) {
        self.message = message
        self.replyBytes = Array(message.utf8)
    }

    init(message: String, replyBytes: [UInt8]) {
        self.message = message
        self.replyBytes = replyBytes
    }

    public var description: String { message }

    /// Errors compare by `message` (which determines `replyBytes`). Complexity: O(length).
    public static func == (lhs: RESPProtocolError, rhs: RESPProtocolError) -> Bool {
        lhs.message == rhs.message
    }

    // MARK: Redis 7.0 request errors (networking.c)

    public static let invalidMultibulkLength = RESPProtocolError(message: "ERR Protocol error: invalid multibulk length")
    public static let invalidBulkLength = RESPProtocolError(message: "ERR Protocol error: invalid bulk length")
    public static let tooBigInlineRequest = RESPProtocolError(message: "ERR Protocol error: too big inline request")
    public static let tooBigMultibulkCountString = RESPProtocolError(message: "ERR Protocol error: too big mbulk count string")
    public static let tooBigBulkCountString = RESPProtocolError(message: "ERR Protocol error: too big bulk count string")
    public static let unbalancedQuotes = RESPProtocolError(message: "ERR Protocol error: unbalanced quotes in request")

    /// `ERR Protocol error: expected '$', got 'X'`. Like Redis's addReplyErrorFormat,
    /// a CR or LF in place of X becomes a space. Complexity: O(1).
    public static func expectedDollar(got byte: UInt8) -> RESPProtocolError {
        let shown: UInt8 = (byte == 13 || byte == 10) ? 32 : byte
        let prefix = "ERR Protocol error: expected '$', got '"
        var bytes = Array(prefix.utf8)
        bytes.append(shown)
        bytes.append(UInt8(ascii: "'"))
        let text = prefix + String(Character(Unicode.Scalar(shown))) + "'"
        return RESPProtocolError(message: text, replyBytes: bytes)
    }
}
