import Foundation
import RESP
import StreamCommands
import StreamEngine

/// `streamscope`: an interactive prompt over the embedded stream engine. Type Redis
/// stream commands (XADD, XRANGE, XREADGROUP, XPENDING, XINFO ...) and see replies as
/// redis-cli prints them. `--demo` (the default when the input is a terminal) seeds a
/// live `orders` stream with consumer groups and stuck pending entries.

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "serve" {
    runServe(Array(CommandLine.arguments.dropFirst(2)))
}

let usage = """
usage: streamscope [--demo | --empty] [--help]

An interactive prompt over StreamScope's embedded stream engine (Redis 7.0 stream
semantics). Commands are typed as in redis-cli; `help` lists them, `quit` leaves.
Reads commands from standard input when it is not a terminal (one per line).

  --demo    seed a live `orders` stream with groups and pending entries (default on a terminal)
  --empty   start with an empty keyspace
"""

var demo = isatty(0) == 1
for arg in CommandLine.arguments.dropFirst() {
    switch arg {
    case "--demo": demo = true
    case "--empty": demo = false
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        FileHandle.standardError.write(Data("streamscope: unknown option '\(arg)'\n\(usage)\n".utf8))
        exit(2)
    }
}

let server = CommandServer()
let lock = NSLock()
var session = CommandSession()
let interactive = isatty(0) == 1
var feed: DemoFeed? = nil
if demo {
    let f = DemoFeed(server: server, lock: lock)
    f.seed()
    f.start()
    feed = f
}

if interactive {
    print("StreamScope \(ServerInfo.version): embedded engine, Redis 7.0 stream semantics.")
    if demo { print("Demo data: `orders` gets a new entry every second. Try: XINFO GROUPS orders, XPENDING orders billing - + 10") }
    print("Type `help` for commands, `quit` to leave.")
}

while true {
    if interactive {
        FileHandle.standardOutput.write(Data("streamscope> ".utf8))
    }
    guard let line = readLine(strippingNewline: true) else { break }
    var parser = RESPRequestParser()
    parser.append(Array(line.utf8) + [10])
    let args: [[UInt8]]
    do {
        guard let parsed = try parser.next() else { continue }
        args = parsed
    } catch let error as RESPProtocolError {
        print("(error) \(error.message)")
        continue
    } catch {
        print("(error) \(error)")
        continue
    }
    let name = String(decoding: args[0], as: UTF8.self).lowercased()
    if name == "quit" || name == "exit" { break }
    if name == "help" && args.count == 1 {
        print("Commands: " + server.commandNames.joined(separator: " "))
        continue
    }
    lock.lock()
    let reply = server.execute(args, session: &session)
    lock.unlock()
    print(ReplyPrinter.render(reply))
}
feed?.stop()
