/// Where a Redis server is: `redis://[user[:password]@]host[:port][/db]`, or
/// `rediss://...` for TLS.
public struct RedisURL: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var db: Int
    public var tls: Bool

    public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil, db: Int = 0, tls: Bool = false) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.db = db
        self.tls = tls
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Parses a URL; percent-escapes in the user and password are decoded.
    /// - Complexity: O(text)
    public static func parse(_ text: String) throws(ParseError) -> RedisURL {
        var rest = Substring(text)
        var url = RedisURL()
        if rest.hasPrefix("redis://") {
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("rediss://") {
            rest = rest.dropFirst(9)
            url.tls = true
        } else {
            throw ParseError(description: "'\(text)' is not a Redis URL: write redis://[user[:password]@]host[:port][/db]")
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = String(credentials[..<colon])
                url.username = user.isEmpty ? nil : try decode(user)
                url.password = try decode(String(credentials[credentials.index(after: colon)...]))
            } else if !credentials.isEmpty {
                // redis-cli reads a lone credential as the password (the default user).
                url.password = try decode(String(credentials))
            }
        }
        if let slash = rest.firstIndex(of: "/") {
            let dbText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !dbText.isEmpty {
                guard let db = Int(dbText), db >= 0 else { throw ParseError(description: "database '\(dbText)' is not a number") }
                url.db = db
            }
        }
        var hostPart = rest
        if hostPart.hasPrefix("[") {  // [::1]:6379
            guard let close = hostPart.firstIndex(of: "]") else { throw ParseError(description: "unclosed [ in '\(text)'") }
            url.host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            hostPart = hostPart[hostPart.index(after: close)...]
            if hostPart.hasPrefix(":") { hostPart = hostPart.dropFirst() } else { hostPart = "" }
            if !hostPart.isEmpty { url.port = try port(hostPart) }
        } else if let colon = hostPart.lastIndex(of: ":") {
            url.host = String(hostPart[..<colon])
            url.port = try port(hostPart[hostPart.index(after: colon)...])
        } else if !hostPart.isEmpty {
            url.host = String(hostPart)
        }
        if url.host.isEmpty { url.host = "127.0.0.1" }
        return url
    }

    static func port(_ s: Substring) throws(ParseError) -> Int {
        guard let p = Int(s), (1...65535).contains(p) else { throw ParseError(description: "port '\(s)' is not between 1 and 65535") }
        return p
    }

    static func decode(_ s: String) throws(ParseError) -> String {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) else {
                    throw ParseError(description: "bad percent escape in '\(s)'")
                }
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The URL without its password, for the screen.
    public var description: String {
        let user = username.map { "\($0)@" } ?? (password != nil ? "default@" : "")
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "\(tls ? "rediss" : "redis")://\(user)\(hostText):\(port)\(db == 0 ? "" : "/\(db)")"
    }
}
