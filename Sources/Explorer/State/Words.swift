/// Splits what a user types into a form into words, by the one rule the `:` prompt and
/// redis-cli use (Redis's inline protocol): spaces separate; double quotes group, with
/// `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\a` and `\xHH` escapes; single quotes group
/// literally (with `\'`); a quote may open inside a word (`item='big lamp'`); an
/// unclosed quote is an error, never swallowed text. Words are bytes: `"k\xff"` is the
/// two bytes `k`, 0xFF.
public enum Words {
    public static func split(_ text: String) -> Result<[[UInt8]], WordsError> {
        switch PromptLine.parse(text) {
        case .empty: return .success([])
        case .command(let words): return .success(words)
        case .failure(let message): return .failure(WordsError(message: message))
        }
    }
}

public struct WordsError: Error, Equatable {
    public let message: String
}
