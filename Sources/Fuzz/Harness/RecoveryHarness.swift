import Foundation
import StreamCommands
import StreamEngine
import StreamStorage

/// Arbitrary bytes as a data directory's journal and snapshot: `DataStore.check` reports
/// on them and `DataStore(directory:server:)` either opens a store or throws a clear error,
/// never crashes. A store that opens holds streams whose invariants hold, and saving it
/// and opening it again gives back the same keyspace image.
///
/// Input: a byte choosing the mode, then for
/// - 0: the journal's bytes;
/// - 1: the snapshot's bytes;
/// - 2: a journal header and well-framed records (right lengths and checksums) whose
///   payloads are fuzzer bytes or commands decoded as `CommandHarness` decodes them;
/// - 3: a well-framed snapshot around a fuzzer image (16-bit length first), then
///   records as in mode 2.
public enum RecoveryHarness {
    /// Where data directories go: /dev/shm when there is one, so that fsync costs nothing.
    static let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()

    public static func run(_ bytes: [UInt8]) -> [String] {
        var input = FuzzInput(bytes)
        let mode = input.below(4)
        let files = contents(mode: mode, &input)
        // A directory of its own, so that tests may run inputs side by side.
        let directory = base + "/streamscope-fuzz-recovery-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if let snapshot = files.snapshot { try Data(snapshot).write(to: URL(fileURLWithPath: directory + "/snapshot.ssi")) }
            if let journal = files.journal { try Data(journal).write(to: URL(fileURLWithPath: directory + "/journal.ssj")) }
        } catch {
            return ["cannot write the data directory \(directory): \(error)"]
        }
        var problems: [String] = []
        do {
            let report = try DataStore.check(directory: directory, repair: false)
            if report.lines.isEmpty { problems.append("check reported nothing") }
        } catch {
            problems += clarity(of: error, while: "checking")
        }
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let store: DataStore
        do {
            store = try DataStore(directory: directory, policy: .no, server: CommandServer(clock: clock))
        } catch {
            return problems + clarity(of: error, while: "opening")
        }
        problems += StreamInvariantCheck.problems(in: store.server.keyspace, checkNodeLimit: false)
        var before: [UInt8] = []
        KeyspaceImage.write(store.server.keyspace, into: &before)
        do { try store.save() } catch { return problems + clarity(of: error, while: "saving") }
        store.close()
        do {
            let reopened = try DataStore(directory: directory, policy: .no, server: CommandServer(clock: clock))
            defer { reopened.close() }
            var after: [UInt8] = []
            KeyspaceImage.write(reopened.server.keyspace, into: &after)
            if after != before { problems.append("saved and reopened, the keyspace image differs (\(before.count) bytes before, \(after.count) after)") }
        } catch {
            problems.append("a store that opened and saved does not open again: \(error)")
        }
        return problems
    }

    /// The snapshot and journal the input describes.
    static func contents(mode: Int, _ input: inout FuzzInput) -> (snapshot: [UInt8]?, journal: [UInt8]?) {
        switch mode {
        case 0: return (nil, input.rest())
        case 1: return (input.rest(), nil)
        case 2: return (nil, framedJournal(&input))
        default:
            let image = input.take(Int(input.uint16()))
            let generation = UInt64(input.below(3))
            let snapshot = StorageFormat.snapshotHeader(generation: generation, imageCount: image.count)
                + image + StorageFormat.snapshotTrailer(image: image)
            return (snapshot, input.isExhausted ? nil : framedJournal(&input))
        }
    }

    /// A journal header then records until the input ends.
    static func framedJournal(_ input: inout FuzzInput) -> [UInt8] {
        var journal = StorageFormat.journalHeader(generation: UInt64(input.below(4)))
        while !input.isExhausted {
            let kind = input.byte()
            if kind < 96 {
                journal += StorageFormat.record(payload: input.take(input.below(64)))
            } else if kind < 250 {
                let args = CommandHarness.arguments(&input, name: kind)
                journal += StorageFormat.record(db: input.below(3), args: args, nowMs: 1_800_000_000_000 + UInt64(input.uint16()))
            } else {
                journal += input.take(input.below(16))
            }
        }
        return journal
    }

    /// A failure is fine when it says what went wrong; an empty message is a problem.
    static func clarity(of error: any Error, while doing: String) -> [String] {
        String(describing: error).isEmpty ? ["\(doing) failed without saying why"] : []
    }
}
