import Foundation
import StreamCommands
import StreamEngine

/// Something alive to look at: an `orders` stream with two consumer groups, a few
/// stuck pending entries, and a producer that keeps appending and a consumer that keeps
/// reading while the prompt is open. Everything goes through the command table.
final class DemoFeed {
    let server: CommandServer
    let lock: NSLock
    private var session = CommandSession()
    private var tick = 0
    private var timer: DispatchSourceTimer?

    init(server: CommandServer, lock: NSLock) {
        self.server = server
        self.lock = lock
    }

    private func run(_ words: [String]) {
        _ = server.execute(words.map { Array($0.utf8) }, session: &session)
    }

    private static let items = ["coffee", "tea", "bagel", "croissant", "juice", "muffin"]

    private func addOrder() {
        tick += 1
        let item = Self.items[tick % Self.items.count]
        run(["XADD", "orders", "MAXLEN", "~", "5000", "*", "item", item, "qty", String(1 + tick % 3), "customer", "c\(100 + tick % 17)"])
        if tick % 5 == 0 {
            run(["XADD", "audit", "*", "event", "order-batch", "count", "5"])
        }
    }

    /// Seeds the demo keys.
    func seed() {
        lock.lock(); defer { lock.unlock() }
        for _ in 0..<40 { addOrder() }
        run(["XGROUP", "CREATE", "orders", "billing", "0"])
        run(["XGROUP", "CREATE", "orders", "shipping", "0"])
        run(["XREADGROUP", "GROUP", "billing", "worker-1", "COUNT", "12", "STREAMS", "orders", ">"])
        run(["XREADGROUP", "GROUP", "billing", "worker-2", "COUNT", "8", "STREAMS", "orders", ">"])
        run(["XREADGROUP", "GROUP", "shipping", "packer", "COUNT", "25", "STREAMS", "orders", ">"])
        // worker-1 acknowledges most of what it got; the rest stays stuck.
        var r = session
        let pending = server.execute([Array("XPENDING".utf8), Array("orders".utf8), Array("billing".utf8), Array("-".utf8), Array("+".utf8), Array("9".utf8), Array("worker-1".utf8)], session: &r)
        if case .array(let rows) = pending {
            for case .array(let row) in rows {
                if case .bulkString(let id)? = row.first {
                    _ = server.execute([Array("XACK".utf8), Array("orders".utf8), Array("billing".utf8), id], session: &session)
                }
            }
        }
    }

    /// Starts the producer (every `interval` seconds) and a slow consumer.
    func start(interval: Double = 1.0) {
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "streamscope.demo"))
        t.schedule(deadline: .now() + interval, repeating: interval)
        t.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock(); defer { self.lock.unlock() }
            self.addOrder()
            if self.tick % 3 == 0 {
                self.run(["XREADGROUP", "GROUP", "shipping", "packer", "COUNT", "2", "STREAMS", "orders", ">"])
            }
        }
        t.resume()
        timer = t
    }

    func stop() { timer?.cancel() }
}
