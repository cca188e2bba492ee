import TerminalUI

extension PaneID {
    public static let commandLog = PaneID("commandLog")
}

/// The Redis command behind every action the user took, newest at the bottom, written
/// so that pasting it into redis-cli sends the same bytes. It takes no focus.
public struct CommandLogPane: Pane {
    public init() {}
    public var id: PaneID { .commandLog }
    public var title: String { "Command log" }
    public var focusable: Bool { false }
    /// The log is kept in the state as commands run; nothing is loaded for it.
    public var needs: DataNeeds { [] }

    public func render(_ context: inout PaneContext, into r: Rect, _ buf: inout ScreenBuffer) {
        buf.box(r, title: context.heading)
        let inside = r.inset(1)
        let lines = context.state.commandLog.suffix(inside.height)
        for (i, line) in lines.enumerated() {
            buf.put("› " + line, x: inside.x + 1, y: inside.y + i, style: Style(fg: .gray), maxWidth: inside.width - 1)
        }
        if lines.isEmpty {
            buf.put("the Redis command behind each action you take shows here", x: inside.x + 1, y: inside.y, style: Style(fg: .gray, dim: true), maxWidth: inside.width - 1)
        }
    }
}
