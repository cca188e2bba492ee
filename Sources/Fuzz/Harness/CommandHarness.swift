import RESP
import StreamCommands
import StreamEngine

/// Arbitrary argument vectors run through the command table on a populated keyspace
/// (`CommandVocabulary.setup`): no command crashes, every reply encodes, and after each
/// command the stream invariants hold. Blocking reads are parked and retried when a
/// command signals one of their keys, as the server does.
///
/// Input: up to 24 commands, each a byte choosing the name (most often a stream
/// command; 250 and up advances the clock instead), a byte choosing how many arguments,
/// then each argument: a vocabulary word, a number, an ID near the keyspace's, or raw
/// bytes taken from the input.
public enum CommandHarness {
    /// Every command name in the table, sorted so that a byte means the same name in
    /// every process.
    static let allNames: [String] = CommandServer(clock: ManualClock()).commandNames.sorted()

    public static func run(_ bytes: [UInt8]) -> [String] {
        var input = FuzzInput(bytes)
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let server = CommandServer(clock: clock)
        var session = CommandSession()
        for command in CommandVocabulary.setup {
            _ = server.execute(command.map { Array($0.utf8) }, session: &session)
        }
        var events: [(db: Int, key: [UInt8], reason: WakeReason)] = []
        server.keyspace.onKeyEvent = { db, key, reason in events.append((db, key, reason)) }
        var parked: [(request: BlockRequest, session: CommandSession)] = []
        var nodeLimitMayHaveDropped = false
        var problems: [String] = []
        var transcript: [String] = []

        for _ in 0..<24 where !input.isExhausted {
            let choice = input.byte()
            if choice >= 250 {
                let ms = UInt64(input.uint16()) * 100
                clock.advance(by: ms)
                transcript.append("(the clock moves \(ms) ms)")
                continue
            }
            let args = arguments(&input, name: choice)
            transcript.append(describe(args))
            let name = String(decoding: args[0], as: UTF8.self).uppercased()
            if name == "CONFIG" || name == "DEBUG" { nodeLimitMayHaveDropped = true }
            events.removeAll()
            switch server.run(args, session: &session) {
            case .reply(let reply):
                problems += encodingProblems(reply, command: args)
            case .block(let request):
                parked.append((request, session))
            }
            // Wake parked reads whose keys were signalled, as the server would.
            for event in events {
                parked = parked.filter { waiter in
                    guard waiter.request.db == event.db, waiter.request.keys.contains(event.key) else { return true }
                    var waiterSession = waiter.session
                    guard let reply = waiter.request.retry(after: event.reason, session: &waiterSession, keyspace: server.keyspace) else { return true }
                    problems += encodingProblems(reply, command: args)
                    return false
                }
            }
            let broken = StreamInvariantCheck.problems(in: server.keyspace, checkNodeLimit: !nodeLimitMayHaveDropped)
            if !broken.isEmpty {
                problems.append("after \(describe(args)):")
                problems += broken
                problems.append("commands run after the setup:")
                problems += transcript
                break
            }
        }
        server.keyspace.onKeyEvent = nil
        return problems
    }

    /// A command decoded from the input: the name, then its arguments.
    static func arguments(_ input: inout FuzzInput, name choice: UInt8) -> [[UInt8]] {
        let name = choice < 200
            ? CommandVocabulary.streamCommands[Int(choice) % CommandVocabulary.streamCommands.count]
            : allNames[Int(choice) % allNames.count]
        var args = [Array(name.utf8)]
        for _ in 0..<input.below(12) {
            let kind = input.byte()
            switch kind {
            case 0..<176:
                args.append(Array(input.pick(CommandVocabulary.words).utf8))
            case 176..<200:
                args.append(Array(String(Int(Int16(bitPattern: input.uint16()))).utf8))
            case 200..<232:
                let ms = 1_799_999_940_000 + UInt64(input.uint16()) * 10
                args.append(Array("\(ms)-\(input.below(4))".utf8))
            default:
                args.append(input.take(input.below(24)))
            }
        }
        return args
    }

    /// Problems with encoding a reply in both protocol versions (none expected).
    static func encodingProblems(_ reply: RESPValue, command: [[UInt8]]) -> [String] {
        var out: [UInt8] = []
        RESPEncoder.encode(reply, protocolVersion: 2, into: &out)
        RESPEncoder.encode(reply, protocolVersion: 3, into: &out)
        return out.isEmpty ? ["\(describe(command)) replied with nothing"] : []
    }

    static func describe(_ args: [[UInt8]]) -> String {
        args.map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: " ")
    }
}
