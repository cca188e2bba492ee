import Testing
import TestSupport
@testable import TerminalUI

@Suite("Screen diff: only changed cells are written")
struct ScreenDiffTests {
    /// What a terminal shows after `changes` of `frame` are written over `shown`: a wide
    /// glyph covers the cell after it.
    func apply(_ changes: [(x: Int, y: Int)], of frame: ScreenBuffer, over shown: ScreenBuffer) -> ScreenBuffer {
        var t = shown
        for (x, y) in changes {
            t[x, y] = frame[x, y]
            if frame[x, y].width == 2, x + 1 < frame.width { t[x + 1, y] = frame[x + 1, y] }
        }
        return t
    }

    @Test("the first frame, or a new size, writes every cell but continuations")
    func fullFrame() {
        var buf = ScreenBuffer(width: 5, height: 2)
        buf.put("a日b", x: 0, y: 0)
        #expect(buf.changedCells(since: nil).count == 9)
        #expect(buf.changedCells(since: ScreenBuffer(width: 4, height: 2)).count == 9)
    }

    @Test("one changed cell is the only one written; an unchanged frame writes nothing")
    func oneCell() {
        var a = ScreenBuffer(width: 20, height: 4)
        a.put("streams", x: 1, y: 1)
        var b = a
        #expect(b.changedCells(since: a).isEmpty)
        b.put("S", x: 1, y: 1)
        #expect(b.changedCells(since: a).map { [$0.x, $0.y] } == [[1, 1]])
        b.put("s", x: 1, y: 1, style: Style(bold: true))
        #expect(b.changedCells(since: a).map { [$0.x, $0.y] } == [[1, 1]], "a style change is a change")
    }

    @Test("writing the changes over the previous frame gives the new one, wide glyphs included (seeded random frames)")
    func applyingChangesGivesTheFrame() {
        var rng = SeededGenerator(seed: 7)
        let words = ["a", "bc", "日", "本x", "é", "  ", "語a日"]
        let styles = [Style.plain, Style(fg: .red), Style(bold: true)]
        func scribble(_ buf: inout ScreenBuffer, _ n: Int) {
            for _ in 0..<n {
                buf.put(words[Int.random(in: 0..<words.count, using: &rng)], x: Int.random(in: 0..<buf.width, using: &rng), y: Int.random(in: 0..<buf.height, using: &rng), style: styles[Int.random(in: 0..<styles.count, using: &rng)])
            }
        }
        for _ in 0..<300 {
            var before = ScreenBuffer(width: 12, height: 3)
            scribble(&before, 10)
            var after = before
            scribble(&after, Int.random(in: 0..<4, using: &rng))
            let changes = after.changedCells(since: before)
            #expect(apply(changes, of: after, over: before) == after, "before \(before.lines()) after \(after.lines())")
            let differing = (0..<after.height).flatMap { y in (0..<after.width).map { (x: $0, y: y) } }
                .filter { after[$0.x, $0.y] != before[$0.x, $0.y] }.count
            #expect(changes.count <= differing, "more cells written than changed")
        }
    }
}
