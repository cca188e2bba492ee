/// An ordered map from stream IDs to values: a B+ tree whose leaves hold sorted keys and
/// values side by side. Pending entries lists use it, one per group and one per consumer.
///
/// Inserting past the largest key (the common case: deliveries arrive in ID order) fills
/// leaves completely instead of splitting them in half, so a PEL built in order uses
/// close to the bytes of its keys and values. Removal deletes empty nodes but does not
/// merge thin ones; the height stays bounded by the largest size the tree ever had.
public struct StreamIDMap<Value> {
    @usableFromInline
    final class Node {
        var keys: [StreamID]
        /// Leaves only.
        var values: [Value]
        /// Internal nodes only: `children[i]` holds keys `>= keys[i-1]` and `< keys[i]`.
        var children: [Node]
        var isLeaf: Bool { children.isEmpty }

        init(leafKeys: [StreamID], values: [Value]) {
            self.keys = leafKeys
            self.values = values
            self.children = []
        }

        init(separators: [StreamID], children: [Node]) {
            self.keys = separators
            self.values = []
            self.children = children
        }
    }

    static var leafCapacity: Int { 64 }
    static var branchCapacity: Int { 64 }

    @usableFromInline var root: Node?
    public private(set) var count: Int = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    // MARK: Lookup

    /// The value stored at `key`. - Complexity: O(log n)
    public func value(for key: StreamID) -> Value? {
        guard var node = root else { return nil }
        while !node.isLeaf { node = node.children[Self.childIndex(node.keys, key)] }
        let i = Self.lowerBound(node.keys, key)
        return i < node.keys.count && node.keys[i] == key ? node.values[i] : nil
    }

    public func contains(_ key: StreamID) -> Bool { value(for: key) != nil }

    /// The smallest key. - Complexity: O(log n)
    public var first: (key: StreamID, value: Value)? {
        guard var node = root else { return nil }
        while !node.isLeaf { node = node.children[0] }
        return node.keys.isEmpty ? nil : (node.keys[0], node.values[0])
    }

    /// The largest key. - Complexity: O(log n)
    public var last: (key: StreamID, value: Value)? {
        guard var node = root else { return nil }
        while !node.isLeaf { node = node.children[node.children.count - 1] }
        return node.keys.isEmpty ? nil : (node.keys[node.keys.count - 1], node.values[node.values.count - 1])
    }

    // MARK: Iteration

    /// Calls `body` for each key `>= start` in ascending order until it returns false.
    /// - Complexity: O(log n + k) for k keys visited.
    public func forEach(from start: StreamID = .zero, _ body: (StreamID, Value) throws -> Bool) rethrows {
        guard let root else { return }
        _ = try Self.visit(root, from: start, body)
    }

    private static func visit(_ node: Node, from start: StreamID, _ body: (StreamID, Value) throws -> Bool) rethrows -> Bool {
        if node.isLeaf {
            var i = lowerBound(node.keys, start)
            while i < node.keys.count {
                if try !body(node.keys[i], node.values[i]) { return false }
                i += 1
            }
            return true
        }
        var c = childIndex(node.keys, start)
        while c < node.children.count {
            if try !visit(node.children[c], from: start, body) { return false }
            c += 1
        }
        return true
    }

    /// All keys in order. - Complexity: O(n)
    public var keys: [StreamID] {
        var out: [StreamID] = []
        out.reserveCapacity(count)
        forEach { k, _ in out.append(k); return true }
        return out
    }

    // MARK: Mutation

    /// Stores `value` at `key`, returning the value it replaced. - Complexity: O(log n)
    @discardableResult
    public mutating func updateValue(_ value: Value, for key: StreamID) -> Value? {
        guard let root else {
            var keys = [StreamID](); keys.reserveCapacity(Self.leafCapacity); keys.append(key)
            var values = [Value](); values.reserveCapacity(Self.leafCapacity); values.append(value)
            self.root = Node(leafKeys: keys, values: values)
            count = 1
            return nil
        }
        var replaced: Value? = nil
        if let (separator, sibling) = Self.insert(value, key, into: root, replaced: &replaced) {
            self.root = Node(separators: [separator], children: [root, sibling])
        }
        if replaced == nil { count += 1 }
        return replaced
    }

