/// Eight-level block sparklines: `▁▂▃▄▅▆▇█`, one column per value.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as a sparkline scaled to their maximum; zero is a space.
    /// - Complexity: O(width)
    public static func render(_ values: [Int], width: Int) -> String {
        let shown = values.suffix(max(0, width))
        let top = max(1, shown.max() ?? 1)
        return String(shown.map { v -> Character in
            if v <= 0 { return " " }
            return levels[min(7, (v * 8 - 1) / top)]
        })
    }
}
