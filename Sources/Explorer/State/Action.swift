import TerminalUI

/// What the user asked for. The key map turns keys into actions; the reducer applies them.
public enum Action: Equatable, Sendable {
    case quit
    case toggleHelp
    case back
    case focusNext, focusPrevious
    case focus(PaneID)
    case move(Int)
    case page(Int)
    case first, last
    case open
    case openPrompt
    case openJump
    case openFilter
    case toggleFollow
    case toggleUTC
    case toggleDemo
    case cycleSort
    case scrubStep(Int)
    case scrubZoom(zoomIn: Bool)
    case scrubMark
    case toggleMark
    case markRange
    case clearMarks
    case claim
    case autoclaim
    case acknowledge
    case deadLetter
    case append
    case createGroup
    case destroyGroup
    case setGroupID
    case deleteConsumer
    case trim
    /// A verb of the focused pane's own, by name: a new pane's keys need no new case here
    /// (its `perform` reads the name).
    case paneAction(String)
    /// A key for the open modal.
    case input(Key)
    /// Select the row at this index of the focused pane (a mouse click).
    case selectRow(Int)
    case scroll(Int)
}
