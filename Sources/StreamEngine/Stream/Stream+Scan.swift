/// A borrowed view of one entry's fields during a scan: valid only inside the scan's
/// closure, it reads field and value bytes straight out of the packed node.
public struct EntryView {
    let buffer: UnsafeBufferPointer<UInt8>
    let bodyOffset: Int
    let sameFields: Bool
    let masterFieldsOffset: Int
    let masterFieldCount: Int

    /// The fields and values, copied out, flattened. - Complexity: O(size of the entry)
    public var pairs: [[UInt8]] {
        var out: [[UInt8]] = []
        forEachPair { field, value in
            out.append(Array(field))
            out.append(Array(value))
        }
        return out
    }

    /// Calls `body` with each field and value, in order, without copying.
    /// - Complexity: O(fields)
    public func forEachPair(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        var p = bodyOffset
        if sameFields {
            var m = masterFieldsOffset
            _ = Varint.read(buffer, &m)
            for _ in 0..<masterFieldCount {
                let fl = Int(Varint.read(buffer, &m))
                let field = UnsafeBufferPointer(rebasing: buffer[m..<(m + fl)]); m += fl
                let vl = Int(Varint.read(buffer, &p))
                body(field, UnsafeBufferPointer(rebasing: buffer[p..<(p + vl)])); p += vl
            }
        } else {
            let n = Int(Varint.read(buffer, &p))
            for _ in 0..<n {
                let fl = Int(Varint.read(buffer, &p))
                let field = UnsafeBufferPointer(rebasing: buffer[p..<(p + fl)]); p += fl
                let vl = Int(Varint.read(buffer, &p))
                body(field, UnsafeBufferPointer(rebasing: buffer[p..<(p + vl)])); p += vl
            }
        }
    }
}

extension Stream {
    /// Visits live entries in `start...end` in ID order, handing each a borrowed view of
    /// its fields, until `body` returns false. Allocates nothing per entry.
    /// - Complexity: O(log nodes + entries visited)
    public func scan(from start: StreamID = .zero, to end: StreamID = .max, _ body: (StreamID, EntryView) -> Bool) {
        guard start <= end, !nodes.isEmpty else { return }
        var n = nodeIndex(atOrBefore: start) ?? 0
        while n < nodes.count {
            let node = nodes[n]
            if node.masterID > end { return }
            if node.lastID >= start {
                let keepGoing = node.data.withUnsafeBufferPointer { buf -> Bool in
                    var stop = false
                    node.scan { r in
                        if r.id > end { stop = true; return false }
                        guard r.id >= start && !r.isDeleted else { return true }
                        if !body(r.id, node.view(of: r, in: buf)) { stop = true; return false }
                        return true
                    }
                    return !stop
                }
                if !keepGoing { return }
            }
            n += 1
        }
    }
}

extension StreamNode {
    /// A view of one of this node's records, over `buf` (this node's `data`). O(1).
    func view(of r: Record, in buf: UnsafeBufferPointer<UInt8>) -> EntryView {
        EntryView(buffer: buf, bodyOffset: r.bodyOffset, sameFields: r.flags & StreamNode.flagSameFields != 0,
                  masterFieldsOffset: 0, masterFieldCount: Int(masterFieldCount))
    }

    /// Calls `body` with a borrowed view of one of this node's records. O(1).
    func withView<R>(of r: Record, _ body: (EntryView) -> R) -> R {
        data.withUnsafeBufferPointer { body(view(of: r, in: $0)) }
    }
}
