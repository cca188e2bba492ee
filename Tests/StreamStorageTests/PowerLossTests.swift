import Foundation
import RESP
import StreamCommands
import StreamEngine
@testable import StreamStorage
import Testing
import TestSupport

/// Power cuts on a simulated disk that keeps only what was fsynced (`SimulatedDisk`): a
/// killed process leaves the page cache intact, so only this can see a missing or
/// misplaced fsync. One seeded workload per policy is recorded once; then the disk is cut
/// after many of its operations, the store reopened from what survives, and its state
/// compared with the states the workload went through.
@Suite("Power loss: what survives a cut, per fsync policy", .serialized)
struct PowerLossTests {
    static let directory = "/sim/data"
    /// Cuts per policy; STREAMSCOPE_POWER_CUTS asks for more.
    static var cuts: Int { Int(ProcessInfo.processInfo.environment["STREAMSCOPE_POWER_CUTS"] ?? "") ?? 500 }

    /// A recorded run: the keyspace image after each step, and where in the disk's log
    /// each step began and was acknowledged.
    struct Run {
        var disk: SimulatedDisk
        /// images[0] is the empty keyspace; images[i + 1] the state after step i.
        var images: [[UInt8]] = []
        var started: [Int] = []
        var acknowledged: [Int] = []
        /// The injected clock when each step ran.
        var times: [UInt64] = []
        /// `everysec`'s ticks: the log position when each began and when it ended.
        var ticks: [(began: Int, ended: Int)] = []
    }

