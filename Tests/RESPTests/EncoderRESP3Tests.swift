import Testing
import RESP

@Suite("Encoder, RESP3")
struct EncoderRESP3Tests {
    func enc(_ v: RESPValue) -> String {
        String(decoding: RESPEncoder.encode(v, protocolVersion: 3), as: UTF8.self)
    }

    @Test func resp2ShapesAreUnchangedInRESP3() {
        #expect(enc(.simpleString("OK")) == "+OK\r\n")
        #expect(enc(.error("WRONGTYPE x")) == "-WRONGTYPE x\r\n")
        #expect(enc(.integer(-42)) == ":-42\r\n")
        #expect(enc(.bulk("ab")) == "$2\r\nab\r\n")
        #expect(enc(.array([.integer(1)])) == "*1\r\n:1\r\n")
    }

    @Test func bothNullsAreUnderscore() {
        #expect(enc(.nullBulk) == "_\r\n")
        #expect(enc(.nullArray) == "_\r\n")
    }

    @Test func mapSetPushUseTheirOwnHeaders() {
        // DEBUG PROTOCOL map / set over RESP3, as recorded from redis-server 7.0.15.
        let map = RESPValue.map([(.integer(0), .boolean(false)), (.integer(1), .boolean(true)), (.integer(2), .boolean(false))])
        #expect(enc(map) == "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n")
        #expect(enc(.set([.integer(0), .integer(1), .integer(2)])) == "~3\r\n:0\r\n:1\r\n:2\r\n")
        #expect(enc(.push([.bulk("server-cpu-usage"), .integer(42)])) == ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n")
        #expect(enc(.map([])) == "%0\r\n")
    }

    @Test func doublesUsePercent17gAndSpecialNames() {
        #expect(enc(.double(0.1)) == ",0.10000000000000001\r\n")
        #expect(enc(.double(3)) == ",3\r\n")
        #expect(enc(.double(1e300)) == ",1.0000000000000001e+300\r\n")
        #expect(enc(.double(1.5e-7)) == ",1.4999999999999999e-07\r\n")
        #expect(enc(.double(.infinity)) == ",inf\r\n")
        #expect(enc(.double(-.infinity)) == ",-inf\r\n")
        #expect(enc(.double(.nan)) == ",nan\r\n")
    }

    @Test func booleansVerbatimAndBigNumbers() {
        #expect(enc(.boolean(true)) == "#t\r\n")
        #expect(enc(.boolean(false)) == "#f\r\n")
        #expect(enc(.verbatim(format: "txt", text: b("This is a verbatim\nstring"))) == "=29\r\ntxt:This is a verbatim\nstring\r\n")
        #expect(enc(.verbatim(format: "mkd", text: [])) == "=4\r\nmkd:\r\n")
        #expect(enc(.bigNumber("-1234567999999999999999999999999999999")) == "(-1234567999999999999999999999999999999\r\n")
    }

    @Test func helloReplyMatchesRecordedRedisBytes() {
        let hello = RESPValue.map([
            (.bulk("server"), .bulk("redis")), (.bulk("version"), .bulk("7.0.15")),
            (.bulk("proto"), .integer(3)), (.bulk("id"), .integer(4)),
            (.bulk("mode"), .bulk("standalone")), (.bulk("role"), .bulk("master")),
            (.bulk("modules"), .array([])),
        ])
        let recorded = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
            + "$2\r\nid\r\n:4\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
        #expect(enc(hello) == recorded)
    }

    @Test func protocolVersionAboveThreeIsRESP3() {
        #expect(RESPEncoder.encode(.boolean(true), protocolVersion: 4) == b("#t\r\n"))
        #expect(RESPEncoder.encode(.boolean(true), protocolVersion: 1) == b(":1\r\n"))
    }
}
