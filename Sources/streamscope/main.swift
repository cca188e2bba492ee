import Explorer
import Foundation
import StreamNetwork
import StreamStorage

/// `streamscope`: the explorer (default), `streamscope prompt` (a redis-cli-style line
/// prompt over the same engine). Both run on the embedded engine.

let arguments = Array(CommandLine.arguments.dropFirst())

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "serve" {
    runServe(Array(CommandLine.arguments.dropFirst(2)))
}

let usage = """
usage: streamscope [--data DIR | --memory | --redis URL] [--read-only] [--no-demo] [--stuck-idle 30s]
                   [--poison-deliveries 5] [--dead-letter-suffix :dead] [--help]
       streamscope prompt [--demo | --empty] [--data DIR] [--appendfsync POLICY]
       streamscope check DIR [--repair]

The StreamScope explorer: a full-screen view of streams, entries over time, consumer
groups and pending entries, on the embedded engine (Redis 7.0 stream semantics).
An empty store starts a demo workload (two streams, three groups, a consumer that
dies, poison messages); `d` stops it. Press ? inside for every key.

  --redis URL   explore a Redis 7 server instead: redis://[user[:password]@]host[:port][/db]
                (password also from REDISCLI_AUTH, or asked for without echo);
                rediss:// for TLS, with --tls-ca FILE, --tls-cert FILE --tls-key FILE,
                or --tls-insecure (no verification: self-signed test setups only)
  --read-only   no key or prompt command writes; a READ-ONLY badge shows it
  --no-demo     start with an empty store and no workload
  --data DIR    the store's directory (default: $XDG_DATA_HOME/streamscope or
                ~/.local/share/streamscope); a journal plus snapshots
  --appendfsync always|everysec|no   when the journal reaches the disk (default everysec)
  --listen [ADDR:]PORT   also serve this engine over the Redis protocol (loopback only),
                so redis-cli or a service can produce and consume while you watch
  --memory      a throwaway store in memory
  --stuck-idle D            pending rows idle this long show red (default 30s)
  --poison-deliveries N     pending rows delivered this often show magenta (default 5)
  --dead-letter-suffix S    dead-lettered entries go to <stream>S (default :dead)

`streamscope prompt` reads Redis commands line by line (from a terminal or a pipe)
and prints replies as redis-cli does; `--demo` loads the demo workload first.
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("streamscope: \(message)\n".utf8))
    exit(2)
}

if arguments.first == "check" {
    runCheck(Array(arguments.dropFirst()))
}

if arguments.first == "prompt" {
    runPrompt(Array(arguments.dropFirst()))
}

/// The explorer's options, or an exit with a message saying what is wrong.
func parseExplorerOptions(_ arguments: [String]) -> ExplorerOptions {
    var options = ExplorerOptions()
    var rest = arguments[...]
    func value(_ option: String) -> String {
        guard let v = rest.popFirst() else { fail("\(option) needs a value") }
        return v
    }
    while let arg = rest.popFirst() {
        switch arg {
        case "--stuck-idle":
            let v = value(arg)
            guard let ms = TimeText.parseDuration(v) else { fail("--stuck-idle '\(v)' is not a duration (30s, 2m, 500ms)") }
            options.stuckIdleMs = ms
        case "--poison-deliveries":
            let v = value(arg)
            guard let n = UInt64(v), n > 0 else { fail("--poison-deliveries '\(v)' is not a positive count") }
            options.poisonDeliveries = n
        case "--dead-letter-suffix":
            let v = value(arg)
            guard !v.isEmpty else { fail("--dead-letter-suffix needs a non-empty suffix") }
            options.deadLetterSuffix = v
        case "--read-only": options.readOnly = true
        case "--no-demo": options.demo = false
        case "--memory": options.memory = true
        case "--data": options.dataDirectory = value(arg)
        case "--appendfsync":
            let v = value(arg)
            guard let p = FsyncPolicy(rawValue: v) else { fail("--appendfsync takes always, everysec or no (not '\(v)')") }
            options.fsync = p
        case "-h", "--help":
            print(usage)
            exit(0)
        case "--tls-ca": options.tls.caFile = value(arg)
        case "--tls-cert": options.tls.certFile = value(arg)
        case "--tls-key": options.tls.keyFile = value(arg)
        case "--tls-insecure": options.tls.insecure = true
        case "--listen": options.listen = value(arg)
        case "--redis":
            options.redisURL = value(arg)
            options.demo = false  // never write to someone's server uninvited
        default:
            fail("unknown option '\(arg)'\n\(usage)")
        }
    }
    return options
}

runExplorer(parseExplorerOptions(arguments))
