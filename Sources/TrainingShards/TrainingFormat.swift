import Tokenizers

/// The layouts `--materialize` writes a mixture in.
public enum TrainingFormat: String, CaseIterable, Sendable, Codable {
    /// The original JSON lines, zstd-compressed: `part-NNNNN.jsonl.zst`.
    case jsonlZstd = "jsonl.zst"
    /// datatrove's DocumentTokenizer files, read by nanotron: `part-NNNNN.ds`, `.ds.index`, `.ds.metadata`.
    case datatrove
    /// Megatron-LM's MMapIndexedDataset: `part-NNNNN.bin` and `part-NNNNN.idx`.
    case megatron
    /// `part-NNNNN.parquet`: text, id, source, domain and the 14 ratings (Hugging Face `datasets` loads it).
    case parquet

    public var isTokenized: Bool { self == .datatrove || self == .megatron }
}

/// How the documents become token ids: the tokenizer and the special tokens around each document.
public struct TokenizedLayout: Sendable {
    public let tokenizer: Tokenizer
    /// The tokenizer as the user named it; datatrove writes this name into `.ds.metadata`.
    public let tokenizerName: String
    /// Appended to every document (datatrove's `eos_token`, Megatron's `--append-eod`).
    public let eos: Int?
    /// Put before every document.
    public let bos: Int?

    /// `eos` and `bos` are special tokens' texts (`<|endoftext|>`, `</s>`), or nil for none.
    public init(tokenizer: Tokenizer, tokenizerName: String, eos: String?, bos: String?) throws {
        func id(_ text: String?, _ option: String) throws -> Int? {
            guard let text else { return nil }
            guard let id = tokenizer.specialTokenID(text) else {
                throw TrainingShardsError.invalidOption(
                    "\(option) \(text): \(tokenizerName) has no special token with that text"
                )
            }
            return id
        }
        self.tokenizer = tokenizer
        self.tokenizerName = tokenizerName
        self.eos = try id(eos, "--eos")
        self.bos = try id(bos, "--bos")
    }

    /// The end-of-text token a trainer appends by default: the first of these the tokenizer has as a special
    /// token (Qwen2 and GPT-2 `<|endoftext|>`, Llama-2 `</s>`, Llama-3 `<|end_of_text|>`).
    public static func defaultEOS(of tokenizer: Tokenizer) -> String? {
        ["<|endoftext|>", "</s>", "<|end_of_text|>"].first { tokenizer.specialTokenID($0) != nil }
    }

    /// The document's ids with the special tokens around it.
    func ids(of text: [UInt8]) -> [UInt32] {
        var ids: [UInt32] = []
        if let bos { ids.append(UInt32(bos)) }
        ids += tokenizer.encode(utf8: text).map { UInt32($0) }
        if let eos { ids.append(UInt32(eos)) }
        return ids
    }
}
