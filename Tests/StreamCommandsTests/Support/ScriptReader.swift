/// Reads differential scripts: one command per line, words split on blanks, double
/// quotes for words with blanks or escapes (`\r`, `\n`, `\t`, `\\`, `\"`, `\xHH`), `#`
/// comments. A line `reset [entries N] [bytes N]` empties both servers and sets the
/// node limits.
enum ScriptLine: Equatable {
    case command([[UInt8]])
    case reset(entries: Int, bytes: Int)
}

enum ScriptReader {
    static func parse(_ text: String) -> [ScriptLine] {
        var out: [ScriptLine] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = split(Array(line.utf8))
            if let first = words.first, first == Array("reset".utf8) {
                var entries = 100, bytes = 4096
                var i = 1
                while i + 1 < words.count {
                    let v = Int(String(decoding: words[i + 1], as: UTF8.self)) ?? 0
                    if words[i] == Array("entries".utf8) { entries = v } else { bytes = v }
                    i += 2
                }
                out.append(.reset(entries: entries, bytes: bytes))
            } else if !words.isEmpty {
                out.append(.command(words))
            }
        }
        return out
    }

    static func split(_ line: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var i = 0
        while i < line.count {
            while i < line.count && (line[i] == 32 || line[i] == 9) { i += 1 }
            if i >= line.count { break }
            var word: [UInt8] = []
            if line[i] == UInt8(ascii: "\"") {
                i += 1
                while i < line.count && line[i] != UInt8(ascii: "\"") {
                    if line[i] == UInt8(ascii: "\\") && i + 1 < line.count {
                        i += 1
                        switch line[i] {
                        case UInt8(ascii: "r"): word.append(13)
                        case UInt8(ascii: "n"): word.append(10)
                        case UInt8(ascii: "t"): word.append(9)
                        case UInt8(ascii: "x") where i + 2 < line.count:
                            word.append(UInt8(String(decoding: line[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) ?? 0)
                            i += 2
                        default: word.append(line[i])
                        }
                    } else {
                        word.append(line[i])
                    }
                    i += 1
                }
                i += 1
            } else {
                while i < line.count && line[i] != 32 && line[i] != 9 { word.append(line[i]); i += 1 }
            }
            words.append(word)
        }
        return words
    }
}
