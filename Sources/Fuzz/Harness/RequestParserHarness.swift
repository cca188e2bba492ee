import RESP

/// The RESP request parser fed the same bytes whole, cut where the fuzzer says, and one
/// byte at a time: it never crashes, and where the bytes are cut does not change the
/// commands or the error (except that a "too big" limit may trip at a different point,
/// when the commands before it must still agree). Whatever parsed re-encodes as
/// multibulk and parses back the same.
///
/// Input: a byte choosing the limits, a byte choosing how many cuts, each cut as a
/// 16-bit offset, then the request bytes.
public enum RequestParserHarness {
    /// The commands a feed produced, and the error that ended it, if one did.
    struct Outcome: Equatable {
        var commands: [[[UInt8]]] = []
        var error: RESPProtocolError?

        var trippedSizeLimit: Bool { error?.message.contains("too big") == true }
    }

    static let limitChoices = [
        RESPLimits(),
        RESPLimits(maxBulkLength: 1 << 20, maxInlineLength: 64),
        RESPLimits(maxBulkLength: 32, maxMultibulkLength: 8, maxInlineLength: 16),
    ]

    public static func run(_ bytes: [UInt8]) -> [String] {
        var input = FuzzInput(bytes)
        let limits = input.pick(limitChoices)
        let cutCount = input.below(8)
        let rawCuts = (0..<cutCount).map { _ in Int(input.uint16()) }
        let data = input.rest()
        let cuts = Set(rawCuts.map { data.isEmpty ? 0 : $0 % data.count }).sorted()

        var chunks: [[UInt8]] = []
        var start = 0
        for cut in cuts + [data.count] where cut > start {
            chunks.append(Array(data[start..<cut]))
            start = cut
        }
        let whole = feed([data], limits: limits, recycling: false)
        let split = feed(chunks, limits: limits, recycling: true)
        let dripped = feed(data.map { [$0] }, limits: limits, recycling: false)

        var problems: [String] = []
        for (name, other) in [("cut at \(cuts)", split), ("fed a byte at a time", dripped)] {
            if let difference = compare(whole, other) { problems.append("whole vs \(name): \(difference)") }
        }
        for command in whole.commands where command.isEmpty { problems.append("an empty command was returned") }

        // What parsed re-encodes and parses back the same, with no error.
        var encoded: [UInt8] = []
        for command in whole.commands {
            RESPEncoder.encode(.array(command.map { .bulkString($0) }), protocolVersion: 2, into: &encoded)
        }
        let again = feed([encoded], limits: RESPLimits(), recycling: false)
        if again != Outcome(commands: whole.commands) {
            problems.append("re-encoded commands parse as \(again.commands.count) commands, error \(String(describing: again.error)), not \(whole.commands.count)")
        }
        return problems
    }

    /// Appends the chunks one by one, draining commands after each.
    static func feed(_ chunks: [[UInt8]], limits: RESPLimits, recycling: Bool) -> Outcome {
        var parser = RESPRequestParser(limits: limits)
        var outcome = Outcome()
        for chunk in chunks {
            parser.append(chunk)
            do {
                while let command = try parser.next() {
                    outcome.commands.append(command)
                    if recycling { parser.recycle(command) }
                }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        return outcome
    }

    /// Why two feeds of the same bytes disagree, or nil if they agree as they must.
    static func compare(_ a: Outcome, _ b: Outcome) -> String? {
        if a.trippedSizeLimit || b.trippedSizeLimit {
            let (shorter, longer) = a.commands.count <= b.commands.count ? (a, b) : (b, a)
            if Array(longer.commands.prefix(shorter.commands.count)) != shorter.commands {
                return "the commands before a size limit tripped differ"
            }
            return nil
        }
        if a.commands != b.commands { return "\(a.commands.count) commands vs \(b.commands.count), or different arguments" }
        if a.error != b.error { return "error \(String(describing: a.error)) vs \(String(describing: b.error))" }
        return nil
    }
}
