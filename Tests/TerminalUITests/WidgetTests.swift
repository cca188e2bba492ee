import Testing
@testable import TerminalUI

@Suite("Widgets")
struct WidgetTests {
    @Test("a table keeps its header and scrolls rows to keep the selection visible")
    func tableScrolls() {
        let rows = (0..<10).map { ["row\($0)", "\($0 * 10)"] }
        var t = Table(columns: [.init("name", .flex(min: 4)), .init("n", .fixed(3), alignRight: true)], rows: rows, selected: 7)
        t.offset = Table.scrollOffset(selected: 7, offset: 0, visible: 3, count: rows.count)
        var buf = ScreenBuffer(width: 12, height: 4)
        t.render(into: &buf, buf.bounds, focused: true)
        #expect(buf.lines() == [" name      n", " row5     50", " row6     60", " row7     70"])
    }

    @Test("flexible columns share the width left by fixed ones")
    func columnSizing() {
        let t = Table(columns: [.init("a", .flex(min: 2)), .init("b", .fixed(4)), .init("c", .flex(min: 2))])
        #expect(t.widths(total: 21) == [7, 4, 7])
    }

    @Test("sparklines scale to their maximum")
    func sparkline() {
        #expect(Sparkline.render([0, 1, 2, 4, 8], width: 5) == " ▁▂▄█")
        #expect(Sparkline.render([5, 5, 5], width: 2) == "██")
    }

    @Test("a histogram draws bars scaled to the tallest and a cursor marker")
    func histogram() {
        var buf = ScreenBuffer(width: 4, height: 3)
        Histogram(counts: [0, 2, 4, 1], cursor: 1).render(into: &buf, buf.bounds)
        #expect(buf.lines() == [" ┊█", " ██▄", " ▲"])  // the cursor column shows ┊ above its bar
    }

    @Test("a marked range shows without colour: ░ shades the space above its bars")
    func histogramMarkedRange() {
        var buf = ScreenBuffer(width: 5, height: 3)
        Histogram(counts: [0, 2, 4, 1, 0], markedRange: 0...2).render(into: &buf, buf.bounds)
        #expect(buf.lines() == ["░░█", "░██▄", ""])
    }

    @Test("the input line edits, recalls history and completes words")
    func inputLine() {
        var line = InputLine("", history: ["XLEN orders"], completions: ["XRANGE", "XREADGROUP", "XREAD"])
        for c in "XR" { _ = line.handle(.char(c)) }
        _ = line.handle(.tab)
        #expect(line.value == "XRANGE")
        _ = line.handle(.tab)
        #expect(line.value == "XREADGROUP")
        _ = line.handle(.ctrl("u"))
        #expect(line.value == "")
        _ = line.handle(.up)
        #expect(line.value == "XLEN orders")
        _ = line.handle(.ctrl("w"))
        #expect(line.value == "XLEN ")
        #expect(line.handle(.enter) == .submitted("XLEN "))
        #expect(line.handle(.escape) == .cancelled)
    }

    @Test("the hint bar drops hints that do not fit")
    func hintBar() {
        var buf = ScreenBuffer(width: 20, height: 1)
        HintBar.render(into: &buf, buf.bounds, hints: [("q", "quit"), ("?", "help"), ("tab", "next pane")])
        #expect(buf.lines()[0].contains("q quit"))
        #expect(!buf.lines()[0].contains("next pane"))
    }
}
