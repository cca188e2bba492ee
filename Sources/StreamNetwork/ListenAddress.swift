/// Where the explorer also serves its engine over the Redis protocol (`--listen
/// [ADDR:]PORT`). The address defaults to 127.0.0.1; the last colon splits it from the
/// port, so `::1:7000` is IPv6 loopback.
public struct ListenAddress: Equatable, Sendable, CustomStringConvertible {
    public var host = "127.0.0.1"
    public var port: Int

    /// `PORT` or `ADDR:PORT` with a port from 0 to 65535 (0 picks a free one), else nil. O(length).
    public init?(_ text: String) {
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.port = port
    }

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Why the explorer must not listen here, naming the way out, or nil when it may.
    /// The explorer takes no password, so only a loopback address is allowed: anyone who
    /// could reach another could read and change every stream.
    public var refusal: String? {
        ServeOptions.isLoopback(host) ? nil
            : "--listen binds loopback addresses only, not \(host); to serve other hosts use `streamscope serve --requirepass ...`"
    }

    public var description: String { "\(host):\(port)" }
}