    /// Runs `steps` seeded steps: workload commands (XADD, XREADGROUP, XACK, XAUTOCLAIM,
    /// trims, groups, ...), transactions of two to four of them as one journal record,
    /// BGSAVE (journal rotation now, snapshot on the save thread while steps go on) and
    /// SAVE. Under `everysec` the journal is fsynced each time the clock passes a second.
    static func record(policy: FsyncPolicy, seed: UInt64, steps: Int, disk: SimulatedDisk = SimulatedDisk()) throws -> Run {
        let clock = ManualClock(milliseconds: 1_800_000_000_000)
        let server = CommandServer(clock: clock)
        let store = try DataStore(directory: directory, policy: policy, server: server, fileSystem: disk, journalSyncThread: false)
        var run = Run(disk: disk)
        run.images.append(image(server))
        var workload = Workload(seed: seed)
        var rng = SeededGenerator(seed: seed &* 31 &+ 7)
        var session = CommandSession()
        for _ in 0..<steps {
            let before = clock.nowMilliseconds()
            clock.advance(by: UInt64.random(in: 1...60, using: &rng))
            if before / 1000 != clock.nowMilliseconds() / 1000 {
                let began = disk.position
                store.syncJournal()
                run.ticks.append((began, disk.position))
            }
            run.started.append(disk.position)
            run.times.append(clock.nowMilliseconds())
            switch Int.random(in: 0..<40, using: &rng) {
            case 0:
                if !store.saving { try store.startSave() }
            case 1:
                if !store.saving { try store.save() }
            case 2...5:
                let batching = server.durability.beginJournalBatch()
                for _ in 0..<Int.random(in: 2...4, using: &rng) { server.run(workload.next(), &session) }
                if batching { #expect(server.durability.endJournalBatch() == nil) }
            default:
                server.run(workload.next(), &session)
            }
            run.acknowledged.append(disk.position)
            run.images.append(image(server))
        }
        store.close()
        return run
    }

    /// What a cut after `cut` operations must keep: the last step whose reply had gone out
    /// (`always`), whose reply had gone out before the last fsync tick (`everysec`), or
    /// nothing (`no`); and the last step that had begun.
    static func bounds(_ run: Run, cut: Int, policy: FsyncPolicy) -> ClosedRange<Int> {
        let begun = run.started.lastIndex { $0 < cut }.map { $0 + 1 } ?? 0
        let durableBy: Int?
        switch policy {
        case .always: durableBy = cut
        case .everysec: durableBy = run.ticks.last { $0.ended <= cut }?.began
        case .no: durableBy = nil
        }
        let kept = durableBy.flatMap { by in run.acknowledged.lastIndex { $0 <= by }.map { $0 + 1 } } ?? 0
        return kept...max(kept, begun)
    }

    /// Cuts the recorded run at `cuts` seeded points; `check` must find each directory
    /// healthy and the store must open. Returns a line per cut that broke a promise.
    static func cutEverywhere(_ run: Run, policy: FsyncPolicy, seed: UInt64, cuts: Int) -> (problems: [String], worstLossMs: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let end = run.disk.position
        var problems: [String] = []
        var worstLossMs: UInt64 = 0
        for _ in 0..<cuts {
            let cut = Int.random(in: 0...end, using: &rng)
            let files = run.disk.survivors(cut: cut, rng: &rng)
            let disk = SimulatedDisk(files: files)
            do {
                let report = try DataStore.check(directory: directory, repair: false, fileSystem: disk)
                if !report.healthy { problems.append("cut at \(cut): check finds damage: \(report.lines.joined(separator: "; "))") }
            } catch {
                problems.append("cut at \(cut): check fails: \(error)")
            }
            let server = CommandServer(clock: ManualClock(milliseconds: 1))
            let store: DataStore
            do {
                store = try DataStore(directory: directory, policy: .no, server: server, fileSystem: disk, journalSyncThread: false)
            } catch {
                problems.append("cut at \(cut) of \(end): the store does not open: \(error)")
                continue
            }
            defer { store.close() }
            for db in server.keyspace.databases {
                for case .stream(let stream) in db.values.values {
                    problems += stream.invariantViolations().map { "cut at \(cut): \($0)" }
                }
            }
            let state = image(server)
            let allowed = bounds(run, cut: cut, policy: policy)
            guard let step = allowed.first(where: { run.images[$0] == state }) else {
                let elsewhere = run.images.indices.filter { run.images[$0] == state }
                problems.append("cut at \(cut) of \(end) (\(files.keys.sorted().map { ($0 as NSString).lastPathComponent })): reopened as the state after step \(elsewhere.map(String.init).joined(separator: "/").nilIfEmpty ?? "none of the workload's") where steps \(allowed.lowerBound)...\(allowed.upperBound) were allowed")
                continue
            }
            // Acknowledged steps lost: how far back from the cut the first of them ran.
            if let lastAcknowledged = run.acknowledged.lastIndex(where: { $0 <= cut }), lastAcknowledged + 1 > step {
                let now = run.times[max(lastAcknowledged, allowed.upperBound - 1)]
                worstLossMs = max(worstLossMs, now - run.times[step])
            }
        }
        return (problems, worstLossMs)
    }

    @Test("always: a power cut anywhere keeps every acknowledged write, and the store opens as one of its states")
    func always() throws {
        let run = try Self.record(policy: .always, seed: 11, steps: 400)
        let (problems, worst) = Self.cutEverywhere(run, policy: .always, seed: 12, cuts: Self.cuts)
        #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
        #expect(worst == 0)
    }

    @Test("everysec: a power cut loses at most the writes of the last second")
    func everysec() throws {
        let run = try Self.record(policy: .everysec, seed: 21, steps: 400)
        #expect(run.ticks.count > 5, "the workload spans several seconds")
        let (problems, worst) = Self.cutEverywhere(run, policy: .everysec, seed: 22, cuts: Self.cuts)
        #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
        // A write acknowledged just after a tick waits for the next one: up to a second
        // plus one step of the clock (60 ms).
        #expect(worst <= 1_060, "lost writes from \(worst) ms before the cut")
        #expect(worst > 0, "a cut between ticks loses something: else this test cannot tell the policies apart")
    }

    @Test("no: a power cut may lose any recent writes, but the store opens as one of its states")
    func no() throws {
        let run = try Self.record(policy: .no, seed: 31, steps: 400)
        let (problems, _) = Self.cutEverywhere(run, policy: .no, seed: 32, cuts: Self.cuts)
        #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
    }

    @Test("a store that skips its directory fsyncs loses acknowledged writes, and the cuts show it")
    func missingDirectorySyncIsCaught() throws {
        let disk = SimulatedDisk()
        disk.dropDirectorySyncs = true
        let run = try Self.record(policy: .always, seed: 41, steps: 300, disk: disk)
        let (problems, _) = Self.cutEverywhere(run, policy: .always, seed: 42, cuts: 300)
        #expect(!problems.isEmpty, "no cut noticed the missing directory fsyncs")
    }

    @Test("the simulated disk keeps only what was fsynced: file data, names, and renames whole")
    func diskModel() throws {
        var rng = SeededGenerator(seed: 5)
        let disk = SimulatedDisk()
        let a = try disk.create("/d/a")
        try a.write(Array("durable".utf8))
        try a.sync()
        disk.syncDirectory("/d")
        let synced = disk.position
        try a.write(Array(" and not".utf8))
        let written = disk.position
        try disk.rename("/d/a", to: "/d/b")
        let renamed = disk.position
        var outcomes: Set<[String: [UInt8]]> = []
        for _ in 0..<200 {
            #expect(disk.survivors(cut: synced, rng: &rng) == ["/d/a": Array("durable".utf8)])
            let afterWrite = disk.survivors(cut: written, rng: &rng)["/d/a"]!
            #expect(afterWrite.starts(with: Array("durable".utf8)) && Array("durable and not".utf8).starts(with: afterWrite))
            outcomes.insert(disk.survivors(cut: renamed, rng: &rng).mapValues { Array($0.prefix(7)) })
        }
        // Unsynced bytes and an unsynced rename each survive or not; the rename is whole.
        #expect(outcomes == [["/d/a": Array("durable".utf8)], ["/d/b": Array("durable".utf8)]])
        disk.syncDirectory("/d")
        #expect(Set(disk.survivors(cut: disk.position, rng: &rng).keys) == ["/d/b"])
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
