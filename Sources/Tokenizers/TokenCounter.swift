/// Counts tokens of a document's full text. Exact BPE tokenizers arrive with their own issue;
/// every counter names itself so the provenance says how `tokens` was computed.
public protocol TokenCounter: Sendable {
    /// e.g. `estimate-v1`, `qwen2`; recorded in the annotation provenance.
    var name: String { get }
    /// A hash of the vocabulary (or of the estimating rule), recorded beside the name.
    var vocabularyHash: String { get }
    func count(_ text: String) -> Int
}
