import Synchronization

/// An exact LLM tokenizer: Hugging Face byte-level BPE (Qwen2, GPT-2, Llama-3), SentencePiece-style
/// BPE with byte fallback (Llama-2), or a tiktoken encoding (cl100k_base, o200k_base, p50k/r50k_base).
/// Load one with `Tokenizer.load(_:)` (a shipped name or a path) and share it between threads: each
/// thread borrows its own piece cache from a small pool.
public final class Tokenizer: TokenCounter, Sendable {
    /// e.g. `qwen2`, `cl100k_base`, or the path the tokenizer was loaded from.
    public let name: String
    /// `sha256:` and the hex SHA-256 of the (decompressed) vocabulary file.
    public let vocabularyHash: String
    let definition: TokenizerDefinition
    private let caches = Mutex<[PieceCache]>([])

    init(name: String, vocabularyHash: String, definition: TokenizerDefinition) {
        self.name = name
        self.vocabularyHash = vocabularyHash
        self.definition = definition
    }

    /// One more than the highest token id (special tokens included).
    public var vocabularySize: Int { definition.decoding.idCount }

    /// The token ids of `text`. Special-token text (`<|im_end|>`, `<s>`) in a Hugging Face tokenizer's
    /// input becomes its id, as there; tiktoken encodings treat it as plain text (`encode_ordinary`).
    public func encode(_ text: String) -> [Int] {
        var sink = CollectingSink()
        sink.ids.reserveCapacity(text.utf8.count / 3)
        run(text, into: &sink)
        return sink.ids
    }

    /// The token ids of UTF-8 bytes; invalid sequences become U+FFFD first, as Python's
    /// `bytes.decode("utf-8", "replace")` does before the reference tokenizers see the text.
    public func encode(utf8 bytes: some Collection<UInt8>) -> [Int] {
        encode(String(decoding: bytes, as: UTF8.self))
    }

    /// The id of the special (added) token whose text is `text` (`<|endoftext|>`, `</s>`), as Hugging Face's
    /// `token_to_id` finds it; nil when there is none (tiktoken files have no special tokens).
    public func specialTokenID(_ text: String) -> Int? {
        let decoding = definition.decoding
        let bytes = Array(text.utf8)
        return (0..<decoding.idCount).first { decoding.isSpecial($0) && decoding.text(of: $0).elementsEqual(bytes) }
    }

    public func count(_ text: String) -> Int {
        var sink = CountingSink()
        run(text, into: &sink)
        return sink.count
    }

    public func count(utf8 bytes: some Collection<UInt8>) -> Int {
        count(String(decoding: bytes, as: UTF8.self))
    }

    /// The text of `ids`. Byte sequences that are not valid UTF-8 (a cut through a character) decode
    /// to U+FFFD; ids outside the vocabulary decode to nothing.
    public func decode(_ ids: [Int], skippingSpecialTokens: Bool = false) -> String {
        definition.decoding.finish(definition.decoding.pieces(for: ids, skippingSpecialTokens: skippingSpecialTokens))
    }

    /// Decodes `head`, the literal `separator` and `tail` as one token sequence, the way DataMan's
    /// reference joins token strings around `...` before `convert_tokens_to_string`.
    func decode(_ head: ArraySlice<Int>, separator: String, _ tail: ArraySlice<Int>) -> String {
        let decoding = definition.decoding
        var pieces = decoding.pieces(for: head, skippingSpecialTokens: false)
        pieces.append(ArraySlice(decoding.literal(separator)))
        pieces.append(contentsOf: decoding.pieces(for: tail, skippingSpecialTokens: false))
        return decoding.finish(pieces)
    }

    private func run<Sink: TokenSink>(_ text: String, into sink: inout Sink) {
        var cache = caches.withLock { $0.popLast() } ?? PieceCache()
        var text = text
        text.withUTF8 { definition.encode($0, cache: &cache, into: &sink) }
        caches.withLock { [cache] in $0.append(cache) }
    }
}
