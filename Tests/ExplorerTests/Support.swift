import Explorer
import RESP
import StreamEngine
import TerminalUI

/// An explorer over a fresh embedded engine with a hand-moved clock, sized like a
/// terminal, driven by key presses as a user would.
final class Harness {
    let clock = ManualClock(milliseconds: 1_800_000_000_000)
    let source: EmbeddedSource
    let app: ExplorerApp

    init(readOnly: Bool = false, width: Int = 120, height: Int = 40, setup: [[String]] = Harness.stuckOrders,
         layout: ExplorerLayout = .standard, dialect: RedisDialect = .redis7_0) {
        source = EmbeddedSource(clock: clock)
        source.keyspace.dialect = dialect
        for cmd in setup {
            if cmd == ["ADVANCE"] { clock.advance(by: 60_000); continue }
            _ = try! source.execute(cmd)
        }
        app = ExplorerApp(source: source, readOnly: readOnly, layout: layout)
        app.resize(width: width, height: height)
    }

    /// Ten orders a second apart; group `billing` delivered all of them to `dead`, a
    /// minute ago, and `shipping` nothing.
    static let stuckOrders: [[String]] = (0..<10).map { i in
        ["XADD", "orders", "\(1_800_000_000_000 - 60_000 + UInt64(i) * 1000)-0", "item", "item\(i)", "qty", "\(i % 3 + 1)"]
    } + [
        ["XGROUP", "CREATE", "orders", "billing", "0"],
        ["XGROUP", "CREATE", "orders", "shipping", "$"],
        ["XREADGROUP", "GROUP", "billing", "dead", "COUNT", "4", "STREAMS", "orders", ">"],
        ["ADVANCE"],
    ]

    func press(_ keys: Key...) { for k in keys { app.handle(k) } }

    func type(_ text: String) { for c in text { app.handle(.char(c)) } }

    func reply(_ words: String...) -> RESPValue { try! source.execute(words) }

    var screen: [String] { app.render().lines() }

    func screenContains(_ text: String) -> Bool { screen.contains { $0.contains(text) } }
}
