import TerminalUI

/// A pane's name: what `AppState.focus`, the layout and `Action.focus` refer to. Each
/// pane's file declares its own (`extension PaneID { static let streams = ... }`), so a
/// new pane adds no case anywhere else.
public struct PaneID: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }
}

/// What a pane reads from the data source. A refresh loads the union of what the
/// declared panes need (see `ScreenLoad`); the stream list is always loaded (the title
/// bar and every selection start from it).
public struct DataNeeds: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The selected stream's window of entries.
    public static let entries = DataNeeds(rawValue: 1 << 0)
    /// The selected stream's histogram over time (and a marked range's count).
    public static let histogram = DataNeeds(rawValue: 1 << 1)
    /// The selected stream's consumer groups.
    public static let groups = DataNeeds(rawValue: 1 << 2)
    /// The selected group's consumers.
    public static let consumers = DataNeeds(rawValue: 1 << 3)
    /// The selected group's pending entries.
    public static let pending = DataNeeds(rawValue: 1 << 4)
    /// The groups of every partition of the selected stream's logical stream.
    public static let partitions = DataNeeds(rawValue: 1 << 5)
}

/// What a pane draws with: the state, whether it has the focus, its heading ("1 Streams":
/// its number key and title) and the first table row it showed last frame, which it
/// updates so the selection stays on screen and a click maps back to a row.
public struct PaneContext {
    public let state: AppState
    public let focused: Bool
    public let heading: String
    public var offset: Int

    public init(state: AppState, focused: Bool, heading: String, offset: Int) {
        self.state = state
        self.focused = focused
        self.heading = heading
        self.offset = offset
    }
}

/// One pane of the explorer, as a unit: it draws itself into its rectangle, owns its key
/// bindings (data: keys, action, help text, hint text, help section) and the behaviour
/// of the shared verbs (move, select, open, back, filter) on its rows, and says what
/// data it needs. The reducer, the key map, the help overlay and the hint bar are
/// derived from the panes the layout declares (`ExplorerLayout`); to add a pane, write
/// one type and declare it there.
public protocol Pane: Sendable {
    var id: PaneID { get }
    var title: String { get }
    /// The help overlay's heading for this pane's bindings.
    var helpSection: String { get }
    /// Takes the focus (Tab, its number key, a click); a pane that only shows (the time
    /// scrubber, the command log) does not.
    var focusable: Bool { get }
    var needs: DataNeeds { get }
    /// Keys that act only while this pane has the focus.
    var bindings: [KeyBinding] { get }

    /// Draws the pane into `rect`. - Complexity: O(cells of `rect`) plus the pane's rows
    func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer)

    /// Moves the selection by `n` rows (negative: up).
    func move(_ s: inout AppState, by n: Int) -> [Effect]
    /// Selects row `index` (clamped).
    func select(_ s: inout AppState, row index: Int) -> [Effect]
    /// A click on screen row `y` inside the pane's `rect` (its box included): by default
    /// the table row under it (below the box's top and the header), scrolled rows counted.
    func click(_ s: inout AppState, y: Int, in rect: Rect) -> [Effect]
    func page(_ s: inout AppState, by n: Int) -> [Effect]
    func first(_ s: inout AppState) -> [Effect]
    func last(_ s: inout AppState) -> [Effect]
    /// Enter.
    func open(_ s: inout AppState) -> [Effect]
    /// Esc with nothing open.
    func back(_ s: inout AppState) -> [Effect]
    /// `/`.
    func filter(_ s: inout AppState) -> [Effect]
    /// An action of one of this pane's own bindings.
    func perform(_ action: Action, _ s: inout AppState) -> [Effect]
    /// The text of one of this pane's forms (`InputPurpose.pane` is this pane).
    func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect]
}

extension Pane {
    public var helpSection: String { title }
    public var focusable: Bool { true }
    public var bindings: [KeyBinding] { [] }
    public func move(_ s: inout AppState, by n: Int) -> [Effect] { [] }
    public func select(_ s: inout AppState, row index: Int) -> [Effect] { [] }
    public func click(_ s: inout AppState, y: Int, in rect: Rect) -> [Effect] { clickTableRow(&s, y: y, in: rect) }

    /// Selects the table row drawn at screen row `y`, under the box's top and the
    /// table's header, scrolled rows counted.
    public func clickTableRow(_ s: inout AppState, y: Int, in rect: Rect) -> [Effect] {
        let row = y - rect.y - 2
        return row >= 0 ? select(&s, row: (s.tableOffsets[id] ?? 0) + row) : []
    }
    public func page(_ s: inout AppState, by n: Int) -> [Effect] { move(&s, by: n * 10) }
    public func first(_ s: inout AppState) -> [Effect] { select(&s, row: 0) }
    public func last(_ s: inout AppState) -> [Effect] { select(&s, row: Int.max) }
    public func open(_ s: inout AppState) -> [Effect] { [] }
    public func back(_ s: inout AppState) -> [Effect] {
        s.focus = .streams
        return []
    }
    public func filter(_ s: inout AppState) -> [Effect] {
        Reducer.fail(&s, "nothing to filter in the \(title.lowercased()) pane")
    }
    public func perform(_ action: Action, _ s: inout AppState) -> [Effect] { [] }
    public func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect] { [] }

    /// A binding of this pane, filed under its help section.
    func bind(_ keys: [Key], _ action: Action, _ help: String, hint: String? = nil,
              writes: Bool = false, destructive: Bool = false) -> KeyBinding {
        KeyBinding(keys, action, pane: id, section: helpSection, help, hint: hint, writes: writes, destructive: destructive)
    }
}

/// Index `i` clamped into `0..<count` (count > 0).
func clampRow(_ i: Int, _ count: Int) -> Int { max(0, min(count - 1, i)) }
