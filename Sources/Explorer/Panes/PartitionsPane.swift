import RESP
import TerminalUI

extension PaneID {
    public static let partitions = PaneID("partitions")
}

/// The selected stream's logical stream, when it is one partition of several
/// (`PartitionRules`): a row per partition with its length, rate and node, and for each
/// consumer group (the first three by name) its lag and pending entries there; the last
/// row is the totals. A skewed partition is marked `!` (red). Moving here selects that
/// partition in the other panes. Takes no room until focused.
public struct PartitionsPane: Pane {
    public init() {}
    public var id: PaneID { .partitions }
    public var title: String { "Partitions" }
    public var needs: DataNeeds { [.partitions] }
    /// Groups shown side by side, at most.
    static let groupColumns = 3

    public func move(_ s: inout AppState, by n: Int) -> [Effect] {
        guard let key = s.selectedStream, let family = s.partitionRules.partitions(of: key, in: s.streams) else { return [] }
        let view = PartitionView.build(name: family.name, partitions: family.members, groups: [:], rates: [:])
        let i = view.rows.firstIndex { $0.key == key } ?? 0
        let next = view.rows[clampRow(i + n, view.rows.count)].key
        guard next != key else { return [] }
        s.selectedStream = next
        Reducer.resetStreamView(&s)
        return [.refresh]
    }

    public func back(_ s: inout AppState) -> [Effect] {
        s.focus = .streams
        return []
    }

    public func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        // No room until focused: nothing to draw, not even a border.
        guard rect.height > 0 else { return }
        let state = context.state
        guard let key = state.selectedStream, let family = state.partitionRules.partitions(of: key, in: state.streams) else {
            context.drawTable(&buf, rect, title: context.heading,
                              Table(columns: [.init("partition", .flex(min: 8))], rows: [], rowStyles: [], selected: nil),
                              empty: "the selected stream is not partitioned (name:{n} or name:n keys, or --partitions 'pattern')")
            return
        }
        let view = PartitionView.build(name: family.name, partitions: family.members, groups: state.partitionGroups, rates: state.rates)
        let groups = Array(view.groupNames.prefix(Self.groupColumns))
        let cluster = view.rows.contains { $0.node != nil }
        func cells(_ f: PartitionView.Figures?) -> [String] {
            guard let f else { return ["·", "·"] }
            return [f.lag.map { Format.count(Int($0)) } ?? "?", Format.count(f.pending)]
        }
        var rows: [[String]] = []
        for r in view.rows {
            let name: String = (r.skewed ? RowMarks.stuckGlyph : "") + BinaryText.display(r.key)
            var row: [String] = [name, Format.count(r.length), r.rate.map(String.init) ?? "·"]
            if cluster { row.append(r.node ?? "?") }
            for g in groups { row += cells(r.groups[g]) }
            rows.append(row)
        }
        let rates = view.rows.compactMap(\.rate)
        var total: [String] = ["total", Format.count(view.totalLength), rates.isEmpty ? "·" : "\(rates.reduce(0, +))"]
        if cluster { total.append("") }
        for g in groups { total += cells(view.totals[g]) }
        rows.append(total)
        var columns: [Table.Column] = [.init("partition", .flex(min: 10)), .init("length", .fit(min: 6), alignRight: true),
                                       .init("rate/s", .fit(min: 6), alignRight: true)]
        if cluster { columns.append(.init("node", .fit(min: 4))) }
        for g in groups {
            columns.append(.init("\(g) lag", .fit(min: 5), alignRight: true))
            columns.append(.init("pend", .fit(min: 4), alignRight: true))
        }
        let styles: [Style?] = view.rows.map { $0.skewed ? RowMarks.stuckStyle : nil } + [Style(bold: true)]
        let more = view.groupNames.count > groups.count ? " +\(view.groupNames.count - groups.count) groups" : ""
        context.drawTable(&buf, rect, title: "\(context.heading) of \(view.name) (\(view.rows.count))\(more)",
                          Table(columns: columns, rows: rows, rowStyles: styles, selected: view.rows.firstIndex { $0.key == key }),
                          empty: "no partitions")
        if view.rows.contains(where: \.skewed) {
            RowMarks.legend([(RowMarks.stuckGlyph, RowMarks.stuckStyle, "skewed: over twice the median length or rate")], rect, &buf)
        }
    }
}
