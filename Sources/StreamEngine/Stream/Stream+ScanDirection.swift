extension Stream {
    /// Like `scan(from:to:_:)`, ascending or (`reverse`) descending: live entries in
    /// `start...end` with borrowed views of their fields, until `body` returns false.
    /// Allocates nothing per entry ascending; descending, one record list per node visited.
    /// - Complexity: O(log nodes + records visited)
    public func scan(from start: StreamID, to end: StreamID, reverse: Bool, _ body: (StreamID, EntryView) -> Bool) {
        forEachRecord(from: start, to: end, reverse: reverse) { node, r in
            node.withView(of: r) { body(r.id, $0) }
        }
    }
}
