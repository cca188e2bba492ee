import Foundation

/// `streamscope`: the explorer (default), `streamscope prompt` (a redis-cli-style line
/// prompt over the same engine). Both run on the embedded engine.

let arguments = Array(CommandLine.arguments.dropFirst())

let usage = """
usage: streamscope [--read-only] [--no-demo] [--memory] [--help]
       streamscope prompt [--demo | --empty]

The StreamScope explorer: a full-screen view of streams, entries over time, consumer
groups and pending entries, on the embedded engine (Redis 7.0 stream semantics).
An empty store starts a demo workload (two streams, three groups, a consumer that
dies, poison messages); `d` stops it. Press ? inside for every key.

  --read-only   no key or prompt command writes; a READ-ONLY badge shows it
  --no-demo     start with an empty store and no workload
  --memory      keep the store in memory (the only store until durable storage lands)

`streamscope prompt` reads Redis commands line by line (from a terminal or a pipe)
and prints replies as redis-cli does; `--demo` loads the demo workload first.
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("streamscope: \(message)\n".utf8))
    exit(2)
}

if arguments.first == "prompt" {
    runPrompt(Array(arguments.dropFirst()))
}

var options = ExplorerOptions()
for arg in arguments {
    switch arg {
    case "--read-only": options.readOnly = true
    case "--no-demo": options.demo = false
    case "--memory": break
    case "-h", "--help":
        print(usage)
        exit(0)
    case "--data", "--listen", "--redis":
        fail("\(arg) is not available yet in this build: the explorer runs on the in-memory embedded engine (use --memory)")
    default:
        fail("unknown option '\(arg)'\n\(usage)")
    }
}
runExplorer(options)
