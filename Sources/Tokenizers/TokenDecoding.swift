/// Token ids → text, the way each reference decodes: byte-level and tiktoken vocabularies concatenate
/// the tokens' bytes and decode them as UTF-8 with U+FFFD for invalid sequences; SentencePiece
/// vocabularies run the decoder steps their `tokenizer.json` lists.
struct TokenDecoding: Sendable {
    enum Decoder: Sendable {
        /// Concatenate the tokens' bytes, then decode UTF-8 with replacement.
        case bytes
        /// Hugging Face decoder steps over token strings.
        case steps([DecoderStep])
    }

    enum DecoderStep: Sendable {
        case replace(pattern: String, content: String)
        case byteFallback
        case fuse
        case strip(content: Unicode.Scalar, start: Int, stop: Int)
    }

    let decoder: Decoder
    /// Whether a literal inserted among tokens is read as a byte-level token string.
    let byteLevelLiterals: Bool
    /// Per id: the token's bytes (`.bytes`) or its string (`.steps`), in one arena.
    private let arena: [UInt8]
    private let starts: [UInt32]
    private let special: [Bool]

    /// `texts[id]` is nil for ids the vocabulary skips.
    init(decoder: Decoder, texts: [[UInt8]?], special: Set<Int>, byteLevelLiterals: Bool) {
        self.decoder = decoder
        self.byteLevelLiterals = byteLevelLiterals
        var arena: [UInt8] = []
        var starts: [UInt32] = [0]
        var specialFlags = [Bool](repeating: false, count: texts.count)
        for (id, text) in texts.enumerated() {
            arena.append(contentsOf: text ?? [])
            starts.append(UInt32(arena.count))
            specialFlags[id] = special.contains(id)
        }
        self.arena = arena
        self.starts = starts
        self.special = specialFlags
    }

    var idCount: Int { special.count }

    func isSpecial(_ id: Int) -> Bool { id >= 0 && id < special.count && special[id] }

    /// The token's bytes or string; empty for ids outside the vocabulary.
    func text(of id: Int) -> ArraySlice<UInt8> {
        guard id >= 0 && id < special.count else { return [] }
        return arena[Int(starts[id])..<Int(starts[id + 1])]
    }

    /// What a literal string inserted among tokens contributes (the DataMan truncation's `...`): for
    /// byte-level vocabularies it is read as a token string, as `convert_tokens_to_string` does.
    func literal(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return byteLevelLiterals ? ByteLevelAlphabet.bytes(spelledBy: utf8) ?? utf8 : utf8
    }

    func pieces(for ids: some Sequence<Int>, skippingSpecialTokens: Bool) -> [ArraySlice<UInt8>] {
        ids.compactMap { id in
            if skippingSpecialTokens && isSpecial(id) { return nil }
            return text(of: id)
        }
    }

    func finish(_ pieces: [ArraySlice<UInt8>]) -> String {
        switch decoder {
        case .bytes:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
            for piece in pieces { bytes.append(contentsOf: piece) }
            return String(decoding: bytes, as: UTF8.self)
        case .steps(let steps):
            var tokens = pieces.map { String(decoding: $0, as: UTF8.self) }
            for step in steps { tokens = Self.apply(step, to: tokens) }
            return tokens.joined()
        }
    }

    private static func apply(_ step: DecoderStep, to tokens: [String]) -> [String] {
        switch step {
        case let .replace(pattern, content):
            return tokens.map { $0.replacing(pattern, with: content) }
        case .fuse:
            return [tokens.joined()]
        case let .strip(content, start, stop):
            return tokens.map { strip($0, content: content, start: start, stop: stop) }
        case .byteFallback:
            var result: [String] = []
            var pendingBytes: [UInt8] = []
            func flush() {
                guard !pendingBytes.isEmpty else { return }
                if let text = String(validating: pendingBytes, as: UTF8.self) {
                    result.append(text)
                } else {
                    result.append(contentsOf: repeatElement("\u{FFFD}", count: pendingBytes.count))
                }
                pendingBytes.removeAll()
            }
            for token in tokens {
                if let byte = fallbackByte(token) {
                    pendingBytes.append(byte)
                } else {
                    flush()
                    result.append(token)
                }
            }
            flush()
            return result
        }
    }

    /// `<0xNN>` → NN.
    private static func fallbackByte(_ token: String) -> UInt8? {
        let utf8 = Array(token.utf8)
        guard utf8.count == 6, utf8[0] == UInt8(ascii: "<"), utf8[1] == UInt8(ascii: "0"),
            utf8[2] == UInt8(ascii: "x"), utf8[5] == UInt8(ascii: ">")
        else { return nil }
        return UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16)
    }

    private static func strip(_ token: String, content: Unicode.Scalar, start: Int, stop: Int) -> String {
        let scalars = Array(token.unicodeScalars)
        var lower = 0
        while lower < min(start, scalars.count) && scalars[lower] == content { lower += 1 }
        var upper = scalars.count
        var stripped = 0
        while stripped < stop && upper > lower && scalars[upper - 1] == content {
            upper -= 1
            stripped += 1
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lower..<upper])
        return String(view)
    }
}
