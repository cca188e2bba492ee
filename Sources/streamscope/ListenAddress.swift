import ArgumentParser

/// `--listen [ADDR:]PORT`: where the explorer also serves its engine over the Redis
/// protocol. The address defaults to 127.0.0.1; the last colon splits it from the port,
/// so `::1:7000` is IPv6 loopback.
struct ListenAddress: ExpressibleByArgument, CustomStringConvertible {
    var host = "127.0.0.1"
    var port: Int

    init?(argument: String) {
        var portText = Substring(argument)
        if let colon = argument.lastIndex(of: ":") {
            host = String(argument[..<colon])
            portText = argument[argument.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else { return nil }
        self.port = port
    }

    var description: String { "\(host):\(port)" }
}
