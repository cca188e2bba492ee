/// One record in a partition's log.
public struct KafkaRecord: Sendable, Equatable {
    public var offset: Int64
    /// The record key as the partitioner hashed it (nil: no key).
    public var key: String?
    /// How sentences name it ("order o-17").
    public var label: String
    /// Append time (ms of model time).
    public var timestamp: UInt64
    /// Size counted towards segments and `retention.bytes`.
    public var bytes: Int64
    /// Every delivery of it fails (a poison message).
    public var poison: Bool
}

/// A log segment: records from `baseOffset` on; only whole, closed segments are deleted.
public struct KafkaSegment: Sendable, Equatable {
    public var baseOffset: Int64
    public var bytes: Int64
    public var createdAt: UInt64
    public var largestTimestamp: UInt64
}

/// One partition's log: its records from the log start offset, its segments (the last
/// is the active one), and the log end offset.
public struct KafkaPartitionLog: Sendable, Equatable {
    public internal(set) var records: [KafkaRecord] = []
    public internal(set) var logStartOffset: Int64 = 0
    public internal(set) var segments: [KafkaSegment] = []
    /// The next offset to be written.
    public var logEndOffset: Int64 { logStartOffset + Int64(records.count) }

    /// The record at `offset`, if still in the log. O(1).
    public func record(at offset: Int64) -> KafkaRecord? {
        let i = offset - logStartOffset
        return i >= 0 && i < Int64(records.count) ? records[Int(i)] : nil
    }

    /// Appends a record, rolling a new segment when the active one would pass
    /// `segment.bytes` or is older than `segment.ms`. Returns its offset. O(1).
    mutating func append(key: String?, label: String, bytes: Int64, poison: Bool, at now: UInt64, config: KafkaConfig) -> Int64 {
        let offset = logEndOffset
        if let last = segments.last, last.bytes > 0,
           last.bytes + bytes > config.segmentBytes || now >= last.createdAt + config.segmentMs {
            segments.append(KafkaSegment(baseOffset: offset, bytes: 0, createdAt: now, largestTimestamp: now))
        } else if segments.isEmpty {
            segments.append(KafkaSegment(baseOffset: offset, bytes: 0, createdAt: now, largestTimestamp: now))
        }
        segments[segments.count - 1].bytes += bytes
        segments[segments.count - 1].largestTimestamp = now
        records.append(KafkaRecord(offset: offset, key: key, label: label, timestamp: now, bytes: bytes, poison: poison))
        return offset
    }

    /// Deletes closed segments past `retention.ms` or beyond `retention.bytes`, oldest
    /// first, as the broker's retention check does (the active segment always stays).
    /// Returns how many records went. O(segments + records deleted).
    mutating func applyRetention(now: UInt64, config: KafkaConfig) -> Int {
        var total = segments.reduce(0) { $0 + $1.bytes }
        var dropTo = logStartOffset
        var dropped = 0
        while segments.count > 1 {
            let s = segments[0]
            let tooOld = config.retentionMs >= 0 && Int64(now) - Int64(s.largestTimestamp) > config.retentionMs
            let tooBig = config.retentionBytes >= 0 && total - s.bytes >= config.retentionBytes
            guard tooOld || tooBig else { break }
            total -= s.bytes
            segments.removeFirst()
            dropped += 1
            dropTo = segments[0].baseOffset
        }
        guard dropped > 0 else { return 0 }
        let n = Int(dropTo - logStartOffset)
        records.removeFirst(n)
        logStartOffset = dropTo
        return n
    }
}
