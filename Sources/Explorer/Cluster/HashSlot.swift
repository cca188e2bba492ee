/// Redis Cluster's hash slots: CRC16 (XMODEM: polynomial 0x1021, initial value 0) of the
/// key, modulo 16384. When the key holds a `{hashtag}` (a `{` followed, later, by a `}`
/// with at least one byte between them), only the bytes between the first `{` and the
/// first `}` after it are hashed, so `orders:{7}` and `{7}:audit` share a slot. These
/// are Redis's rules (cluster.c, `keyHashSlot`), byte for byte.
public enum HashSlot {
    /// The number of slots in a cluster.
    public static let count = 16384

    /// CRC16 of the bytes. - Complexity: O(n), one table look-up a byte.
    public static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for b in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ b)]
        }
        return crc
    }

    /// The bytes a key is hashed by: its hashtag if it has a non-empty one, else itself.
    /// - Complexity: O(key length)
    public static func hashedPart(_ key: [UInt8]) -> ArraySlice<UInt8> {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key[...] }
        guard let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1 else { return key[...] }
        return key[(open + 1)..<close]
    }

    /// The key's slot, 0..<16384. - Complexity: O(key length)
    public static func of(_ key: [UInt8]) -> Int {
        Int(crc16(hashedPart(key)) & 0x3FFF)
    }

    private static let table: [UInt16] = (0..<256).map { i in
        var c = UInt16(i) << 8
        for _ in 0..<8 { c = c & 0x8000 != 0 ? (c << 1) ^ 0x1021 : c << 1 }
        return c
    }
}
