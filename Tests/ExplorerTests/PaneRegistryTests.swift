import Explorer
import Testing
import TerminalUI

/// The panes the layout declares are the only source of the key map, the help overlay,
/// the hint bar, the focus order and what a refresh loads.
@Suite("Pane registry: help, hints, focus and loading follow the declared panes")
struct PaneRegistryTests {
    static let layout = ExplorerLayout.standard

    @Test("the help overlay lists every binding of every declared pane, under the pane's section")
    func helpListsEveryPaneBinding() {
        let h = Harness(width: 160, height: 60)
        h.press(.char("?"))
        let screen = h.screen
        for pane in Self.layout.panes {
            let bindings = pane.bindings
            guard !bindings.isEmpty else { continue }
            let heading = screen.firstIndex { $0.contains("│ " + pane.helpSection + " ") || $0.contains(" " + pane.helpSection + "  ") }
            #expect(heading != nil, "no section \(pane.helpSection) in the help")
            for b in bindings {
                let line = "  " + b.keyLabel
                let listed = screen.contains { $0.contains(line) && $0.contains(String(b.help.prefix(30))) }
                #expect(listed, "the help misses \(pane.title)'s \(b.keyLabel): \(b.help)")
            }
        }
    }

    @Test("on 80×24 the help is one column that scrolls with j/k: every binding can be read in full width")
    func helpScrollsOnSmallScreens() {
        let h = Harness(width: 80, height: 24)
        h.press(.char("?"))
        var seen = h.screen
        #expect(seen.contains { $0.contains("Keys (esc closes, / finds, j/k scroll)") })
        for _ in 0..<80 {
            h.press(.char("j"))
            seen += h.screen
        }
        for b in h.app.keyMap.bindings {
            #expect(seen.contains { $0.contains("  " + b.keyLabel) && $0.contains(b.help) }, "never shown whole: \(b.help)")
        }
        // Scrolled to the end, one k moves back one row at once.
        let bottom = h.screen
        h.press(.char("k"))
        #expect(h.screen != bottom)
        h.press(.escape)
        #expect(h.app.state.modal == nil)
    }

    @Test("the hint bar of each focused pane shows exactly its own hints, then those of every pane")
    func hintBarPerPane() {
        let h = Harness(width: 160, height: 45)
        let everywhere = h.app.keyMap.bindings.filter { $0.pane == nil && $0.hint != nil }
        for (i, pane) in Self.layout.focusOrder.enumerated() {
            h.press(.char(Character(String(i + 1))))
            #expect(h.app.state.focus == pane.id)
            let expected = (pane.bindings.filter { $0.hint != nil } + everywhere)
                .map { " \($0.keyLabel) \($0.hint!) " }.joined()
            #expect(h.screen.last == expected.trimmingTrailingSpaces, "hint bar of \(pane.title)")
        }
    }

    @Test("every focusable pane has a number key and a place in the Tab cycle; panes that only show have neither")
    func focusFollowsDeclaration() {
        let h = Harness()
        var reached: [PaneID] = []
        for _ in Self.layout.focusOrder {
            reached.append(h.app.state.focus)
            h.press(.tab)
        }
        #expect(reached == Self.layout.focusOrder.map(\.id))
        for pane in Self.layout.panes where !pane.focusable {
            #expect(!h.app.keyMap.bindings.contains { $0.action == .focus(pane.id) })
        }
    }

    @Test("a refresh loads what the declared panes need: a layout of the streams pane alone reads no entries and no pending")
    func loadsWhatPanesNeed() {
        let alone = ExplorerLayout(panes: [StreamsPane()], arrangements: [Arrangement(.focusedPane)])
        let h = Harness(layout: alone)
        #expect(h.app.state.selectedStream == Array("orders".utf8))
        #expect(h.app.state.entries.isEmpty && h.app.state.pending.isEmpty)
        #expect(!h.app.state.groups.isEmpty, "the streams pane's trim preview needs the groups")
        let full = Harness()
        #expect(!full.app.state.entries.isEmpty && !full.app.state.pending.isEmpty)
    }
}

extension PaneID {
    static let note = PaneID("note")
}

/// A pane written the way a new one would be: this type and one line in a layout.
struct NotePane: Pane {
    var id: PaneID { .note }
    var title: String { "Note" }
    var needs: DataNeeds { [] }
    static let write = InputPurpose("write", prompt: "note: ", pane: .note, readsWords: false)
    var bindings: [KeyBinding] {
        [KeyBinding([.char("!")], .toggleUTC, pane: id, section: "Note", "switch the note's clock", hint: "clock"),
         KeyBinding([.char("w")], .paneAction("write"), pane: id, section: "Note", "write a note", hint: "write")]
    }
    func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
        if action == .paneAction("write") { s.modal = .input(Self.write, InputLine("")) }
        return []
    }
    func submit(_ purpose: InputPurpose, _ form: FormText, _ s: inout AppState) -> [Effect] {
        s.status = "noted: " + form.text
        return []
    }
    func render(_ context: inout PaneContext, into rect: Rect, _ buf: inout ScreenBuffer) {
        buf.box(rect, title: context.heading, focused: context.focused)
        buf.put("streams: \(context.state.streams.count)", x: rect.x + 2, y: rect.y + 1)
    }
}

@Suite("A new pane")
struct NewPaneTests {
    @Test("a pane added to the layout gets a number key, draws itself, and its keys, its own verb and form, help and hint work")
    func newPaneIsOneTypeAndOneLine() {
        let base = ExplorerLayout.standard
        let layout = ExplorerLayout(panes: base.panes + [NotePane()], arrangements: base.arrangements.suffix(1))
        let h = Harness(width: 120, height: 40, layout: layout)
        h.press(.char("6"))
        #expect(h.app.state.focus == .note)
        #expect(h.screenContains("6 Note") && h.screenContains("streams: 1"))
        #expect(h.screen.last?.hasPrefix(" ! clock  w write  q quit") == true, "\(h.screen.last ?? "")")
        // Its own verb opens its own form, and the form's text comes back to it.
        h.press(.char("w"))
        h.type("hello")
        h.press(.enter)
        #expect(h.app.state.status == "noted: hello")
        let utc = h.app.state.utc
        h.press(.char("!"))
        #expect(h.app.state.utc != utc)
        h.press(.char("?"))
        #expect(h.screenContains("switch the note's clock"))
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
