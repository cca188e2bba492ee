import Testing
@testable import TerminalUI

@Suite("Screen buffer")
struct ScreenBufferTests {
    @Test("a wide glyph takes its cell and a continuation cell")
    func wideGlyphs() {
        var buf = ScreenBuffer(width: 6, height: 1)
        let used = buf.put("a日b", x: 0, y: 0)
        #expect(used == 4)
        #expect(buf[1, 0].text == "日")
        #expect(buf[1, 0].width == 2)
        #expect(buf[2, 0].isContinuation)
        #expect(buf.lines() == ["a日b"])
    }

    @Test("a wide glyph that does not fit at the edge becomes a space")
    func wideAtEdge() {
        var buf = ScreenBuffer(width: 3, height: 1)
        buf.put("ab日", x: 0, y: 0)
        #expect(buf.lines() == ["ab"])
        #expect(!buf[2, 0].isContinuation)
    }

    @Test("overwriting half of a wide glyph blanks the other half")
    func overwriteHalf() {
        var buf = ScreenBuffer(width: 4, height: 1)
        buf.put("日本", x: 0, y: 0)
        buf.put("x", x: 1, y: 0)
        #expect(buf.lines() == [" x本"])
        #expect(buf[0, 0].width == 1)
    }

    @Test("control characters never reach the terminal")
    func controlCharacters() {
        var buf = ScreenBuffer(width: 8, height: 1)
        buf.put("a\u{1B}[2Jb", x: 0, y: 0)
        #expect(!buf.lines()[0].contains("\u{1B}"))
    }

    @Test("a box draws its border and title")
    func box() {
        var buf = ScreenBuffer(width: 12, height: 3)
        buf.box(buf.bounds, title: "Hi")
        #expect(buf.lines() == ["┌ Hi ──────┐", "│          │", "└──────────┘"])
    }
}
