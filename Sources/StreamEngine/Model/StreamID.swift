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

    /// The `ms-seq` text as bytes, as replies carry it.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(24)
        Self.appendDecimal(ms, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendDecimal(seq, to: &out)
        return out
    }

    @inlinable
    static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(truncatingIfNeeded: value) &+ 48); return }
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while v > 0 {
                raw[31 - count] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
                count += 1
            }
            out.append(contentsOf: raw[(32 - count)...])
        }
    }
}
