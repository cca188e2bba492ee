import RESP
import StreamEngine

/// Producers, trims and plain XREAD readers.
extension Simulation {
    func produce(_ i: Int) -> Draft {
        let p = plan.producers[i]
        let one = arrive(i)
        let produced = one.id.map { LessonAction.produced(producer: p.spec.name, stream: plan.streams[p.stream], id: $0) } ?? .other
        let what = one.key.map { "\(p.spec.key!) \($0)" } ?? "an entry"
        return Draft(sentence: "\(p.spec.name) adds \(what)", commands: [one.args], replies: [one.reply], action: produced)
    }

    /// One arrival of producer `i`: its XADD run, with the new entry's ID (nil if the
    /// XADD failed) and the value of the producer's key field. O(the XADD).
    private func arrive(_ i: Int) -> (args: [[UInt8]], reply: RESPValue, id: StreamID?, key: String?) {
        let p = plan.producers[i]
        state.producers[i].counter += 1
        let n = state.producers[i].counter
        // The words as bytes straight away: `XADD key [MAXLEN n] *` then each field.
        var args = p.head
        args.reserveCapacity(p.head.count + 2 * p.templates.count)
        var keyValue: String?
        for (j, t) in p.templates.enumerated() {
            let value = t.render(counter: n, random: &state.random)
            args.append(p.fieldNames[j])
            args.append(Array(value.utf8))
            if j == p.keyTemplate { keyValue = value }
        }
        let reply = execute(args)
        var id: StreamID?
        if case .bulkString(let bytes) = reply, let parsed = StreamIDParser.parseID(bytes) {
            if let every = p.spec.poisonEvery, n % every == 0 { state.poison[p.stream].insert(parsed) }
            id = parsed
        }
        return (args, reply, id, keyValue)
    }

    /// `count` arrivals of producer `i` at this instant, as one event: each its own XADD,
    /// the sentence naming the first and the last. O(count × the XADD).
    func produce(_ i: Int, count: Int) -> Draft {
        let p = plan.producers[i]
        var commands: [[[UInt8]]] = []
        var replies: [RESPValue] = []
        var ids: [StreamID] = []
        var keys: (first: String?, last: String?) = (nil, nil)
        commands.reserveCapacity(count)
        replies.reserveCapacity(count)
        ids.reserveCapacity(count)
        for _ in 0..<count {
            let one = arrive(i)
            commands.append(one.args)
            replies.append(one.reply)
            if let id = one.id {
                if ids.isEmpty { keys.first = one.key }
                keys.last = one.key
                ids.append(id)
            }
        }
        // An entry is named by the stream's key field: this producer's own values when it
        // is the producer that field comes from, else read back from the stream.
        let ownKey = plan.keyFields[p.stream] != nil && plan.keyFields[p.stream] == p.spec.key
        func name(_ id: StreamID, _ value: String?) -> String {
            if ownKey, let value { return "\(p.spec.key!) \(value)" }
            return describe(id, in: p.stream)
        }
        let range = ids.first.map { first in " (\(name(first, keys.first)) … \(name(ids.last!, keys.last)))" } ?? ""
        return Draft(sentence: "\(p.spec.name) adds \(RESPText.count(count, "entry", "entries"))\(range)",
                     commands: commands, replies: replies,
                     action: .producedMany(producer: p.spec.name, stream: plan.streams[p.stream], ids: ids))
    }

    func trim(_ i: Int) -> Draft? {
        let spec = plan.spec.trims![i]
        state.trims[i].nextAt = spec.everyMs.map { state.now + UInt64($0) }
        var words = ["XTRIM", spec.stream]
        let what: String
        if let maxlen = spec.maxlen {
            words += ["MAXLEN"] + (spec.approximate == true ? ["~"] : []) + [String(maxlen)]
            what = "keeping the newest \(maxlen)"
        } else {
            let age = UInt64(spec.minIdAgeMs ?? 0)
            let edge = plan.base + state.now - min(age, plan.base + state.now)
            words += ["MINID"] + (spec.approximate == true ? ["~"] : []) + [String(edge)]
            what = "dropping entries older than \(RESPText.seconds(age))"
        }
        let args = command(words)
        let reply = execute(args)
        let removed = RESPText.integer(reply) ?? 0
        return Draft(sentence: "retention trims \(spec.stream), \(what): \(RESPText.count(Int(removed), "entry", "entries")) removed",
                     commands: [args], replies: [reply], name: "trim", action: .trimmed(stream: spec.stream, removed: Int(removed)))
    }

    func read(_ i: Int) -> Draft? {
        let spec = plan.spec.readers![i]
        state.readers[i].nextAt = state.now + UInt64(spec.everyMs)
        guard let s = plan.streams.firstIndex(of: spec.stream) else { return nil }
        if state.readers[i].lastID == nil {
            // `$` means "what arrives after I start": the stream's last ID at this instant.
            state.readers[i].lastID = spec.from == "$" ? (stream(s)?.lastID ?? .zero) : .zero
            return Draft(sentence: "\(spec.name) starts reading \(spec.stream) after \(state.readers[i].lastID!)", kind: .narration)
        }
        let args = command(["XREAD", "COUNT", String(spec.count), "STREAMS", spec.stream, state.readers[i].lastID!.description])
        let reply = execute(args)
        let ids = RESPText.readIDs(reply)
        if let last = ids.last { state.readers[i].lastID = last }
        let sentence = ids.isEmpty ? "\(spec.name) finds nothing new"
            : "\(spec.name) reads \(RESPText.count(ids.count, "entry", "entries")), up to \(ids.last!)"
        return Draft(sentence: sentence, commands: [args], replies: [reply], action: .read(reader: spec.name, stream: spec.stream, ids: ids))
    }

    /// How a sentence names an entry: its key field's value, else its ID. Reads the
    /// entry in place (no copy of its fields). O(log n + node size).
    func describe(_ id: StreamID, in s: Int) -> String {
        guard let field = plan.keyFields[s], let stream = stream(s) else { return id.description }
        let name = Array(field.utf8)
        var value: String?
        stream.scan(from: id, to: id) { _, view in
            view.forEachPair { f, v in
                if value == nil && f.elementsEqual(name) { value = String(decoding: v, as: UTF8.self) }
            }
            return false
        }
        return value.map { "\(field) \($0)" } ?? id.description
    }
}
