/// What `--tokenizer` names, as a token counter: `estimate` for the documented estimate, anything else
/// as `Tokenizer.load` reads it (a shipped name, `ENCODING=PATH`, or a file path).
public enum TokenCounters {
    /// The counter used when a run names none: exact Qwen2 tokens, shipped with DataMan.
    public static let defaultReference = "qwen2"

    public static func load(_ reference: String) throws -> any TokenCounter {
        if reference == "estimate" { return EstimatedTokenCounter() }
        return try Tokenizer.load(reference)
    }
}
