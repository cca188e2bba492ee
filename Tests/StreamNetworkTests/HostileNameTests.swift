import Foundation
import RESP
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Clients that send enormous or made-up command names and leave: the server answers
/// each as Redis does and keeps nothing of them.
@Suite("Serving: hostile command names leave nothing behind", .serialized)
struct HostileNameTests {
    /// Resident memory of a process in KiB, from /proc.
    static func residentKiB(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    @Test("a hundred clients each sending a 1 MB command name raise the server's memory by a few MB at most")
    func enormousNames() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let pid = server.process.processIdentifier
        // Warm up the allocator and the route cache with ordinary traffic first.
        let warm = try RedisConnection(port: server.port)
        for i in 0..<200 { _ = try warm.rawCommand(["XADD", "s", "\(i + 1)-0", "f", "v"]) }
        warm.close()
        let before = try #require(Self.residentKiB(pid))

        for i in 0..<100 {
            let c = try RedisConnection(port: server.port)
            // Every name differs, so that no two could share a cache slot.
            let name = Array("Q\(i)-".utf8) + [UInt8](repeating: UInt8(ascii: "a") + UInt8(i % 26), count: 1 << 20)
            let reply = try c.rawCommand([name, Array("x".utf8)])
            // Redis quotes at most 128 bytes of the name in its error.
            #expect(reply.starts(with: Array("-ERR unknown command 'Q".utf8)) && reply.count < 300)
            c.close()
        }
        // The server is idle again once a fresh client's PING is answered.
        let probe = try RedisConnection(port: server.port)
        #expect(try probe.rawCommand(["PING"]) == Array("+PONG\r\n".utf8))
        #expect(try probe.rawCommand(["XLEN", "s"]) == Array(":200\r\n".utf8))
        probe.close()
        // Memory goes back once the closed connections are torn down: wait for that, not
        // for a fixed time, and fail if it has not happened within 5 s.
        var after = try #require(Self.residentKiB(pid))
        for _ in 0..<100 where after - before >= 16 * 1024 {
            usleep(50_000)
            after = try #require(Self.residentKiB(pid))
        }
        // 100 names of 1 MB each would be about 200 MB if kept (twice: raw and lowercased).
        #expect(after - before < 16 * 1024, "RSS grew from \(before) KiB to \(after) KiB")
    }
}
