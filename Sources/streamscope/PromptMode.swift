import Explorer
import Foundation
import Lessons
import RESP
import StreamCommands
import StreamEngine
import StreamStorage

/// `streamscope prompt`: Redis commands in, redis-cli-style replies out, one per line.
/// With `--demo` the demo scenario plays live on the engine (see `LiveLesson`): it catches
/// up with the wall clock before each command. With `directory` the engine keeps its data there.
/// `raw`: replies as redis-cli prints them into a pipe (see `ReplyText.raw`).
func runPrompt(withDemo: Bool, directory: String?, policy: FsyncPolicy, dialect: RedisDialect, raw: Bool) -> Never {
    // Wall time, until a demo drives it (LiveClock).
    let commands = CommandServer(clock: LiveClock())
    commands.keyspace.dialect = dialect
    var store: DataStore?
    if let directory {
        do { store = try DataStore(directory: directory, policy: policy, server: commands) } catch { fail("\(error)") }
        for w in store!.warnings { FileHandle.standardError.write(Data("streamscope: \(w)\n".utf8)) }
    }
    let source = EmbeddedSource(server: commands)
    var demo: LiveLesson?
    if withDemo {
        do { demo = try LiveLesson.demo(on: source) } catch { fail("cannot start the demo: \(error)") }
        if demo == nil { FileHandle.standardError.write(Data("streamscope: the store holds other data: no demo\n".utf8)) }
    }
    // Commands only a server answers (INFO, MULTI, CLIENT, ...): known to the command
    // table, not run by the embedded engine (which `help` lists).
    let serverCommands = Set(CommandServer.records.map(\.name)).subtracting(source.commandNames)
    let interactive = isatty(0) == 1
    if interactive {
        print("StreamScope \(ServerInfo.version) prompt: embedded engine, answering as Redis \(dialect.rawValue).")
        if demo != nil { print("Demo streams: orders, payments. Try: XINFO GROUPS orders, XPENDING orders billing - + 10") }
        print("Type `help` for commands, `quit` to leave.")
    }
    func show(_ reply: RESPValue) {
        if raw {
            FileHandle.standardOutput.write(Data(ReplyText.raw(reply)))
        } else {
            print(ReplyText.render(reply))
        }
        fflush(nil)
    }
    while true {
        if interactive { FileHandle.standardOutput.write(Data("streamscope> ".utf8)) }
        guard let line = readLine(strippingNewline: true) else { break }
        demo?.step()
        let args: [[UInt8]]
        switch PromptLine.parse(line) {
        case .empty: continue
        case .failure(let message):
            show(.error(message))
            continue
        case .command(let a): args = a
        }
        let name = String(decoding: args[0], as: UTF8.self).lowercased()
        if name == "quit" || name == "exit" { break }
        if name == "help" && args.count == 1 {
            print("Commands: " + source.commandNames.joined(separator: " "))
            continue
        }
        if serverCommands.contains(name) {
            show(.error("ERR '\(name.uppercased())' is answered by the server (streamscope serve), not by the embedded prompt; `help` lists the prompt's commands"))
            continue
        }
        show((try? source.execute(args)) ?? .error("ERR internal"))
    }
    store?.close()
    exit(0)
}
