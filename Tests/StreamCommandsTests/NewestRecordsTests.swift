import RESP
import StreamCommands
import StreamEngine
import Testing

/// The records of what Redis 8.6 through 8.10 added: COMMAND INFO and COMMAND DOCS per
/// dialect, and what the journal, WATCH and read-only filtering read from the flags.
@Suite("Records of the Redis 8.6 to 8.10 commands and options")
struct NewestRecordsTests {
    /// The argument names of a COMMAND DOCS tree, top level only.
    func argumentNames(_ dialect: RedisDialect, _ command: String) -> [String]? {
        guard case .map(let docs) = CommandServer.docsReply([command], dialect: dialect), case .map(let doc)? = docs.first?.1,
              case .array(let args)? = doc.first(where: { $0.0 == .bulk("arguments") })?.1 else { return nil }
        return args.compactMap { a in
            guard case .map(let f) = a, case .bulkString(let n)? = f.first(where: { $0.0 == .bulk("name") })?.1 else { return nil }
            return String(decoding: n, as: UTF8.self)
        }
    }

    func since(_ dialect: RedisDialect, _ command: String) -> String? {
        guard case .map(let docs) = CommandServer.docsReply([command], dialect: dialect), case .map(let doc)? = docs.first?.1,
              case .bulkString(let s)? = doc.first(where: { $0.0 == .bulk("since") })?.1 else { return nil }
        return String(decoding: s, as: UTF8.self)
    }

    @Test("XCFGSET and XNACK: the records the pages give, journaled writes, not read-only, documented")
    func newCommands() {
        for (name, arity) in [("xcfgset", -2), ("xnack", -7)] {
            guard let record = CommandServer.record(named: name, in: .redis8) else { Issue.record("no \(name)"); continue }
            #expect(record.arity == arity)
            #expect(record.flags == [.write, .fast])
            #expect(record.categories == ["write", "stream", "fast"])
            #expect(record.keys == KeyPositions(first: 1, last: 1, step: 1))
            #expect(record.journaled)
            #expect(!record.isReadOnly)
            #expect(CommandServer.record(named: name, in: .redis8_0) == nil)
        }
        #expect(!CommandServer.isReadOnly(CommandRecordTests.bytes(["XNACK", "s", "g", "FAIL", "IDS", "1", "1-0"])))
        #expect(CommandServer.mayChangeData(CommandRecordTests.bytes(["XCFGSET", "s", "IDMP-MAXSIZE", "5"])))
        #expect(since(.redis8, "xcfgset") == "8.6.0")
        #expect(since(.redis8, "xnack") == "8.8.0")
        #expect(argumentNames(.redis8, "xnack") == ["key", "group", "mode", "ids", "count", "force"])
        #expect(argumentNames(.redis8, "xcfgset") == ["key", "idmp-duration", "idmp-maxsize"])
    }

    @Test("COMMAND DOCS shows the newer options only in the newest dialect")
    func newerOptions() {
        let newest = RedisDialect.redis8, old = RedisDialect.redis8_0
        #expect(argumentNames(newest, "xadd") == ["key", "nomkstream", "condition", "idmp", "trim", "id_or_auto", "field_value"])
        #expect(argumentNames(old, "xadd") == ["key", "nomkstream", "trim", "id_or_auto", "field_value"])
        #expect(argumentNames(newest, "xtrim") == ["key", "trim", "condition"])
        #expect(argumentNames(newest, "xread") == ["count", "maxcount", "maxsize", "milliseconds", "streams"])
        #expect(argumentNames(newest, "xreadgroup") == ["group_consumer", "count", "maxcount", "maxsize", "milliseconds", "min-idle-time", "noack", "streams"])
        #expect(argumentNames(old, "xreadgroup") == ["group_consumer", "count", "milliseconds", "noack", "streams"])
        #expect(CommandServer.docsReply(["xnack", "xcfgset"], dialect: old) == .map([]))
    }
}
