extension StreamNode {
    /// Why this node's buffer cannot be trusted, or nil if it is well formed: the master
    /// fields and every record lie within the buffer, `masterFieldCount` and
    /// `entriesStart` match the master fields, IDs strictly increase up to `lastID`, and
    /// the live and deleted counters match the records. The rest of the engine reads a node without bounds checks, so a node from
    /// outside (a snapshot) is checked with this first.
    /// - Complexity: O(size of the buffer)
    func validationProblem() -> String? {
        var p = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while p < data.count, shift < 64 {
                let b = data[p]; p += 1
                value |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        /// Skips a length-prefixed string.
        func skipString() -> Bool {
            guard let n = varint(), n <= UInt64(data.count - p) else { return false }
            p += Int(n)
            return true
        }
        guard let fields = varint(), fields == UInt64(masterFieldCount) else { return "master field count does not match" }
        for _ in 0..<fields { guard skipString() else { return "master fields overrun the node" } }
        guard p == Int(entriesStart) else { return "records do not start after the master fields" }
        var live: Int32 = 0, deleted: Int32 = 0
        var previous: StreamID?
        while p < data.count {
            let flags = data[p]; p += 1
            guard flags & ~(StreamNode.flagDeleted | StreamNode.flagSameFields) == 0 else { return "unknown record flags \(flags)" }
            guard let msDelta = varint(), let seqDelta = varint() else { return "record ID overruns the node" }
            let id = StreamID(ms: masterID.ms &+ msDelta, seq: masterID.seq &+ UInt64(bitPattern: Varint.unzigzag(seqDelta)))
            if let previous, id <= previous { return "record \(id) not after \(previous)" }
            previous = id
            let strings: UInt64
            if flags & StreamNode.flagSameFields != 0 {
                strings = fields
            } else {
                guard let pairs = varint(), pairs <= UInt64(data.count) else { return "record field count overruns the node" }
                strings = pairs * 2
            }
            for _ in 0..<strings { guard skipString() else { return "record \(id) overruns the node" } }
            if flags & StreamNode.flagDeleted != 0 { deleted &+= 1 } else { live &+= 1 }
        }
        guard previous == lastID else { return "last record is not the node's last ID \(lastID)" }
        guard live == self.live, deleted == self.deleted else { return "counts \(self.live) live and \(self.deleted) deleted, holds \(live) and \(deleted)" }
        return nil
    }
}
