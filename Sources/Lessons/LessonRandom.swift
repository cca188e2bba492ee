/// SplitMix64, seeded: the lessons' only source of chance, so a lesson and a seed give
/// the same run every time. A value type, so a snapshot of the simulation copies it.
/// O(1) per number.
struct LessonRandom: RandomNumberGenerator, Sendable {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `low...high` (low ≤ high) without the modulo bias mattering here.
    mutating func integer(_ low: Int, _ high: Int) -> Int {
        low + Int(next() % UInt64(high - low + 1))
    }
}
