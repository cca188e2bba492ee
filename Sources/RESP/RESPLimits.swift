/// Size limits the server-side `RESPRequestParser` enforces, named after Redis's.
///
/// The defaults are Redis 7.0's: `proto-max-bulk-len` (512 MB), the multibulk
/// count check (`ll > INT_MAX`, measured against redis-server 7.0.15, which accepts
/// `*1048577` and `*2147483647` but rejects `*2147483648`), and
/// `PROTO_INLINE_MAX_SIZE` (64 KB), which bounds both an inline line and an
/// unterminated `*`/`$` count line.
public struct RESPLimits: Sendable, Hashable {
    /// Largest accepted `$<n>`; a larger `n` is "invalid bulk length".
    public var maxBulkLength: Int
    /// Largest accepted `*<n>`; a larger `n` is "invalid multibulk length".
    public var maxMultibulkLength: Int
    /// Most bytes buffered without finding the line terminator before the
    /// request is rejected (strictly more than this is an error).
    public var maxInlineLength: Int

    /// Redis 7.0's limits. Complexity: O(1).
    public init(
        maxBulkLength: Int = 512 * 1024 * 1024,
        maxMultibulkLength: Int = Int(Int32.max),
        maxInlineLength: Int = 64 * 1024
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxMultibulkLength = maxMultibulkLength
        self.maxInlineLength = maxInlineLength
    }
}
