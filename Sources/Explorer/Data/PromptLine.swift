import RESP

/// A typed command line, split as redis-cli and Redis's inline protocol split it
/// (quotes, `\x` escapes). - Complexity: O(line)
public enum PromptLine: Equatable {
    case empty
    case command([[UInt8]])
    case failure(String)

    public static func parse(_ line: String) -> PromptLine {
        var parser = RESPRequestParser()
        parser.append(Array(line.utf8) + [10])
        do {
            guard let args = try parser.next(), !args.isEmpty else { return .empty }
            return .command(args)
        } catch let e as RESPProtocolError {
            return .failure(e.message)
        } catch {
            return .failure("\(error)")
        }
    }
}
