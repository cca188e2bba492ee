import RESP
import StreamEngine

/// What came back from an `Effect` that ran against the data source: the reducer's
/// input for the second half of every action that needs I/O. The runtime performs an
/// effect off the UI thread and sends its result as `Message.result`; only the reducer
/// turns it into state (`Reducer+Results`).
public enum EffectResult: Sendable {
    /// The source's clock and change stamp, read at a tick (after the demo stepped).
    case ticked(nowMs: UInt64, stamp: UInt64)
    /// A refresh finished: what the panes need, read into a copy of the state.
    case loaded(ScreenLoadResult)
    /// Commands run for the user (`Effect.run`), with their replies or the failure.
    case ran(commands: [[[UInt8]]], atomic: Bool, Result<[RESPValue], DataSourceError>)
    /// A line typed at the `:` prompt (`args` as sent), with its reply, the failure,
    /// or the read-only refusal.
    case answered(line: String, args: [[UInt8]], Result<RESPValue, DataSourceError>)
    /// The entry the detail view asked for; nil when it is no longer in the stream.
    case entryFetched(StreamID, EntryRow?)
    /// The rows beyond the window's edge that a scroll by `by` rows read; `stream` and
    /// `firstShown` say which window it was read for (the user may have moved on).
    case scrolled(by: Int, stream: [UInt8], firstShown: StreamID, rows: [EntryRow])
    /// A trim's preview, worked out from what the source holds.
    case trimPlanned(TrimPlan.Outcome)
    /// The dead-letter move's confirmation, built from the entries read.
    case deadLetterPlanned(Confirmation)
}

/// A refresh's outcome: the loaded copy of the state (or why the load failed), the
/// source's clock, change stamp and health, and what the view was when it started.
public struct ScreenLoadResult: Sendable {
    var state: AppState
    var error: String?
    var nowMs: UInt64
    var stamp: UInt64
    var health: String?
    /// The view the load was made for; a state that moved on since drops the load.
    var view: ScreenLoad.ViewKey
    /// The status line when the load started (a load may set one of its own).
    var statusBefore: String?
}

/// The runtime's memory of refreshes, kept in the state so that the reducer decides
/// when to refresh and how fast streams grow.
public struct RefreshClock: Sendable {
    /// The source's change stamp at the last refresh.
    var stamp: UInt64?
    /// The source's time at the last refresh.
    var loadedMs: UInt64 = 0
    /// Whether the last refresh failed (its error is on the status line).
    var failed = false
    /// When the rates were last sampled, and each stream's length then.
    var ratesSampledMs: UInt64 = 0
    var lengths: [[UInt8]: Int] = [:]

    public init() {}
}
