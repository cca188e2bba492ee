import TerminalUI

/// One binding: keys, the action, where it applies, and how the help describes it.
/// The key map is data: the help overlay and the hint bar are generated from it, and
/// `--read-only` drops the bindings that write.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// nil: every pane.
    public var panes: Set<Pane>?
    public var help: String
    /// Changes data (needs write access).
    public var writes: Bool
    /// Deletes or rewinds something; asks first.
    public var destructive: Bool
    /// Shown in the hint bar.
    public var hint: Bool

    public init(_ keys: [Key], _ action: Action, panes: Set<Pane>? = nil, _ help: String,
                writes: Bool = false, destructive: Bool = false, hint: Bool = false) {
        self.keys = keys
        self.action = action
        self.panes = panes
        self.help = help
        self.writes = writes
        self.destructive = destructive
        self.hint = hint
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The explorer's bindings; without write access, those that write are left out.
    public static func standard(readOnly: Bool) -> KeyMap {
        let all: [KeyBinding] = [
            KeyBinding([.char("q")], .quit, "quit", hint: true),
            KeyBinding([.char("?")], .toggleHelp, "help: every key", hint: true),
            KeyBinding([.escape], .back, "back out (close, clear marks, leave a pane)"),
            KeyBinding([.tab], .focusNext, "next pane", hint: true),
            KeyBinding([.backTab], .focusPrevious, "previous pane"),
            KeyBinding([.char("1")], .focus(.streams), "streams pane"),
            KeyBinding([.char("2")], .focus(.entries), "entries pane"),
            KeyBinding([.char("3")], .focus(.groups), "groups pane"),
            KeyBinding([.char("4")], .focus(.pending), "pending pane"),
            KeyBinding([.char("j"), .down], .move(1), "down"),
            KeyBinding([.char("k"), .up], .move(-1), "up"),
            KeyBinding([.pageDown, .ctrl("f")], .page(1), "page down"),
            KeyBinding([.pageUp, .ctrl("b")], .page(-1), "page up"),
            KeyBinding([.home], .first, "first row (entries: head of the stream)"),
            KeyBinding([.end, .char("G")], .last, "last row (entries: tail, follow)"),
            KeyBinding([.enter], .open, "open: stream → entries, group → pending, entry → detail", hint: true),
            KeyBinding([.char(":")], .openPrompt, "run any command (the reply shows below)", hint: true),
            KeyBinding([.char("/")], .openFilter, "filter this pane", hint: true),
            KeyBinding([.char("t")], .toggleUTC, "times in UTC / local"),
            KeyBinding([.char("d")], .toggleDemo, "stop / start the demo workload"),
            KeyBinding([.char("a")], .append, "append an entry to the stream", writes: true, hint: true),
            // Streams.
            KeyBinding([.char("s")], .cycleSort, panes: [.streams, .pending], "sort (streams: name/length/activity; pending: id/idle/deliveries)"),
            KeyBinding([.char("T")], .trim, panes: [.streams, .entries], "trim the stream (MAXLEN or MINID)", writes: true, destructive: true),
            // Entries and the scrubber.
            KeyBinding([.char("g")], .openJump, panes: [.entries, .streams], "jump to an ID, a time or -5m", hint: true),
            KeyBinding([.char("f")], .toggleFollow, panes: [.entries], "follow the tail (live)", hint: true),
            KeyBinding([.char("]")], .scrubStep(1), panes: [.entries], "scrubber: step later"),
            KeyBinding([.char("[")], .scrubStep(-1), panes: [.entries], "scrubber: step earlier"),
            KeyBinding([.char("}")], .scrubZoom(zoomIn: true), panes: [.entries], "scrubber: zoom in at the cursor"),
            KeyBinding([.char("{")], .scrubZoom(zoomIn: false), panes: [.entries], "scrubber: zoom out"),
            KeyBinding([.char("m")], .scrubMark, panes: [.entries], "scrubber: mark a range (again to clear)"),
            // Groups.
            KeyBinding([.char("n")], .createGroup, panes: [.groups], "new consumer group", writes: true, hint: true),
            KeyBinding([.char("D")], .destroyGroup, panes: [.groups], "destroy the group", writes: true, destructive: true),
            KeyBinding([.char("S")], .setGroupID, panes: [.groups], "set the group's last-delivered-id", writes: true, destructive: true),
            KeyBinding([.char("X")], .deleteConsumer, panes: [.groups], "delete a consumer (drops its pending)", writes: true, destructive: true),
            // Pending.
            KeyBinding([.char(" ")], .toggleMark, panes: [.pending], "mark / unmark the row", hint: true),
            KeyBinding([.char("v")], .markRange, panes: [.pending], "mark from the last mark to here"),
            KeyBinding([.char("u")], .clearMarks, panes: [.pending], "clear marks"),
            KeyBinding([.char("c")], .claim, panes: [.pending], "claim marked rows to a consumer (XCLAIM)", writes: true, hint: true),
            KeyBinding([.char("A")], .autoclaim, panes: [.pending], "autoclaim idle rows, with a preview (XAUTOCLAIM)", writes: true),
            KeyBinding([.char("x")], .acknowledge, panes: [.pending], "acknowledge marked rows (XACK)", writes: true, destructive: true, hint: true),
            KeyBinding([.char("L")], .deadLetter, panes: [.pending], "move marked rows to the dead-letter stream", writes: true, destructive: true),
        ]
        return KeyMap(bindings: readOnly ? all.filter { !$0.writes } : all)
    }

    /// The action for a key in a pane. - Complexity: O(bindings)
    public func action(for key: Key, in pane: Pane) -> Action? {
        for b in bindings where b.keys.contains(key) && (b.panes == nil || b.panes!.contains(pane)) {
            return b.action
        }
        return nil
    }

    /// Bindings for the hint bar in a pane: the pane's own first, then global ones.
    public func hints(for pane: Pane) -> [KeyBinding] {
        bindings.filter { $0.hint && $0.panes?.contains(pane) == true } + bindings.filter { $0.hint && $0.panes == nil }
    }
}
