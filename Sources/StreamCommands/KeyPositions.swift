/// Where a command's keys are in its arguments, as COMMAND INFO's first key, last key
/// and step give them (Redis's legacy range, derived from the key specs): argument
/// indexes, `last` -1 for "to the end". All zero for commands without keys or whose
/// keys move (`movablekeys`).
public struct KeyPositions: Sendable, Equatable {
    public let first: Int
    public let last: Int
    public let step: Int

    public init(first: Int, last: Int, step: Int) {
        self.first = first
        self.last = last
        self.step = step
    }

    /// No key at a fixed position.
    public static let none = KeyPositions(first: 0, last: 0, step: 0)
    /// The keys of `args` at these positions. O(keys).
    public func keys(in args: [[UInt8]]) -> ArraySlice<[UInt8]> {
        guard first > 0, first < args.count else { return [] }
        let end = last < 0 ? args.count + last : min(last, args.count - 1)
        guard end >= first else { return [] }
        if step == 1 { return args[first...end] }
        return ArraySlice(stride(from: first, through: end, by: step).map { args[$0] })
    }
}
