import RESP
@_exported import TestSupport

func b(_ s: String) -> [UInt8] { Array(s.utf8) }

func fromHex(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = hex.utf8.makeIterator()
    while let h = it.next(), let l = it.next() {
        let v = { (c: UInt8) -> UInt8 in c <= 57 ? c - 48 : c - 87 }
        out.append(v(h) << 4 | v(l))
    }
    return out
}

/// Splits `bytes` into random chunks of 1...maxChunk bytes.
func randomChunks(_ bytes: [UInt8], maxChunk: Int, using rng: inout SeededGenerator) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var i = 0
    while i < bytes.count {
        let n = Int.random(in: 1...maxChunk, using: &rng)
        chunks.append(Array(bytes[i..<min(i + n, bytes.count)]))
        i += n
    }
    return chunks
}

/// Outcome of feeding a request stream: the commands parsed and the error, if any.
struct RequestOutcome: Equatable {
    var commands: [[[UInt8]]] = []
    var error: RESPProtocolError?
}

/// Feeds the chunks one by one, draining commands after each.
func parseRequests(_ chunks: [[UInt8]], limits: RESPLimits = .init()) -> RequestOutcome {
    var parser = RESPRequestParser(limits: limits)
    var outcome = RequestOutcome()
    for chunk in chunks {
        parser.append(chunk)
        do {
            while let command = try parser.next() { outcome.commands.append(command) }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

func parseRequests(_ stream: [UInt8], limits: RESPLimits = .init()) -> RequestOutcome {
    parseRequests([stream], limits: limits)
}

func multibulk(_ args: [[UInt8]]) -> [UInt8] {
    var out = b("*\(args.count)\r\n")
    for a in args { out += b("$\(a.count)\r\n") + a + b("\r\n") }
    return out
}

/// Random binary-safe command (arguments may contain CR, LF, NUL, '*', '$').
func randomCommand(using rng: inout SeededGenerator) -> [[UInt8]] {
    let alphabet: [UInt8] = [0, 10, 13, 36, 42, 48, 65, 97, 255, 32, 34]
    return (0..<Int.random(in: 1...5, using: &rng)).map { _ in
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in
            Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }
}

/// Random nested value of every case (depth-limited).
func randomValue(depth: Int, using rng: inout SeededGenerator) -> RESPValue {
    let leafCases = 10
    let pick = Int.random(in: 0..<(depth > 0 ? leafCases + 5 : leafCases), using: &rng)
    func word() -> String {
        String((0..<Int.random(in: 0...8, using: &rng)).map { _ in "abcXYZ 09é_".randomElement(using: &rng)! })
    }
    func blob() -> [UInt8] {
        (0..<Int.random(in: 0...10, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
    func children() -> [RESPValue] {
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth - 1, using: &rng) }
    }
    switch pick {
    case 0: return .simpleString(word())
    case 1: return .error("ERR " + word())
    case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &rng) >> Int64.random(in: 0...63, using: &rng))
    case 3: return .bulkString(blob())
    case 4: return .nullBulk
    case 5: return .double([0.1, -2.5, 3, 1e300, -1.5e-7, .infinity, -.infinity, 0].randomElement(using: &rng)!)
    case 6: return .boolean(Bool.random(using: &rng))
    case 7: return .verbatim(format: Bool.random(using: &rng) ? "txt" : "mkd", text: blob())
    case 8: return .bigNumber((Bool.random(using: &rng) ? "-" : "") + "1234567999999999999999999999999999999")
    case 9: return .nullArray
    case 10: return .array(children())
    case 11: return .set(children())
    case 12: return .push(children())
    case 13: return .map(children().map { ($0, randomValue(depth: depth - 1, using: &rng)) })
    default: return .array([])
    }
}

/// The value a RESP2 reader sees after Redis folds RESP3 shapes into RESP2.
func foldedToRESP2(_ v: RESPValue) -> RESPValue {
    switch v {
    case .array(let a), .set(let a), .push(let a): return .array(a.map(foldedToRESP2))
    case .map(let m): return .array(m.flatMap { [foldedToRESP2($0.0), foldedToRESP2($0.1)] })
    case .double(let d): return .bulkString(RESPEncoder.doubleText(d))
    case .boolean(let x): return .integer(x ? 1 : 0)
    case .verbatim(_, let text): return .bulkString(text)
    case .bigNumber(let s): return .bulkString(Array(s.utf8))
    default: return v
    }
}

/// The value a RESP3 reader sees: both nulls are `_`, read back as `.nullBulk`.
func nullsMergedForRESP3(_ v: RESPValue) -> RESPValue {
    switch v {
    case .nullArray: return .nullBulk
    case .array(let a): return .array(a.map(nullsMergedForRESP3))
    case .set(let a): return .set(a.map(nullsMergedForRESP3))
    case .push(let a): return .push(a.map(nullsMergedForRESP3))
    case .map(let m): return .map(m.map { (nullsMergedForRESP3($0.0), nullsMergedForRESP3($0.1)) })
    default: return v
    }
}
