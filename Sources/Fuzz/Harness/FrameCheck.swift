import TerminalUI

/// What every drawn frame must satisfy: the requested size, a cursor on the screen, wide
/// characters whole (never cut by the right edge, always followed by their continuation
/// cell), and no control characters, which would drive the terminal instead of showing.
enum FrameCheck {
    static func problems(_ frame: ScreenBuffer, width: Int, height: Int) -> [String] {
        var problems: [String] = []
        if frame.width != width || frame.height != height || frame.cells.count != width * height {
            problems.append("frame is \(frame.width)×\(frame.height) with \(frame.cells.count) cells, screen \(width)×\(height)")
            return problems
        }
        if let c = frame.cursor, !(0..<width).contains(c.x) || !(0..<height).contains(c.y) {
            problems.append("cursor at \(c.x),\(c.y) off the \(width)×\(height) screen")
        }
        for y in 0..<height {
            for x in 0..<width {
                let cell = frame[x, y]
                if cell.width == 2 && (x + 1 >= width || !frame[x + 1, y].isContinuation) {
                    problems.append("wide cell \(cell.text.debugDescription) at \(x),\(y) is cut")
                }
                if cell.text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) {
                    problems.append("control character drawn at \(x),\(y): \(cell.text.debugDescription)")
                }
            }
            if problems.count > 5 { break }
        }
        return problems
    }
}
