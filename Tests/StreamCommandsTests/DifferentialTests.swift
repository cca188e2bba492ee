import Foundation
import RESP
import StreamCommands
import StreamEngine
import TestSupport
import Testing

/// Our replies against redis-server's, byte for byte after masking clock readings: the
/// 7.0 dialect against 7.0.15, the Redis 8 dialect against 8.0.
/// Each test starts its own redis-server on a free loopback port; a missing
/// redis-server fails the test (never skips).
@Suite("Differential against redis-server", .serialized)
struct DifferentialTests {
    static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
    }

    static var scriptNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scriptsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".redis") }.sorted()
    }

    /// Each dialect of the engine with the live server that is its oracle.
    enum Oracle: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case redis7_0 = "7.0 dialect against redis-server 7.0.15"
        case redis8_0 = "8.0 dialect against redis-server 8.0"

        var server: RedisOracle.Server { self == .redis7_0 ? .redis7_0 : .redis8_0 }
        var dialect: RedisDialect { self == .redis7_0 ? .redis7_0 : .redis8_0 }
        var versionPrefix: String { self == .redis7_0 ? "7.0." : "8.0." }
        var testDescription: String { rawValue }
    }

    @Test("each oracle is the Redis it stands for", arguments: Oracle.allCases)
    func oracleVersions(_ oracle: Oracle) throws {
        let redis = try RedisOracle(server: oracle.server)
        defer { redis.stop() }
        #expect(try redis.version().hasPrefix(oracle.versionPrefix))
    }

    @Test("scripted sequences match redis-server", arguments: Oracle.allCases, DifferentialTests.scriptNames)
    func script(_ oracle: Oracle, _ name: String) throws {
        let redis = try RedisOracle(server: oracle.server)
        defer { redis.stop() }
        let differ = Differ(redis: redis.main, dialect: oracle.dialect)
        try differ.reset()
        let text = try String(contentsOf: Self.scriptsDirectory.appendingPathComponent(name), encoding: .utf8)
        let lines = ScriptReader.parse(text)
        #expect(lines.count > 5, "script \(name) is too short to mean anything")
        for line in lines {
            switch line {
            case .reset(let entries, let bytes): try differ.reset(nodeMaxEntries: entries, nodeMaxBytes: bytes)
            case .command(let args): try differ.run(args)
            }
            try checkInvariants(differ)
        }
        for m in differ.mismatches.prefix(5) { Issue.record("\(name):\n\(m)") }
        #expect(differ.mismatches.isEmpty)
    }

    /// How many seeded random sequences to run (STREAMSCOPE_DIFF_SEQUENCES overrides).
    static var sequenceCount: Int {
        Int(ProcessInfo.processInfo.environment["STREAMSCOPE_DIFF_SEQUENCES"] ?? "") ?? 3000
    }

    @Test("seeded random sequences match redis-server", arguments: Oracle.allCases)
    func randomSequences(_ oracle: Oracle) throws {
        let redis = try RedisOracle(server: oracle.server)
        defer { redis.stop() }
        let differ = Differ(redis: redis.main, dialect: oracle.dialect)
        var failures: [String] = []
        let firstSeed = UInt64(ProcessInfo.processInfo.environment["STREAMSCOPE_DIFF_SEED"] ?? "") ?? 1
        for seed in firstSeed..<(firstSeed + UInt64(Self.sequenceCount)) {
            var gen = CommandGenerator(seed: seed)
            let entries = gen.pick([1, 2, 3, 5, 10, 100])
            let bytes = gen.pick([0, 60, 120, 300, 4096])
            try differ.reset(nodeMaxEntries: entries, nodeMaxBytes: bytes)
            let before = differ.mismatches.count
            for _ in 0..<gen.int(10...60) {
                try differ.run(gen.next())
                try checkInvariants(differ)
                if differ.mismatches.count > before { break }
            }
            if differ.mismatches.count > before {
                failures.append("seed \(seed) (entries \(entries), bytes \(bytes)):\n\(differ.mismatches.last!)")
                if failures.count >= 5 { break }
            }
        }
        for f in failures { Issue.record(Comment(rawValue: f)) }
        #expect(failures.isEmpty)
        #expect(differ.commandsRun > Self.sequenceCount * 10 || !failures.isEmpty)
    }

    /// After every command: the engine's structural invariants hold for every stream,
    /// and last IDs and entries-added never go backwards.
    func checkInvariants(_ differ: Differ) throws {
        let ks = differ.ours.keyspace
        for (db, database) in ks.databases.enumerated() {
            for (key, value) in database.values {
                guard case .stream(let s) = value else { continue }
                var problems = s.invariantViolations(config: ks.config)
                let tag = ObjectIdentifier(s)
                if let (_, lastID, added) = differ.monotonic[tag], differ.lastCommand != "XSETID" {
                    if s.lastID < lastID { problems.append("last ID went back from \(lastID) to \(s.lastID)") }
                    if s.entriesAdded < added { problems.append("entries-added went back from \(added) to \(s.entriesAdded)") }
                }
                differ.monotonic[tag] = (s, s.lastID, s.entriesAdded)
                if !problems.isEmpty {
                    Issue.record("db \(db) key \(String(decoding: key, as: UTF8.self)): \(problems.joined(separator: "; "))\n\(differ.transcript.suffix(5).joined(separator: "\n"))")
                }
            }
        }
    }
}
