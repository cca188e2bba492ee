/// A fuzzer's input read front to back as a stream of choices. When the bytes run out
/// every choice reads as zero and `isExhausted` turns true, so a harness decodes any
/// input, however short, without special cases.
public struct FuzzInput {
    public let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    public var isExhausted: Bool { position >= bytes.count }

    /// The next byte, or 0 past the end. - Complexity: O(1)
    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A number in `0..<bound` from the next byte (`bound` at most 256). - Complexity: O(1)
    public mutating func below(_ bound: Int) -> Int { Int(byte()) % max(1, bound) }

    /// A little-endian 16-bit number. - Complexity: O(1)
    public mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }

    /// One of `choices`, chosen by the next byte. - Complexity: O(1)
    public mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// Up to `count` next bytes (fewer at the end). - Complexity: O(count)
    public mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, position + max(0, count))
        defer { position = max(position, end) }
        return position < end ? Array(bytes[position..<end]) : []
    }

    /// Everything not yet read. - Complexity: O(remaining bytes)
    public mutating func rest() -> [UInt8] { take(bytes.count - position) }
}
