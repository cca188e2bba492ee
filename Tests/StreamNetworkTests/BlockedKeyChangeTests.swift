import Testing

/// Every way the key under a blocked XREAD or XREADGROUP can change while the reader
/// waits: deleted, overwritten with another type, renamed away or onto, recreated,
/// its group destroyed, its database flushed; each directly and inside MULTI/EXEC.
/// Sent over sockets to redis-server 7.0 and to our server, the woken reader's reply
/// (or that it still waits) compared byte for byte; and again with our Redis 8 dialect
/// against Redis 8.0, which re-runs a woken read (NOGROUP, WRONGTYPE) instead.
///
/// The earlier contract tests missed `SET` over a live stream because every type change
/// they tried deleted the key first (`DEL s` then `SET s x`): the deletion woke the
/// reader before the type ever changed.
@Suite("Serving: blocked reads whose key changes, against redis-server", .serialized)
struct BlockedKeyChangeTests {
    /// The stream `s` with one entry and group `g` at its end; `u` the same, for two-key reads.
    static let setup: [[String]] = [
        ["XADD", "s", "1-0", "a", "b"], ["XGROUP", "CREATE", "s", "g", "$"],
        ["XADD", "u", "1-0", "a", "b"], ["XGROUP", "CREATE", "u", "g", "$"],
    ]

    static let readers: [[String]] = [
        ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"],
        ["XREAD", "BLOCK", "0", "STREAMS", "s", "$"],
        ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "u", "s", ">", ">"],
        ["XREAD", "BLOCK", "0", "STREAMS", "s", "u", "$", "$"],
    ]

    /// Changes to `s`, each run once directly and once as one MULTI/EXEC.
    static let changes: [[[String]]] = [
        [["DEL", "s"]],
        [["SET", "s", "x"]],
        [["LPUSH", "s", "x"]],
        [["SADD", "s", "x"]],
        [["FLUSHDB"]],
        [["FLUSHALL"]],
        [["SELECT", "1"], ["FLUSHDB"], ["SELECT", "0"]],
        [["RENAME", "s", "t"]],
        [["RENAME", "s", "s"]],
        [["SET", "t", "x"], ["RENAME", "t", "s"]],
        [["XADD", "t", "1-0", "f", "v"], ["RENAME", "t", "s"]],
        [["XADD", "t", "1-0", "f", "v"], ["XGROUP", "CREATE", "t", "g", "0"], ["RENAME", "t", "s"]],
        [["XGROUP", "DESTROY", "s", "g"]],
        [["XGROUP", "DESTROY", "s", "g"], ["XGROUP", "CREATE", "s", "g", "0"]],
        [["DEL", "s"], ["XADD", "s", "1-0", "f", "v"]],
        [["DEL", "s"], ["XADD", "s", "1-0", "f", "v"], ["XGROUP", "CREATE", "s", "g", "0"]],
        [["XADD", "s", "2-0", "f", "v"], ["DEL", "s"]],
        [["XADD", "s", "2-0", "f", "v"], ["SET", "s", "x"]],
        [["SET", "s", "x"], ["DEL", "s"], ["XADD", "s", "3-0", "f", "v"]],
        [["FLUSHALL"], ["XADD", "s", "1-0", "f", "v"]],
        [["RENAME", "s", "t"], ["RENAME", "t", "s"]],
        [["RENAME", "s", "t"], ["XADD", "u", "2-0", "f", "v"]],
        [["SET", "s", "x"], ["XADD", "u", "2-0", "f", "v"]],
    ]

    static let unblocked = Array("-UNBLOCKED the stream key no longer exists\r\n".utf8)
    static let noGroup = Array("-NOGROUP the consumer group this client was blocked on no longer exists\r\n".utf8)

    /// A group read on two keys, both emptied by a flush and one recreated, in one
    /// transaction: the reply depends on which key Redis serves first.
    static func orderDependent(_ reader: [String], _ change: [[String]]) -> Bool {
        reader[0] == "XREADGROUP" && reader.count > 9
            && change.contains { $0[0].hasPrefix("FLUSH") } && change.contains { $0[0] == "XADD" }
    }

    @Test("a woken or still-waiting reader answers as its Redis does (7.0 dialect and 7.0.15, 8 dialect and 8.0), for every change, directly and in MULTI",
          arguments: [false, true])
    func everyChange(redis8: Bool) throws {
        let pair = try ServerPair(clients: 2, redis8: redis8)
        defer { pair.stop() }
        var cases = 0
        for reader in Self.readers {
            for change in Self.changes {
                for inMulti in [false, true] {
                    // Client 0 is never blocked: waiting long for its replies costs nothing,
                    // and Redis 7.4+ answers FLUSHALL only once a background thread has
                    // freed the data, which a loaded machine can make slow.
                    try pair.send(0, ["FLUSHALL"], waitMs: 5_000)
                    for cmd in Self.setup { try pair.send(0, cmd, waitMs: 5_000) }
                    try pair.send(1, reader, waitMs: 40)
                    let steps = inMulti ? [["MULTI"]] + change + [["EXEC"]] : change
                    for cmd in steps { try pair.send(0, cmd, waitMs: 5_000) }
                    try pair.send(0, ["PING"], waitMs: 5_000)
                    if inMulti && !redis8 && Self.orderDependent(reader, change) {
                        // Redis serves the two keys in its dict's order, seeded at random
                        // per process: either answer is Redis's. Ours must be one of them.
                        let answers = [Self.unblocked, Self.noGroup]
                        let theirs = try pair.theirClients[1].readRaw(timeoutMs: 300) ?? []
                        let ours = try pair.ourClients[1].readRaw(timeoutMs: 300) ?? []
                        #expect(answers.contains(theirs) && answers.contains(ours),
                                "\(reader) after \(change): redis \(ServerPair.show(theirs)), ours \(ServerPair.show(ours))")
                    } else {
                        // Both servers answer woken readers before the PING that follows.
                        try pair.collect(1, waitMs: 80)
                    }
                    // A reader still waiting must not outlive its case.
                    try pair.reconnectAll()
                    cases += 1
                }
            }
        }
        #expect(cases == Self.readers.count * Self.changes.count * 2)
        let mismatches = pair.mismatches.count
        #expect(mismatches == 0, "the first of them:\n\(pair.report)")
    }
}
