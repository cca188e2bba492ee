import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing

/// In the Redis 8 dialects a group read that waits has already created its consumer
/// (Redis 7.2 creates it first): the journal must keep that consumer even when the read
/// is never served, while the 7.0 dialect creates nothing and journals nothing.
@Suite("A waiting group read's consumer is journaled")
struct BlockedConsumerJournalTests {
    static func consumers(_ server: CommandServer) -> Int {
        guard let s = try? server.keyspace.stream(0, Array("s".utf8)), let g = s.group(named: Array("g".utf8)) else { return -1 }
        return g.consumers.count
    }

    @Test("a read that blocks and is never served leaves its consumer after a restart, in the 8 dialects only",
          arguments: [RedisDialect.redis7_0, .redis8_0, .redis8])
    func waitingReadsConsumerSurvives(_ dialect: RedisDialect) throws {
        let dir = TempDirectory()
        do {
            let server = CommandServer()
            server.keyspace.dialect = dialect
            let store = try DataStore(directory: dir.path, policy: .always, server: server)
            var session = CommandSession()
            _ = server.run(["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"], &session)
            let args = ["XREADGROUP", "GROUP", "g", "waiter", "BLOCK", "0", "STREAMS", "s", ">"].map { Array($0.utf8) }
            guard case .block = server.run(args, session: &session) else { Issue.record("the read did not wait"); return }
            #expect(Self.consumers(server) == (dialect == .redis7_0 ? 0 : 1))
            store.close()
        }
        let reopened = CommandServer()
        reopened.keyspace.dialect = dialect
        let store = try DataStore(directory: dir.path, server: reopened)
        defer { store.close() }
        #expect(Self.consumers(reopened) == (dialect == .redis7_0 ? 0 : 1), "\(dialect)")
    }
}
