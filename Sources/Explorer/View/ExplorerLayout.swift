import TerminalUI

/// The explorer's panes and where they go, declared: the panes (their order is the Tab
/// order and gives the number keys), then arrangements from the largest screen down.
/// A new pane is its type in `Panes/` and its line here.
public struct ExplorerLayout: Sendable {
    public var panes: [any Pane]
    public var arrangements: [Arrangement]

    public init(panes: [any Pane], arrangements: [Arrangement]) {
        self.panes = panes
        self.arrangements = arrangements
    }

    public static let standard = ExplorerLayout(
        panes: [StreamsPane(), EntriesPane(), GroupsPane(), PendingPane(), TimeScrubberPane(), CommandLogPane()],
        arrangements: [
            // 90×24 and larger: streams over groups on the left (2/5 of the width, 40 to
            // 48 columns); entries over the time scrubber over pending on the right; the
            // command log along the bottom, growing to half the body when focused.
            Arrangement(minWidth: 90, minHeight: 24, .rows([
                (.rest, .columns([
                    (.fraction(2, of: 5, min: 40, max: 48), .rows([
                        (.fraction(11, of: 20), .pane(.streams)),
                        (.rest, .pane(.groups)),
                    ])),
                    (.rest, .rows([
                        (.rest, .pane(.entries)),
                        (.cells(7), .pane(.timeScrubber)),
                        (.fraction(7, of: 20), .pane(.pending)),
                    ])),
                ])),
                (.growsWhenFocused(.commandLog, .cells(4), expanded: .fraction(1, of: 2)), .pane(.commandLog)),
            ])),
            // 60×20 and larger (a projector's 80×24): a tab strip names every pane; the
            // streams pane over the selected stream's groups, and a group over its
            // pending entries (the same two, whichever of them has the focus); the
            // entries and the log alone, at full size.
            Arrangement(minWidth: 60, minHeight: 20, tabs: true, .byFocus([
                (.streams, .rows([(.fraction(1, of: 2), .pane(.streams)), (.rest, .pane(.groups))])),
                (.groups, .rows([(.fraction(2, of: 5), .pane(.groups)), (.rest, .pane(.pending))])),
                (.pending, .rows([(.fraction(2, of: 5), .pane(.groups)), (.rest, .pane(.pending))])),
            ], otherwise: .focusedPane)),
            // Smaller: the focused pane alone, full size, under the tab strip.
            Arrangement(tabs: true, .focusedPane),
        ])

    /// On a Redis Cluster: the standard panes, the partitions view (`6`) and the nodes
    /// view (`7`), which take no room until focused and then half the body.
    public static let cluster = standard.adding(PartitionsPane()).adding(NodesPane())

    /// This layout and `pane`, which takes no room until focused (its number key, Tab)
    /// and then half the body, at the bottom. For panes only some sources need.
    public func adding(_ pane: any Pane) -> ExplorerLayout {
        var l = self
        l.panes.append(pane)
        l.arrangements[0].body = .rows([(.rest, l.arrangements[0].body),
                                        (.growsWhenFocused(pane.id, .cells(0), expanded: .fraction(1, of: 2)), .pane(pane.id))])
        return l
    }

    /// The panes that take the focus, in Tab order.
    public var focusOrder: [any Pane] { panes.filter(\.focusable) }

    public func pane(_ id: PaneID) -> (any Pane)? { panes.first { $0.id == id } }

    /// What the declared panes need loaded, together.
    public var needs: DataNeeds { panes.reduce(into: DataNeeds()) { $0.formUnion($1.needs) } }

    /// "1 Streams" for a focusable pane, the bare title otherwise.
    func heading(_ pane: any Pane) -> String {
        guard let i = focusOrder.firstIndex(where: { $0.id == pane.id }), i < 9 else { return pane.title }
        return "\(i + 1) \(pane.title)"
    }
}
