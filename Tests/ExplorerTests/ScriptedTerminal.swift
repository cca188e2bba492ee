import TerminalUI

/// A terminal for a run loop in a test: keys come from a script (nil: a wait that timed
/// out), frames are kept, and once `readLimit` reads have been made the terminal reports
/// itself interrupted, so a loop that never quits on its own still ends.
final class ScriptedTerminal: TerminalDevice {
    var width: Int
    var height: Int
    private(set) var frames: [[String]] = []
    private(set) var reads = 0
    /// How long each read was allowed to wait, in order.
    private(set) var timeouts: [Int] = []
    private var script: [Key?]
    let readLimit: Int
    /// Called at each read, before the script; a key it returns is the one read.
    var beforeRead: ((ScriptedTerminal) -> Key?)?

    init(width: Int = 100, height: Int = 30, keys: [Key?], readLimit: Int? = nil) {
        self.width = width
        self.height = height
        self.script = keys
        self.readLimit = readLimit ?? keys.count + 1
    }

    var interrupted: Bool { reads >= readLimit }

    func draw(_ frame: ScreenBuffer) { frames.append(frame.lines()) }

    /// A `.resize` in the script makes the terminal 20 columns and 10 rows smaller first.
    func readKey(timeoutMs: Int) -> Key? {
        reads += 1
        timeouts.append(timeoutMs)
        if let key = beforeRead?(self) { return key }
        guard !script.isEmpty else { return nil }
        let key = script.removeFirst()
        if key == .resize { (width, height) = (width - 20, height - 10) }
        return key
    }

    /// Whether the last frame shows `text`.
    func showing(_ text: String) -> Bool { frames.last?.contains { $0.contains(text) } ?? false }
}
