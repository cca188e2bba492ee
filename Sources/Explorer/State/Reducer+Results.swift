import RESP
import StreamEngine

/// The second half of every action that needs the data source: its result, back as a
/// message. Pure, like the rest of the reducer: the runtime only ran the I/O.
extension Reducer {
    /// Applies one effect's result. - Complexity: O(rows in the result), plus
    /// O(streams) for a load (the rates).
    func apply(_ s: inout AppState, _ result: EffectResult) -> [Effect] {
        switch result {
        case .ticked(let now, let stamp):
            let clock = s.refreshClock
            // Refresh when the data moved, or once a second for idle times (or when the
            // source's clock went back).
            if stamp != clock.stamp || now >= clock.loadedMs + 1000 || now < clock.loadedMs { return [.refresh] }
            return []

        case .loaded(let r):
            return loaded(&s, r)

        case .ran(let commands, let atomic, let outcome):
            switch outcome {
            case .success(let replies):
                if atomic { Self.log(&s, Args.of("MULTI")) }
                for c in commands { Self.log(&s, c) }
                if atomic { Self.log(&s, Args.of("EXEC")) }
                if let err = replies.lazy.compactMap({ if case .error(let e) = $0 { return e } else { return nil } }).first {
                    _ = Self.fail(&s, err)
                } else if !replies.isEmpty {
                    s.status = RunSummary.line(commands, replies, pending: s.pending)
                    s.statusIsError = false
                }
            case .failure(let error):
                _ = Self.fail(&s, error.description)
            }
            return [.refresh]

        case .answered(let line, let args, let outcome):
            switch outcome {
            case .success(let reply):
                Self.log(&s, args)
                let lines = ReplyText.render(reply).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.count <= 1 {
                    s.status = lines.first ?? ""
                    s.statusIsError = { if case .error = reply { return true } else { return false } }()
                } else {
                    s.modal = .text(title: line, lines: lines, scroll: 0)
                }
            case .failure(let error):
                _ = Self.fail(&s, error.description)
            }
            return [.refresh]

        case .entryFetched(let id, let row):
            guard let row else {
                return Self.fail(&s, "entry \(id) is no longer in the stream (deleted or trimmed); it is still pending")
            }
            s.modal = .text(title: "entry \(id)", lines: EntryText.detail(row, utc: s.utc), scroll: 0)
            return []

        case .scrolled(let n, let key, let firstShown, let rows):
            // The user may have moved on meanwhile.
            guard s.selectedStream == key, s.entries.first?.id == firstShown else { return [] }
            // Forward reads come oldest first, backward ones newest first: either way
            // `nearest` borders the window and `farthest` is the last row read.
            guard let nearest = rows.first, let farthest = rows.last else {
                s.status = n > 0 ? "at the tail: f follows new entries" : "at the head of the stream"
                return []
            }
            if n > 0 {
                let all = s.entries + rows
                let start = min(rows.count, all.count - 1)
                s.windowStart = all[start].id
                s.selectedEntry = abs(n) == 1 ? farthest.id : all[min(all.count - 1, start)].id
            } else {
                s.windowStart = farthest.id
                s.selectedEntry = abs(n) == 1 ? nearest.id : farthest.id
            }
            return [.refresh]

        case .trimPlanned(let outcome):
            switch outcome {
            case .invalid(let message): return Self.fail(&s, message)
            case .nothing(let message): s.status = message
            case .confirm(let c): s.modal = .confirm(c)
            }
            return []

        case .deadLetterPlanned(let confirmation):
            s.modal = .confirm(confirmation)
            return []

        case .exported(let outcome):
            switch outcome {
            case .success(let summary):
                s.status = summary.line
                s.statusIsError = false
            case .failure(let error):
                _ = Self.fail(&s, "export failed: \(error.description)")
            }
            return []
        }
    }

    /// A finished refresh: installed if the user did not move meanwhile (else the
    /// screen is loaded again), the rates sampled, a stale error cleared.
    private func loaded(_ s: inout AppState, _ r: ScreenLoadResult) -> [Effect] {
        s.refreshClock.stamp = r.stamp
        s.refreshClock.loadedMs = r.nowMs
        s.nowMs = r.nowMs
        s.sourceHealth = r.health
        if let error = r.error {
            s.refreshClock.failed = true
            return Self.fail(&s, error)
        }
        guard ScreenLoad.ViewKey(s) == r.view else { return [.refresh] }
        ScreenLoad.install(r.state, into: &s)
        if r.state.status != r.statusBefore { s.status = r.state.status }
        Self.sampleRates(&s)
        Self.sampleGroups(&s)
        if s.refreshClock.failed {
            // The source is back: the error the last refresh left is stale.
            s.refreshClock.failed = false
            s.status = nil
            s.statusIsError = false
        }
        return []
    }

    /// Each stream's growth since the last sample, at most once a second; the last 60
    /// samples are kept (the streams pane's sparkline). - Complexity: O(streams)
    static func sampleRates(_ s: inout AppState) {
        let now = s.nowMs
        let last = s.refreshClock.ratesSampledMs
        guard now >= last + 1000 || now < last else { return }
        let seconds = last == 0 ? 1 : max(1, Int((now - last) / 1000))
        s.refreshClock.ratesSampledMs = now
        for stream in s.streams {
            let before = s.refreshClock.lengths[stream.key] ?? stream.length
            var r = s.rates[stream.key] ?? []
            r.append(max(0, stream.length - before) / seconds)
            if r.count > 60 { r.removeFirst(r.count - 60) }
            s.rates[stream.key] = r
            s.refreshClock.lengths[stream.key] = stream.length
        }
    }

    /// Logs a command as redis-cli would read it back to the same bytes; the log keeps
    /// the last `AppState.commandLogLimit`. - Complexity: O(command bytes), amortised
    static func log(_ s: inout AppState, _ command: [[UInt8]]) {
        s.commandLog.append(command.map(BinaryText.cliQuoted).joined(separator: " "))
        let over = s.commandLog.count - AppState.commandLogLimit
        if over > 0 {
            s.commandLog.removeFirst(over)
            // A line being read stays selected while older ones fall off.
            s.logSelected = s.logSelected.map { max(0, $0 - over) }
        }
    }

    /// The entries pane's rows and the scrubber's buckets, from the layout for the
    /// state's size and focus: what a load reads depends on them.
    func fitToScreen(_ s: inout AppState) {
        let lay = screenLayout(s)
        // Off screen (a small screen showing other panes), the entries load for the
        // window they get once focused.
        s.entryRows = lay.rect(.entries) != nil ? lay.rows(.entries)
            : Layout(width: s.screenWidth, height: s.screenHeight, focus: .entries, declared: layout).rows(.entries)
        s.scrubberBuckets = max(8, (lay.rect(.timeScrubber)?.width ?? 62) - 2)
    }
}
