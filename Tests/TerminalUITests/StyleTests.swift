import Testing
import TerminalUI

@Suite("Styles on terminals with fewer colours")
struct StyleTests {
    @Test("on 8 colours grey text stays visible: the default colour dimmed, not black")
    func greyOnEightColours() {
        #expect(Color.gray.basicForeground == (.default, true))
        #expect(Color.indexed(238).basicForeground == (.default, true))
        #expect(Color.black.basicForeground == (.black, false))
        #expect(Color.red.basicForeground == (.red, false))
        #expect(Color.indexed(9).basicForeground == (.red, false))
        #expect(Color.rgb(200, 0, 200).basicForeground == (.magenta, false))
        #expect(Color.default.basicForeground == (.default, false))
    }
}