    /// Changes the value at `key` in place, if present. - Complexity: O(log n)
    @discardableResult
    public mutating func modify(_ key: StreamID, _ body: (inout Value) -> Void) -> Bool {
        guard var node = root else { return false }
        while !node.isLeaf { node = node.children[Self.childIndex(node.keys, key)] }
        let i = Self.lowerBound(node.keys, key)
        guard i < node.keys.count && node.keys[i] == key else { return false }
        body(&node.values[i])
        return true
    }

    /// Inserts into the subtree; returns a new right sibling and its first key on a split.
    private static func insert(_ value: Value, _ key: StreamID, into node: Node, replaced: inout Value?) -> (StreamID, Node)? {
        if node.isLeaf {
            let i = lowerBound(node.keys, key)
            if i < node.keys.count && node.keys[i] == key {
                replaced = node.values[i]
                node.values[i] = value
                return nil
            }
            if node.keys.count < leafCapacity {
                node.keys.insert(key, at: i)
                node.values.insert(value, at: i)
                return nil
            }
            // Full: appending at the end starts a new leaf; otherwise split in half.
            let cut = i == node.keys.count ? node.keys.count : node.keys.count / 2
            var rightKeys = [StreamID](); rightKeys.reserveCapacity(leafCapacity)
            var rightValues = [Value](); rightValues.reserveCapacity(leafCapacity)
            rightKeys.append(contentsOf: node.keys[cut...])
            rightValues.append(contentsOf: node.values[cut...])
            node.keys.removeSubrange(cut...)
            node.values.removeSubrange(cut...)
            if i >= cut {
                rightKeys.insert(key, at: i - cut)
                rightValues.insert(value, at: i - cut)
            } else {
                node.keys.insert(key, at: i)
                node.values.insert(value, at: i)
            }
            return (rightKeys[0], Node(leafKeys: rightKeys, values: rightValues))
        }
        let c = childIndex(node.keys, key)
        guard let (separator, sibling) = insert(value, key, into: node.children[c], replaced: &replaced) else { return nil }
        node.keys.insert(separator, at: c)
        node.children.insert(sibling, at: c + 1)
        guard node.children.count > branchCapacity else { return nil }
        let appending = c + 1 == node.children.count - 1
        let mid = appending ? node.keys.count - 1 : node.keys.count / 2
        let up = node.keys[mid]
        let right = Node(separators: Array(node.keys[(mid + 1)...]), children: Array(node.children[(mid + 1)...]))
        node.keys.removeSubrange(mid...)
        node.children.removeSubrange((mid + 1)...)
        return (up, right)
    }

    /// Removes `key`, returning its value. - Complexity: O(log n)
    @discardableResult
    public mutating func removeValue(for key: StreamID) -> Value? {
        guard let root else { return nil }
        guard let removed = Self.remove(key, from: root) else { return nil }
        count -= 1
        if count == 0 {
            self.root = nil
        } else {
            var top = root
            while !top.isLeaf && top.children.count == 1 { top = top.children[0] }
            self.root = top
        }
        return removed
    }

    private static func remove(_ key: StreamID, from node: Node) -> Value? {
        if node.isLeaf {
            let i = lowerBound(node.keys, key)
            guard i < node.keys.count && node.keys[i] == key else { return nil }
            node.keys.remove(at: i)
            return node.values.remove(at: i)
        }
        let c = childIndex(node.keys, key)
        let child = node.children[c]
        guard let removed = remove(key, from: child) else { return nil }
        if child.isLeaf ? child.keys.isEmpty : child.children.isEmpty {
            node.children.remove(at: c)
            if !node.keys.isEmpty { node.keys.remove(at: c == 0 ? 0 : c - 1) }
        }
        return removed
    }

    public mutating func removeAll() {
        root = nil
        count = 0
    }

    // MARK: Search helpers

    /// First index whose key is `>= key`.
    @inline(__always)
    static func lowerBound(_ keys: [StreamID], _ key: StreamID) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The child of an internal node that may hold `key`.
    @inline(__always)
    static func childIndex(_ separators: [StreamID], _ key: StreamID) -> Int {
        var lo = 0, hi = separators.count
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if separators[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
