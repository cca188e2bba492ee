/// Byte counts of Redis's listpack encoding, so that node boundaries fall exactly where
/// Redis puts them. Redis closes a node by its listpack size (`stream-node-max-bytes`);
/// `~` trimming removes whole nodes and XINFO reports node counts, so these sizes are
/// observable. The engine stores entries in its own, smaller encoding and only keeps the
/// number Redis would have.
enum ListpackSize {
    /// An empty listpack: a six-byte header and the end byte.
    static let empty = 7

    /// The encoded size of an integer element, with its one-byte back length.
    @inline(__always)
    static func integer(_ v: Int64) -> Int {
        if v >= 0 && v <= 127 { return 2 }
        if v >= -4096 && v <= 4095 { return 3 }
        if v >= -32768 && v <= 32767 { return 4 }
        if v >= -8_388_608 && v <= 8_388_607 { return 5 }
        if v >= Int64(Int32.min) && v <= Int64(Int32.max) { return 6 }
        return 10
    }

    /// The encoded size of a string element; strings that read as canonical integers are
    /// stored as integers, as listpack does.
    @inline(__always)
    static func element<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        let n = bytes.count
        if n <= 20, let v = StreamIDParser.parseStrictInt64(bytes) { return integer(v) }
        let header = n < 64 ? 1 : (n < 4096 ? 2 : 5)
        let encoded = header + n
        return encoded + backLength(encoded)
    }

    @inline(__always)
    static func backLength(_ l: Int) -> Int {
        if l <= 127 { return 1 }
        if l < 16383 { return 2 }
        if l < 2_097_151 { return 3 }
        if l < 268_435_455 { return 4 }
        return 5
    }
}
