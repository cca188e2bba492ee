import TerminalUI

extension PaneID {
    public static let commandLog = PaneID("commandLog")
}

/// The Redis command behind every action the user took, newest at the bottom, written
/// so that pasting it into redis-cli sends the same bytes; the commands of an atomic
/// move are indented between its MULTI and EXEC. Focused (`5`, Tab), it grows to half
/// the screen and scrolls through the session's last `AppState.commandLogLimit`
/// commands; Enter shows a long command whole.
public struct CommandLogPane: Pane {
    public init() {}
    public var id: PaneID { .commandLog }
    public var title: String { "Command log" }
    /// The log is kept in the state as commands run; nothing is loaded for it.
    public var needs: DataNeeds { [] }

    // MARK: Behaviour

    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
        guard !s.commandLog.isEmpty else { return [] }
        s.logSelected = clampRow((s.logSelected ?? s.commandLog.count - 1) + n, s.commandLog.count)
        return []
    }

    /// A click: the log draws no header row, so the line under the mouse is one further
    /// down than a table's row index says.
    public func select(_ s: inout AppState, row index: Int) -> [Effect] {
        guard !s.commandLog.isEmpty else { return [] }
        s.logSelected = clampRow(index + 1, s.commandLog.count)
        return []
    }

    public func first(_ s: inout AppState) -> [Effect] {
        if !s.commandLog.isEmpty { s.logSelected = 0 }
        return []
    }

    /// Back to the newest, following new commands.
    public func last(_ s: inout AppState) -> [Effect] {
        s.logSelected = nil
        return []
    }

    public func open(_ s: inout AppState) -> [Effect] {
        guard !s.commandLog.isEmpty else { return [] }
        let i = s.logSelected ?? s.commandLog.count - 1
        s.modal = .text(title: "command \(i + 1) of \(s.commandLog.count)", lines: [s.commandLog[i]], scroll: 0)
        return []
    }

    /// Stops scrolling (back to the newest) first, then leaves the pane.
    public func back(_ s: inout AppState) -> [Effect] {
        if s.logSelected != nil { s.logSelected = nil } else { s.focus = .streams }
        return []
    }

    // MARK: Drawing

    /// The log's lines as drawn: those between MULTI and EXEC indented. - Complexity: O(log)
    static func lines(_ log: [String]) -> [String] {
        var inside = false
        return log.map { line in
            if line == "EXEC" || line == "DISCARD" { inside = false; return line }
            defer { if line == "MULTI" { inside = true } }
            return inside ? "  " + line : line
        }
    }

    public func render(_ context: inout PaneContext, into r: Rect, _ buf: inout ScreenBuffer) {
        let state = context.state
        let log = Self.lines(state.commandLog)
        let selected = context.focused && !log.isEmpty ? (state.logSelected ?? log.count - 1) : nil
        var title = context.heading
        if context.focused && !log.isEmpty {
            title += " · \((selected ?? 0) + 1) of \(log.count) (enter: whole command, G: newest)"
        }
        buf.box(r, title: title, focused: context.focused)
        let inside = r.inset(1)
        guard !log.isEmpty else {
            buf.put("the Redis command behind each action you take shows here", x: inside.x + 1, y: inside.y, style: Style(fg: .gray, dim: true), maxWidth: inside.width - 1)
            return
        }
        let offset = selected.map { Table.scrollOffset(selected: $0, offset: context.offset, visible: inside.height, count: log.count) }
            ?? max(0, log.count - inside.height)
        context.offset = offset
        for (i, line) in log.dropFirst(offset).prefix(inside.height).enumerated() {
            let y = inside.y + i
            if offset + i == selected {
                let style = Style(fg: .black, bg: .cyan)
                buf.fill(Rect(x: inside.x, y: y, width: inside.width, height: 1), style: style)
                buf.put("› " + line, x: inside.x + 1, y: y, style: style, maxWidth: inside.width - 1)
            } else {
                buf.put("› " + line, x: inside.x + 1, y: y, style: Style(fg: .gray), maxWidth: inside.width - 1)
            }
        }
    }
}
