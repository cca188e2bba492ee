/// A stream entry ID: milliseconds and a sequence number, ordered as a 128-bit number.
public struct StreamID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ms: UInt64
    public var seq: UInt64

    @inlinable
    public init(ms: UInt64, seq: UInt64) {
        self.ms = ms
        self.seq = seq
    }

    /// `0-0`: smaller than every valid entry ID.
    public static let zero = StreamID(ms: 0, seq: 0)
    /// `18446744073709551615-18446744073709551615`.
    public static let max = StreamID(ms: .max, seq: .max)

    @inlinable
    public static func < (a: StreamID, b: StreamID) -> Bool {
        a.ms != b.ms ? a.ms < b.ms : a.seq < b.seq
    }

    @inlinable
    public var isZero: Bool { ms == 0 && seq == 0 }

    /// The next ID in order, or nil past the maximum (Redis's `streamIncrID`).
    public func incremented() -> StreamID? {
        if seq == .max {
            if ms == .max { return nil }
            return StreamID(ms: ms + 1, seq: 0)
        }
        return StreamID(ms: ms, seq: seq + 1)
    }

    /// The previous ID in order, or nil before `0-0` (Redis's `streamDecrID`).
    public func decremented() -> StreamID? {
        if seq == 0 {
            if ms == 0 { return nil }
            return StreamID(ms: ms - 1, seq: .max)
        }
        return StreamID(ms: ms, seq: seq - 1)
    }

    public var description: String { "\(ms)-\(seq)" }

    /// The `ms-seq` text as bytes, as replies carry it: formatted on the stack, then
    /// copied once. O(digits), one allocation.
    public var bytes: [UInt8] {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &storage) { raw in
            let buf = raw.bindMemory(to: UInt8.self)
            var i = 41
            Self.writeDecimal(seq, endingAt: &i, in: buf)
            i -= 1
            buf[i] = UInt8(ascii: "-")
            Self.writeDecimal(ms, endingAt: &i, in: buf)
            return Array(UnsafeBufferPointer(rebasing: buf[i..<41]))
        }
    }

    /// Writes `value`'s digits, two per division, so that they end just before `end`,
    /// moving `end` to the first digit. The caller leaves 20 bytes of room. O(digits).
    /// Public for the reply writers, which format IDs and lengths in place.
    @inline(__always)
    public static func writeDecimal(_ value: UInt64, endingAt end: inout Int, in buf: UnsafeMutableBufferPointer<UInt8>) {
        var v = value
        while v >= 100 {
            let (q, r) = v.quotientAndRemainder(dividingBy: 100)
            end -= 2
            buf[end] = UInt8(truncatingIfNeeded: r / 10) &+ 48
            buf[end + 1] = UInt8(truncatingIfNeeded: r % 10) &+ 48
            v = q
        }
        if v >= 10 {
            end -= 2
            buf[end] = UInt8(truncatingIfNeeded: v / 10) &+ 48
            buf[end + 1] = UInt8(truncatingIfNeeded: v % 10) &+ 48
        } else {
            end -= 1
            buf[end] = UInt8(truncatingIfNeeded: v) &+ 48
        }
    }
}
