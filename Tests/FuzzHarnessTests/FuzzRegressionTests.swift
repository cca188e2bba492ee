import Foundation
import FuzzHarness
import StreamCommands
import StreamEngine
import StreamStorage
import TerminalUI
import Testing

/// Each input the fuzzers found that broke something, replayed: through its harness (as
/// `CorpusReplayTests` does for the whole corpus) and against the specific fix.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func input(_ target: String, _ name: String) -> [UInt8] {
        FuzzCorpus.read(CorpusReplayTests.corpus + "/" + target + "/" + name)
    }

    /// The keyspace image in a FuzzRecovery input of mode 3 (16-bit length, then as many
    /// of the image's bytes as the input holds).
    static func image(in bytes: [UInt8]) -> [UInt8] {
        let length = Int(bytes[1]) | Int(bytes[2]) << 8
        return Array(bytes[3..<min(bytes.count, 3 + length)])
    }

    /// FuzzRecovery: a snapshot (checksum right) whose stream holds an entry above its last
    /// ID opened, and the next XADD could then go below an existing entry. Images are now
    /// checked on load: node buffers within bounds, then the stream invariants.
    @Test func snapshotWithAnEntryAboveTheLastIDIsRefused() throws {
        let bytes = Self.input("FuzzRecovery", "regress-entry-above-last-id")
        #expect(RecoveryHarness.run(bytes) == [])
        #expect {
            // Found when images were format 1 (consumers without active times).
            try KeyspaceImage.load(Self.image(in: bytes), into: Keyspace(), format: 1)
        } throws: { error in
            "\(error)".contains("above last ID")
        }
    }

    /// FuzzExplorerInput: the `:` prompt drawn on a one-column screen put the cursor in
    /// column 1, off the screen. It now stays on the line's last column.
    @Test func inputLineCursorStaysOnAOneColumnScreen() {
        #expect(ExplorerInputHarness.run(Self.input("FuzzExplorerInput", "regress-input-line-one-column")) == [])
        for width in 1...3 {
            let line = InputLine("XLEN orders")
            var frame = ScreenBuffer(width: width, height: 1)
            line.render(into: &frame, frame.bounds, prompt: ":")
            #expect(frame.cursor.map { $0.x < width } == true, "width \(width): cursor \(String(describing: frame.cursor))")
        }
    }
}

extension FuzzRegressionTests {
    /// FuzzExplorerInput: the append form open when the screen shrank to one row drew its
    /// line below the screen and put the cursor there. An input line off the screen is
    /// now not drawn and leaves the cursor alone.
    @Test func formLineOffTheScreenLeavesTheCursorAlone() {
        #expect(ExplorerInputHarness.run(Self.input("FuzzExplorerInput", "regress-form-line-off-screen")) == [])
        var frame = ScreenBuffer(width: 40, height: 1)
        InputLine("1-1").render(into: &frame, Rect(x: 2, y: 5, width: 30, height: 1), prompt: "ID ")
        #expect(frame.cursor == nil)
    }
}

extension FuzzRegressionTests {
    /// FuzzRecovery: a snapshot image (checksum right) whose node size limit does not fit
    /// an Int trapped while loading. Counts and sizes out of range are now malformed.
    @Test func snapshotWithAnOutOfRangeNodeLimitIsRefused() {
        let bytes = Self.input("FuzzRecovery", "regress-image-config-out-of-range")
        #expect(RecoveryHarness.run(bytes) == [])
        #expect {
            // Found when images were format 1 (consumers without active times).
            try KeyspaceImage.load(Self.image(in: bytes), into: Keyspace(), format: 1)
        } throws: { error in
            "\(error)".contains("out of range")
        }
    }
}

extension FuzzRegressionTests {
    /// FuzzCommands: `XTRIM s MINID 5` over a node holding 1-0 and a deleted 9-0 left the
    /// node with deleted records only. Redis 7.0 does the same (its `streamTrim` never
    /// frees the node it stops in; XINFO shows length 0 and one radix-tree key), so the
    /// invariant checker now allows it of the first node, and such a stream saves and loads.
    @Test func trimThatEndsInsideTheFirstNodeMayLeaveItEmpty() throws {
        #expect(CommandHarness.run(Self.input("FuzzCommands", "regress-trim-leaves-empty-first-node")) == [])
        let server = CommandServer(clock: ManualClock())
        var session = CommandSession()
        for command in ["CONFIG SET stream-node-max-entries 4", "XADD s 1-0 f 1", "XADD s 9-0 f 4", "XDEL s 9-0", "XTRIM s MINID 5"] {
            _ = server.execute(command.split(separator: " ").map { Array($0.utf8) }, session: &session)
        }
        let stream = try #require(try server.keyspace.stream(0, Array("s".utf8)))
        // No entries, one node, as in Redis (XINFO STREAM: length 0, radix-tree-keys 1).
        #expect(stream.length == 0 && stream.nodeCount == 1)
        #expect(stream.invariantViolations(config: server.keyspace.config) == [])
        var image: [UInt8] = []
        KeyspaceImage.write(server.keyspace, into: &image)
        #expect(throws: Never.self) { try KeyspaceImage.load(image, into: Keyspace()) }
    }

    /// FuzzRecovery: a journal record (checksums right) for database 16 or more crashed
    /// the replay with an index out of range. The store now refuses to open, naming the
    /// record and database.
    @Test func journalRecordForAMissingDatabaseIsRefused() throws {
        #expect(RecoveryHarness.run(Self.input("FuzzRecovery", "regress-journal-database-out-of-range")) == [])
        let directory = NSTemporaryDirectory() + "streamscope-regress-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let journal = StorageFormat.journalHeader(generation: 1)
            + StorageFormat.record(db: 99, args: [Array("XADD".utf8), Array("s".utf8), Array("*".utf8), Array("f".utf8), Array("v".utf8)], nowMs: 1)
        try Data(journal).write(to: URL(fileURLWithPath: directory + "/journal.ssj"))
        #expect {
            _ = try DataStore(directory: directory, server: CommandServer())
        } throws: { error in
            "\(error)".contains("database 99")
        }
    }
}
