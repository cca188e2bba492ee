/// One of a command's key specs, as Redis 7.0 declares them (`key_specs` in
/// `src/commands/*.json`) and COMMAND INFO reports them: how to find a run of keys in
/// the arguments and what the command does to them.
public struct KeySpec: Sendable, Equatable {
    /// Where the search starts.
    public enum BeginSearch: Sendable, Equatable {
        /// At a fixed argument index.
        case index(Int)
        /// After the last occurrence of `keyword`, searching from `startFrom`.
        case keyword(String, startFrom: Int)
    }

    /// Key flags in Redis's order (`RW`, `access`, `update`, ...).
    public let flags: [String]
    /// Redis's note on the spec, if it has one.
    public let notes: String?
    public let begin: BeginSearch
    /// `find_keys` of type range: the last key relative to the first (negative: from
    /// the end), the step between keys, and `limit` (keys are 1/limit of the rest).
    public let lastKey: Int
    public let keyStep: Int
    public let limit: Int

    /// Keys from argument `index` to `index + last` (`last` negative: from the end),
    /// one step apart. `flags` separated by spaces, as in Redis's reply.
    public init(_ flags: String, at index: Int, last: Int = 0, notes: String? = nil) {
        self.flags = flags.split(separator: " ").map(String.init)
        self.notes = notes
        self.begin = .index(index)
        self.lastKey = last
        self.keyStep = 1
        self.limit = 0
    }

    /// Keys after `keyword` (XREAD's STREAMS), searched from argument `from`.
    public init(_ flags: String, keyword: String, from: Int, last: Int, step: Int = 1, limit: Int, notes: String? = nil) {
        self.flags = flags.split(separator: " ").map(String.init)
        self.notes = notes
        self.begin = .keyword(keyword, startFrom: from)
        self.lastKey = last
        self.keyStep = step
        self.limit = limit
    }

    /// The same spec with a note and one more flag (Redis 8.0 marks XREAD's and
    /// XREADGROUP's STREAMS search `incomplete`, with a note saying why). O(flags).
    public func annotated(notes: String, addingFlag flag: String) -> KeySpec {
        KeySpec(flags: flags + [flag], notes: notes, begin: begin, lastKey: lastKey, keyStep: keyStep, limit: limit)
    }

    private init(flags: [String], notes: String?, begin: BeginSearch, lastKey: Int, keyStep: Int, limit: Int) {
        self.flags = flags
        self.notes = notes
        self.begin = begin
        self.lastKey = lastKey
        self.keyStep = keyStep
        self.limit = limit
    }
}

extension KeyPositions {
    /// The legacy first key, last key and step that Redis derives from key specs
    /// (`populateCommandLegacyRangeSpec`), and whether the keys move (`movablekeys`):
    /// consecutive index specs of step 1 merge into one range; a keyword spec, another
    /// step, a gap or an `incomplete` spec makes the keys movable. O(specs).
    static func derived(from specs: [KeySpec]) -> (KeyPositions, movable: Bool) {
        guard !specs.isEmpty else { return (.none, false) }
        if specs.count == 1, case .index(let index) = specs[0].begin {
            let s = specs[0]
            return (KeyPositions(first: index, last: s.lastKey >= 0 ? index + s.lastKey : s.lastKey, step: s.keyStep),
                    s.flags.contains("incomplete"))
        }
        var first = Int.max, last = 0, previousLast = 0
        var movable = false
        for s in specs {
            guard case .index(let index) = s.begin, s.keyStep == 1, previousLast == 0 || previousLast == index - 1 else {
                movable = true
                continue
            }
            if s.flags.contains("incomplete") { movable = true }
            first = min(first, index)
            let absoluteLast = s.lastKey >= 0 ? s.lastKey + index : s.lastKey
            // Redis compares unsigned, so "to the end" (negative) wins over any index.
            last = UInt(bitPattern: absoluteLast) > UInt(bitPattern: last) ? absoluteLast : last
            previousLast = last
        }
        guard first != Int.max else { return (.none, true) }
        return (KeyPositions(first: first, last: last, step: 1), movable)
    }
}
