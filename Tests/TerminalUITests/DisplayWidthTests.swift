import Testing
@testable import TerminalUI

@Suite("Display width")
struct DisplayWidthTests {
    @Test("ASCII is one column, CJK and emoji two, combining marks zero")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute: one grapheme, one column
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("\u{200B}") == 0)
    }

    @Test("text is cut to a column budget with an ellipsis, never splitting a wide glyph")
    func truncation() {
        #expect(TextFit.truncate("stream-name", 6) == "strea…")
        #expect(TextFit.truncate("日本語です", 5) == "日本…")
        #expect(DisplayWidth.of(TextFit.truncate("日本語です", 5)) <= 5)
        #expect(TextFit.pad("42", 5, right: true) == "   42")
    }

    @Test("wrapping breaks at spaces and splits words longer than the line")
    func wrapping() {
        #expect(TextFit.wrap("the quick brown fox", 10) == ["the quick", "brown fox"])
        #expect(TextFit.wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"])
    }
}
