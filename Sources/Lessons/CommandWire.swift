import RESP

/// The commands of an event kept as one buffer of RESP arrays of bulk strings (what a
/// client sends), instead of an array per command and per word: a fast lesson records
/// millions of words, and one buffer an event is a single allocation that a page holds
/// densely. Read back word by word only when an event is shown or written out.
struct CommandWire: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    init(_ commands: [[[UInt8]]]) {
        var size = 0
        for args in commands { size += 16 + args.reduce(0) { $0 + $1.count + 16 } }
        bytes.reserveCapacity(size)
        for args in commands { append(args) }
    }

    /// `*<words>` and each word as `$<length>` and its bytes. O(bytes of the command).
    mutating func append(_ args: [[UInt8]]) {
        RESPEncoder.appendHeader(UInt8(ascii: "*"), args.count, into: &bytes)
        for word in args {
            RESPEncoder.appendHeader(UInt8(ascii: "$"), word.count, into: &bytes)
            bytes.append(contentsOf: word)
            bytes.append(13)
            bytes.append(10)
        }
        count += 1
    }

    /// The commands, word by word, as they were appended. O(bytes).
    var commands: [[[UInt8]]] {
        var out: [[[UInt8]]] = []
        out.reserveCapacity(count)
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            func number() -> Int {
                i += 1  // the `*` or `$`
                var n = 0
                while p[i] != 13 { n = n * 10 + Int(p[i] - 48); i += 1 }
                i += 2
                return n
            }
            while i < p.count {
                let words = number()
                var args: [[UInt8]] = []
                args.reserveCapacity(words)
                for _ in 0..<words {
                    let length = number()
                    args.append(Array(p[i..<i + length]))
                    i += length + 2
                }
                out.append(args)
            }
        }
        return out
    }
}
