import StreamNetwork
import Testing

/// `--listen [ADDR:]PORT`: how it reads, and which addresses the explorer refuses before
/// any socket opens (the binary's refusal message is checked in EndToEndTests).
@Suite("Listening: the explorer's --listen address")
struct ListenAddressTests {
    @Test("a bare port is loopback; the last colon splits an address from its port",
          arguments: [("7000", "127.0.0.1", 7000), ("0", "127.0.0.1", 0), ("localhost:6380", "localhost", 6380),
                      ("::1:7000", "::1", 7000), ("127.0.0.2:65535", "127.0.0.2", 65535)])
    func parses(_ text: String, _ host: String, _ port: Int) throws {
        let address = try #require(ListenAddress(text))
        #expect(address == ListenAddress(host: host, port: port))
        #expect(address.description == "\(host):\(port)")
    }

    @Test("no port, a port that is not a number or one outside 0...65535 does not parse",
          arguments: ["", "x", "127.0.0.1:", "127.0.0.1:x", "-1", "65536", "::1:70000", "7000 "])
    func rejects(_ text: String) {
        #expect(ListenAddress(text) == nil)
    }

    @Test("only loopback addresses may be served: the explorer asks no password")
    func loopbackOnly() throws {
        for allowed in ["7000", "localhost:7000", "::1:7000", "127.9.9.9:7000"] {
            #expect(try #require(ListenAddress(allowed)).refusal == nil, "\(allowed)")
        }
        for refused in ["0.0.0.0:7000", "10.0.0.5:7000", ":7000", "::7000"] {
            let refusal = try #require(ListenAddress(refused)).refusal
            #expect(refusal?.contains("loopback addresses only") == true, "\(refused)")
            #expect(refusal?.contains("streamscope serve --requirepass") == true, "\(refused)")
        }
    }
}
