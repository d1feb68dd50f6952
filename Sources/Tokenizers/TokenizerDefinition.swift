/// Everything a loaded tokenizer consists of, whatever file it came from: how text is split into
/// pieces, the BPE tables, the added tokens and how ids turn back into text. Immutable and Sendable.
struct TokenizerDefinition: Sendable {
    /// How the text between added tokens becomes BPE words.
    enum Segmentation: Sendable {
        /// Byte-level BPE: a pre-tokenizer regex splits the text, each piece's bytes are the symbols.
        case pattern(PieceScanner)
        /// SentencePiece-style BPE (Llama-2): `▁` before the text, spaces become `▁`, scalars are the
        /// symbols, unknown scalars fall back to `<0xNN>` byte tokens.
        case sentencePiece(SentencePieceRules)
    }

    let segmentation: Segmentation
    let normalizesNFC: Bool
    let merges: PairMergeTable
    /// Byte-level: the token of each single byte. SentencePiece: the `<0xNN>` fallback token of each
    /// byte. `TokenizerDefinition.missing` where the vocabulary has none.
    let byteTokens: [UInt32]
    /// tiktoken checks whether a whole piece is a token before merging; Hugging Face files do so
    /// when their model says `ignore_merges`.
    let wholePieces: ByteStringTable?
    let addedTokens: AddedTokenMatcher
    let decoding: TokenDecoding
    /// Byte-level only: the merge of every byte pair, `merges.lookup(byteTokens[a], byteTokens[b])` at
    /// `a << 8 | b`. A piece's first round of lookups then hits this 512 KB table instead of the large one.
    let bytePairs: [UInt64]

    static let missing = UInt32.max

    init(
        segmentation: Segmentation,
        normalizesNFC: Bool,
        merges: PairMergeTable,
        byteTokens: [UInt32],
        wholePieces: ByteStringTable?,
        addedTokens: AddedTokenMatcher,
        decoding: TokenDecoding
    ) {
        self.segmentation = segmentation
        self.normalizesNFC = normalizesNFC
        self.merges = merges
        self.byteTokens = byteTokens
        self.wholePieces = wholePieces
        self.addedTokens = addedTokens
        self.decoding = decoding
        if case .pattern = segmentation {
            bytePairs = (0..<65536).map { merges.lookup(byteTokens[$0 >> 8], byteTokens[$0 & 0xFF]) }
        } else {
            bytePairs = []
        }
    }
}

/// The SentencePiece-BPE specifics: symbol lookup per scalar and how words may be split.
struct SentencePieceRules: Sendable {
    /// The ids of single-scalar tokens below U+10000 (`TokenizerDefinition.missing` if none), then the rest.
    let basicPlaneTokens: [UInt32]
    let otherScalarTokens: [UInt32: UInt32]
    let unknownToken: UInt32?
    let fusesUnknown: Bool
    /// True when no vocabulary token has `▁` right after another scalar, so no merge crosses the start
    /// of a `▁`-word and each word can be merged (and cached) on its own with identical results.
    let splitsIntoWords: Bool

    @inline(__always)
    func token(for scalar: UInt32) -> UInt32? {
        if scalar < 0x10000 {
            let id = basicPlaneTokens[Int(scalar)]
            return id == TokenizerDefinition.missing ? nil : id
        }
        return otherScalarTokens[scalar]
    }
}
