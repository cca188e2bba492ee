import RESP
import StreamCommands
import StreamEngine
import StreamServer
import Testing

/// CONFIG through the server: its own parameters and the engine's in one CONFIG SET.
@Suite("The server's CONFIG")
struct ServerConfigTests {
    func ask(_ core: ServerCore, _ client: Int64, _ words: String) -> String {
        var out: [UInt8] = []
        _ = core.receive(RESPEncoder.encode(.array(words.split(separator: " ").map { .bulk(String($0)) }))[...], from: client, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("in the Redis 8 dialect the server passes stream-idmp-* to the engine, beside its own parameters; 7.0 knows neither")
    func idmpParameters() throws {
        let core = ServerCore(commands: CommandServer())
        core.keyspace.dialect = .redis8
        let client = try #require(core.connect(address: "127.0.0.1:40000", localAddress: "127.0.0.1:6379"))
        #expect(ask(core, client, "CONFIG SET maxclients 50 stream-idmp-duration 300 stream-idmp-maxsize 7") == "+OK\r\n")
        #expect(ask(core, client, "CONFIG GET stream-idmp-duration") == "*2\r\n$20\r\nstream-idmp-duration\r\n$3\r\n300\r\n")
        #expect(ask(core, client, "CONFIG GET maxclients") == "*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n")
        #expect(core.keyspace.config.idmpMaxSize == 7)
        // All or nothing: a bad engine value leaves the server's own change unapplied too.
        #expect(ask(core, client, "CONFIG SET maxclients 60 stream-idmp-maxsize 0").hasPrefix("-ERR CONFIG SET failed (possibly related to argument 'stream-idmp-maxsize')"))
        #expect(ask(core, client, "CONFIG GET maxclients") == "*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n")

        let old = ServerCore(commands: CommandServer())
        old.keyspace.dialect = .redis7_0
        let c = try #require(old.connect(address: "127.0.0.1:40001", localAddress: "127.0.0.1:6379"))
        #expect(ask(old, c, "CONFIG SET stream-idmp-duration 300") == "-ERR Unknown option or number of arguments for CONFIG SET - 'stream-idmp-duration'\r\n")
    }
}
