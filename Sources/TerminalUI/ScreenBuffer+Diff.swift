extension ScreenBuffer {
    /// The cells to write so that a terminal showing `previous` shows this frame: every
    /// cell when there is no previous frame or its size differs, otherwise each cell that
    /// changed (a wide glyph also when the cell it covers changed). Continuation cells
    /// are never listed: writing the wide glyph before them covers them.
    /// - Complexity: O(cells)
    public func changedCells(since previous: ScreenBuffer?) -> [(x: Int, y: Int)] {
        let full = previous == nil || previous!.width != width || previous!.height != height
        var out: [(x: Int, y: Int)] = []
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation { continue }
                if !full, let p = previous, p[x, y] == cell,
                   cell.width == 1 || x + 1 >= p.width || p[x + 1, y] == self[x + 1, y] { continue }
                out.append((x, y))
            }
        }
        return out
    }
}
