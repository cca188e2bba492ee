import RESP
import StreamEngine

/// A stream key, group or consumer name as the data source holds it: bytes, whatever
/// they are. It is compared and sent as those bytes; only its `description` (what the
/// screen shows) escapes what is not printable UTF-8, so an action taken on a name
/// always reaches exactly that name.
public struct BinaryName: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// A name typed as text: its UTF-8 bytes.
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public init(stringLiteral text: String) { self.init(text) }

    /// The on-screen form (`BinaryText.display`). O(bytes).
    public var description: String { BinaryText.display(bytes) }

    public static func < (a: BinaryName, b: BinaryName) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// The name a user meant by `typed`: one of `known` whose on-screen form it is (so a
    /// name shown as `k\xff` is the bytes `k`, 0xFF), else the typed text's UTF-8 bytes.
    /// O(known × name length).
    public static func resolve(_ typed: String, among known: [BinaryName]) -> BinaryName {
        known.first { $0.description == typed } ?? BinaryName(typed)
    }

    /// The same for words already split into bytes (`Words.split`): the bytes of a known
    /// name, or of one whose on-screen form they spell; else the bytes themselves.
    public static func resolve(_ typed: [UInt8], among known: [BinaryName]) -> BinaryName {
        let text = String(decoding: typed, as: UTF8.self)
        return known.first { $0.bytes == typed } ?? known.first { $0.description == text } ?? BinaryName(typed)
    }
}

/// Something that stands for one or more words of a Redis command.
public protocol CommandWords {
    var commandWords: [[UInt8]] { get }
}

extension String: CommandWords { public var commandWords: [[UInt8]] { [Array(utf8)] } }
extension BinaryName: CommandWords { public var commandWords: [[UInt8]] { [bytes] } }
extension StreamID: CommandWords { public var commandWords: [[UInt8]] { [Array(description.utf8)] } }
extension Int: CommandWords { public var commandWords: [[UInt8]] { [Array(String(self).utf8)] } }
extension UInt64: CommandWords { public var commandWords: [[UInt8]] { [Array(String(self).utf8)] } }
extension Array: CommandWords where Element: CommandWords {
    public var commandWords: [[UInt8]] { flatMap(\.commandWords) }
}

/// A Redis command's arguments, built from names, IDs, numbers and words:
/// `Args.of("XACK", key, group, ids)`.
public enum Args {
    public static func of(_ parts: any CommandWords...) -> [[UInt8]] { parts.flatMap(\.commandWords) }
}
