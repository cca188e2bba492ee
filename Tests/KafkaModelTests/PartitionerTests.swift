import KafkaModel
import Testing

@Suite struct PartitionerTests {
    /// The vectors of Kafka's own `UtilsTest.testMurmur2`.
    @Test func murmur2MatchesKafkasUtilsTestVectors() {
        let cases: [(String, Int32)] = [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ]
        for (key, hash) in cases {
            #expect(KafkaPartitioner.murmur2(Array(key.utf8)) == hash, "murmur2(\(key))")
        }
    }

    @Test func partitionIsThePositiveHashModuloTheCount() {
        // toPositive(-790332482) = 1357151166, which is 6 mod 10 and 16 mod 50.
        #expect(KafkaPartitioner.toPositive(-790_332_482) == 1_357_151_166)
        #expect(KafkaPartitioner.partition(key: Array("foobar".utf8), count: 10) == 6)
        #expect(KafkaPartitioner.partition(key: Array("foobar".utf8), count: 50) == 16)
    }

    @Test func keyedRecordsLandWhereMurmur2SaysAndKeylessOnesGoRoundRobin() {
        var config = KafkaConfig()
        config.partitions = 4
        var model = KafkaModel(config: config)
        for k in ["o-1", "o-2", "o-3", "o-4", "o-5"] {
            let r = model.produce(key: k, label: k, at: 0)
            #expect(r.partition == KafkaPartitioner.partition(key: Array(k.utf8), count: 4))
        }
        let keyless = (0..<6).map { model.produce(key: nil, label: "x\($0)", at: 1).partition }
        #expect(keyless == [0, 1, 2, 3, 0, 1])
    }

    @Test func addingPartitionsMovesKeys() {
        var config = KafkaConfig()
        config.partitions = 3
        var model = KafkaModel(config: config)
        let keys = (1...40).map { "o-\($0)" }
        let before = keys.map { model.produce(key: $0, label: $0, at: 0).partition }
        model.addPartitions(3, at: 1)
        let after = keys.map { model.produce(key: $0, label: $0, at: 2).partition }
        #expect(after == keys.map { KafkaPartitioner.partition(key: Array($0.utf8), count: 6) })
        #expect(zip(before, after).contains { $0 != $1 })
    }
}
