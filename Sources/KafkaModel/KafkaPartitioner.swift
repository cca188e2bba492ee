/// Where Kafka's producer puts a record: the default partitioner's rule for a keyed
/// record is `toPositive(murmur2(keyBytes)) % numPartitions` (Kafka's `Utils.murmur2`,
/// `Utils.toPositive` and `BuiltInPartitioner.partitionForKey`), reproduced here bit
/// for bit, with Java's 32-bit wrapping arithmetic and signed result.
///
/// A record without a key is not hashed. Kafka's producer (since 3.3, KIP-794) fills a
/// batch for one partition and then moves on ("uniform sticky"); the model spreads
/// keyless records one partition after the other (round-robin), which is what that
/// amounts to over many batches, and says so on screen.
public enum KafkaPartitioner {
    /// Kafka's murmur2 (seed 0x9747b28c), as a signed 32-bit value like Java's `int`.
    /// O(bytes).
    public static func murmur2(_ data: [UInt8]) -> Int32 {
        let length = data.count
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        let whole = length / 4
        for i in 0..<whole {
            let b = i * 4
            var k = UInt32(data[b]) | UInt32(data[b + 1]) << 8 | UInt32(data[b + 2]) << 16 | UInt32(data[b + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = length & ~3
        // Java's switch falls through from 3 to 2 to 1.
        let rest = length % 4
        if rest >= 3 { h ^= UInt32(data[tail + 2]) << 16 }
        if rest >= 2 { h ^= UInt32(data[tail + 1]) << 8 }
        if rest >= 1 {
            h ^= UInt32(data[tail])
            h = h &* m
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Kafka's `Utils.toPositive`: the sign bit cleared (not the absolute value).
    public static func toPositive(_ n: Int32) -> Int32 { n & 0x7fff_ffff }

    /// The partition of a keyed record among `count` partitions. O(key bytes).
    public static func partition(key: [UInt8], count: Int) -> Int {
        precondition(count > 0, "a topic has at least one partition")
        return Int(toPositive(murmur2(key))) % count
    }
}
