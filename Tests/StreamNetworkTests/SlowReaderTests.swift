import Foundation
import RESP
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client that pipelines requests and never reads the replies: the server stops
/// reading from it once its unsent replies pass the output limit, so its memory stays
/// flat; when the client reads again every reply arrives, complete and in order.
@Suite("Serving: a client that does not read its replies", .serialized)
struct SlowReaderTests {
    /// Writes what the socket takes without blocking; returns the bytes written.
    static func writeWhatFits(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int {
        var written = 0
        while written < bytes.count {
            let n = bytes[(bytes.startIndex + written)...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if n <= 0 { break }
            written += n
        }
        return written
    }

    @Test("6,000 pipelined XRANGE replies (about 90 MB) that nobody reads leave the server's memory flat")
    func unreadRepliesAreBounded() throws {
        let server = try ServeProcess()
        defer { _ = server.stop() }
        let pid = server.process.processIdentifier
        let setup = try RedisConnection(port: server.port)
        let value = String(repeating: "v", count: 120)
        for i in 1...100 { _ = try setup.rawCommand(["XADD", "s", "\(i)-0", "field", value]) }
        let expected = try setup.rawCommand(["XRANGE", "s", "-", "+"])
        #expect(expected.count > 14_000)
        setup.close()
        let before = try #require(HostileNameTests.residentKiB(pid))

        let requests = 6_000
        let request = RESPEncoder.encode(.array(["XRANGE", "s", "-", "+"].map { .bulk($0) }))
        var all: [UInt8] = []
        for _ in 0..<requests { all += request }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(server.port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        // Write until the socket pushes back, give the server time to run what it read,
        // and measure.
        var sent = 0
        for _ in 0..<50 {
            sent += Self.writeWhatFits(fd, all[sent...])
            usleep(20_000)
        }
        // The server has read what it will read: watch its memory while it answers.
        var during = before
        for _ in 0..<30 {
            during = max(during, HostileNameTests.residentKiB(pid) ?? 0)
            usleep(100_000)
        }
        #expect(during - before < 24 * 1024, "RSS grew from \(before) KiB to \(during) KiB with \(sent) of \(all.count) request bytes taken")

        // Now read everything (and send the rest): every reply arrives whole.
        let rest = Array(all[sent...])
        let writer = Thread {
            var at = 0
            while at < rest.count {
                let n = rest[at...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                at += n
            }
        }
        writer.start()
        var parser = RESPReplyParser()
        var replies = 0
        var wrong = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while replies < requests {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { break }
            parser.append(chunk[0..<n])
            while let reply = try parser.next() {
                if RESPEncoder.encode(reply) != expected { wrong += 1 }
                replies += 1
            }
        }
        #expect(replies == requests)
        #expect(wrong == 0)
    }
}
