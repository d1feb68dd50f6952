import JSONText

/// Reads a Hugging Face `tokenizer.json` holding a BPE model, in the two shapes the references use:
/// byte-level BPE (GPT-2, Llama-3, Qwen2: a `Split` regex or `ByteLevel` regex pre-tokenizer, optional
/// NFC) and SentencePiece-style BPE with byte fallback (Llama-2: `Prepend`/`Replace` normalizer, no
/// pre-tokenizer). Anything else is refused with `TokenizerError.unsupported`, naming what it found.
enum HuggingFaceTokenizerFile {
    /// `keepsAddedToken` drops added tokens by id (the shipped Qwen file serves Qwen2, 2.5 and 3,
    /// which differ only in how many added tokens they have).
    static func load(
        _ bytes: UnsafeBufferPointer<UInt8>,
        file: String,
        keepsAddedToken: (Int) -> Bool = { _ in true }
    ) throws -> TokenizerDefinition {
        let sections = try Sections.read(bytes, file: file)
        let model = sections.model
        func unsupported(_ detail: String) -> TokenizerError { .unsupported(file: file, detail: detail) }
        func malformed(_ detail: String) -> TokenizerError { .malformed(file: file, detail: detail) }

        guard let type = model.settings["type"]?.string else { throw malformed("model has no \"type\"") }
        guard type == "BPE" else { throw unsupported("model type \"\(type)\" (only BPE is implemented)") }
        if let dropout = model.settings["dropout"], !dropout.isNull {
            throw unsupported("BPE dropout \(dropout.summary)")
        }
        for affix in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = model.settings[affix], !(value.isNull || value.string == "") {
                throw unsupported("BPE \(affix) \(value.summary)")
            }
        }
        guard !model.vocabulary.isEmpty else { throw malformed("model has no \"vocab\"") }

        let style = try Style(sections, file: file)
        let vocabulary = ByteStringTable(model.vocabulary.map { ($0.token, $0.id) })

        var merges: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        merges.reserveCapacity(model.merges.count)
        for (rank, pair) in model.merges.enumerated() {
            guard let left = vocabulary.value(for: pair.left), let right = vocabulary.value(for: pair.right) else {
                throw malformed(
                    "merge \(rank) (\"\(string(pair.left)) \(string(pair.right))\") uses a token missing from the vocab"
                )
            }
            guard let merged = vocabulary.value(for: pair.left + pair.right) else {
                throw malformed(
                    "merge \(rank) makes \"\(string(pair.left + pair.right))\", which is missing from the vocab"
                )
            }
            merges.append((left, right, UInt32(rank), merged))
        }

        let addedTokens = try readAddedTokens(sections.addedTokens, style: style, file: file).filter {
            keepsAddedToken($0.id)
        }
        var highestID = model.vocabulary.map { Int($0.id) }.max() ?? 0
        highestID = max(highestID, addedTokens.map(\.id).max() ?? 0)
        var texts = [[UInt8]?](repeating: nil, count: highestID + 1)
        for entry in model.vocabulary { texts[Int(entry.id)] = style.decoderText(entry.token) }
        for token in addedTokens { texts[token.id] = style.decoderText(token.content) }

        var byteTokens: [UInt32] = (0..<256).map { byte in
            vocabulary.value(for: style.byteTokenSpelling(UInt8(byte))) ?? TokenizerDefinition.missing
        }
        let ignoresMerges = model.settings["ignore_merges"]?.bool ?? false
        let segmentation: TokenizerDefinition.Segmentation
        var wholePieces: ByteStringTable?
        switch style.kind {
        case .byteLevel(let pattern):
            if let byte = byteTokens.firstIndex(of: TokenizerDefinition.missing) {
                throw malformed("byte-level vocab has no token for byte 0x\(String(byte, radix: 16, uppercase: true))")
            }
            segmentation = .pattern(PieceScanner(pattern: pattern))
            if ignoresMerges {
                wholePieces = ByteStringTable(
                    model.vocabulary.compactMap { entry in
                        ByteLevelAlphabet.bytes(spelledBy: entry.token).map { ($0, entry.id) }
                    }
                )
            }
        case .sentencePiece:
            if ignoresMerges { throw unsupported("ignore_merges with a SentencePiece-style model") }
            // Without byte fallback an unknown scalar is always <unk>, never its bytes.
            if model.settings["byte_fallback"]?.bool != true {
                byteTokens = [UInt32](repeating: TokenizerDefinition.missing, count: 256)
            }
            segmentation = .sentencePiece(try sentencePieceRules(model, vocabulary: vocabulary, file: file))
        }
        let decoding = TokenDecoding(
            decoder: style.decoder,
            texts: texts,
            special: Set(addedTokens.filter(\.special).map(\.id)),
            byteLevelLiterals: style.isByteLevel
        )
        return TokenizerDefinition(
            segmentation: segmentation,
            normalizesNFC: style.normalizesNFC,
            merges: PairMergeTable(merges),
            byteTokens: byteTokens,
            wholePieces: wholePieces,
            addedTokens: AddedTokenMatcher(addedTokens.map { .init(content: $0.content, id: UInt32($0.id)) }),
            decoding: decoding
        )
    }

    private static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func sentencePieceRules(
        _ model: Sections.Model,
        vocabulary: ByteStringTable,
        file: String
    ) throws -> SentencePieceRules {
        var basicPlane = [UInt32](repeating: TokenizerDefinition.missing, count: 0x10000)
        var otherScalars: [UInt32: UInt32] = [:]
        var splitsIntoWords = true
        for entry in model.vocabulary {
            let scalars = String(decoding: entry.token, as: UTF8.self).unicodeScalars
            if scalars.count == 1, let scalar = scalars.first {
                if scalar.value < 0x10000 {
                    basicPlane[Int(scalar.value)] = entry.id
                } else {
                    otherScalars[scalar.value] = entry.id
                }
            }
            var previous: Unicode.Scalar?
            for scalar in scalars {
                if scalar == "\u{2581}", let previous, previous != "\u{2581}" { splitsIntoWords = false }
                previous = scalar
            }
        }
        var unknown: UInt32?
        if let name = model.settings["unk_token"]?.string {
            guard let id = vocabulary.value(for: Array(name.utf8)) else {
                throw TokenizerError.malformed(file: file, detail: "unk_token \"\(name)\" is not in the vocab")
            }
            unknown = id
        }
        return SentencePieceRules(
            basicPlaneTokens: basicPlane,
            otherScalarTokens: otherScalars,
            unknownToken: unknown,
            fusesUnknown: model.settings["fuse_unk"]?.bool ?? false,
            splitsIntoWords: splitsIntoWords
        )
    }

    struct AddedToken {
        let id: Int
        let content: [UInt8]
        let special: Bool
    }

    private static func readAddedTokens(_ value: JSONValue?, style: Style, file: String) throws -> [AddedToken] {
        guard let value, !value.isNull else { return [] }
        guard let entries = value.array else {
            throw TokenizerError.malformed(file: file, detail: "\"added_tokens\" is \(value.summary), not an array")
        }
        return try entries.enumerated().map { index, entry in
            guard let id = entry["id"]?.integer, id >= 0, let content = entry["content"]?.string else {
                throw TokenizerError.malformed(
                    file: file,
                    detail: "added_tokens[\(index)] needs an integer \"id\" and a string \"content\""
                )
            }
            for flag in ["single_word", "lstrip", "rstrip"] where entry[flag]?.bool == true {
                throw TokenizerError.unsupported(file: file, detail: "added token \"\(content)\" sets \(flag)")
            }
            if entry["normalized"]?.bool == true && !style.matchesNormalizedTokenInRawText(content) {
                throw TokenizerError.unsupported(
                    file: file,
                    detail: "added token \"\(content)\" is matched after normalization"
                )
            }
            return AddedToken(id: id, content: Array(content.utf8), special: entry["special"]?.bool ?? false)
        }
    }
}

extension HuggingFaceTokenizerFile {
    /// Which of the two supported shapes the file has, from its normalizer, pre-tokenizer and decoder.
    struct Style {
        enum Kind {
            case byteLevel(PiecePattern)
            case sentencePiece
        }

        let kind: Kind
        let normalizesNFC: Bool
        var isByteLevel: Bool {
            if case .byteLevel = kind { return true }
            return false
        }
        let decoder: TokenDecoding.Decoder

        init(_ sections: Sections, file: String) throws {
            func unsupported(_ what: String, _ value: JSONValue?) -> TokenizerError {
                .unsupported(file: file, detail: "\(what) \(value?.summary ?? "null")")
            }
            let normalizer = sections.normalizer ?? .null
            let preTokenizer = sections.preTokenizer ?? .null
            if let pattern = Self.byteLevelPattern(preTokenizer) {
                kind = .byteLevel(pattern)
                switch normalizer["type"]?.string {
                case nil where normalizer.isNull: normalizesNFC = false
                case "NFC": normalizesNFC = true
                default: throw unsupported("normalizer", normalizer)
                }
                guard sections.decoder?["type"]?.string == "ByteLevel" else {
                    throw unsupported("decoder for a byte-level model", sections.decoder)
                }
                decoder = .bytes
            } else if preTokenizer.isNull, Self.isSentencePieceNormalizer(normalizer) {
                kind = .sentencePiece
                normalizesNFC = false
                decoder = .steps(try Self.decoderSteps(sections.decoder, file: file))
            } else if preTokenizer.isNull {
                throw unsupported("normalizer", normalizer)
            } else {
                throw unsupported("pre_tokenizer", Self.describe(preTokenizer))
            }
        }

        /// `Sequence[Split(regex, Isolated), ByteLevel(no regex)]`, or `ByteLevel` with its own GPT-2 regex.
        private static func byteLevelPattern(_ preTokenizer: JSONValue) -> PiecePattern? {
            func plainByteLevel(_ value: JSONValue, usesRegex: Bool) -> Bool {
                value["type"]?.string == "ByteLevel" && value["add_prefix_space"]?.bool != true
                    && (value["use_regex"]?.bool ?? true) == usesRegex
            }
            if plainByteLevel(preTokenizer, usesRegex: true) { return .gpt2 }
            guard preTokenizer["type"]?.string == "Sequence",
                let steps = preTokenizer["pretokenizers"]?.array, steps.count == 2,
                steps[0]["type"]?.string == "Split", steps[0]["behavior"]?.string == "Isolated",
                steps[0]["invert"]?.bool != true,
                let regex = steps[0]["pattern"]?["Regex"]?.string,
                plainByteLevel(steps[1], usesRegex: false)
            else { return nil }
            return PiecePattern(regex: regex)
        }

        /// For error messages: the regex when that is what was not recognized.
        private static func describe(_ preTokenizer: JSONValue) -> JSONValue {
            if let steps = preTokenizer["pretokenizers"]?.array,
                let regex = steps.first?["pattern"]?["Regex"]?.string
            {
                return .string("Split regex " + regex)
            }
            return preTokenizer
        }

        /// `Sequence[Prepend("▁"), Replace(" " → "▁")]`, Llama-2's normalizer.
        private static func isSentencePieceNormalizer(_ normalizer: JSONValue) -> Bool {
            guard normalizer["type"]?.string == "Sequence", let steps = normalizer["normalizers"]?.array,
                steps.count == 2
            else { return false }
            return steps[0]["type"]?.string == "Prepend" && steps[0]["prepend"]?.string == "\u{2581}"
                && steps[1]["type"]?.string == "Replace" && steps[1]["pattern"]?["String"]?.string == " "
                && steps[1]["content"]?.string == "\u{2581}"
        }

        private static func decoderSteps(_ decoder: JSONValue?, file: String) throws -> [TokenDecoding.DecoderStep] {
            guard let decoder, !decoder.isNull else { return [] }
            let list = decoder["type"]?.string == "Sequence" ? decoder["decoders"]?.array ?? [] : [decoder]
            return try list.map { step in
                switch step["type"]?.string {
                case "Replace":
                    guard let pattern = step["pattern"]?["String"]?.string, let content = step["content"]?.string else {
                        throw TokenizerError.unsupported(file: file, detail: "decoder step \(step.summary)")
                    }
                    return .replace(pattern: pattern, content: content)
                case "ByteFallback": return .byteFallback
                case "Fuse": return .fuse
                case "Strip":
                    guard let content = step["content"]?.string, content.unicodeScalars.count == 1,
                        let start = step["start"]?.integer, let stop = step["stop"]?.integer
                    else {
                        throw TokenizerError.unsupported(file: file, detail: "decoder step \(step.summary)")
                    }
                    return .strip(content: content.unicodeScalars.first!, start: start, stop: stop)
                default:
                    throw TokenizerError.unsupported(file: file, detail: "decoder step \(step.summary)")
                }
            }
        }

        /// The spelling of a byte's token: its byte-level scalar, or SentencePiece's `<0xNN>`.
        func byteTokenSpelling(_ byte: UInt8) -> [UInt8] {
            switch kind {
            case .byteLevel: return ByteLevelAlphabet.spelling(of: [byte])
            case .sentencePiece:
                let hex = String(byte, radix: 16, uppercase: true)
                return Array("<0x\(hex.count == 1 ? "0" + hex : hex)>".utf8)
            }
        }

        /// What the decoder reads for a token: byte-level tokens become the bytes they spell (tokens with
        /// scalars outside the alphabet stay as they are, as Hugging Face's ByteLevel decoder does).
        func decoderText(_ token: [UInt8]) -> [UInt8] {
            switch kind {
            case .byteLevel: return ByteLevelAlphabet.bytes(spelledBy: token) ?? token
            case .sentencePiece: return token
            }
        }

        /// A `normalized: true` added token is matched after normalization; matching it in the raw text
        /// gives the same splits when normalization cannot change or move it.
        func matchesNormalizedTokenInRawText(_ content: String) -> Bool {
            switch kind {
            case .byteLevel: return !normalizesNFC || content.utf8.allSatisfy { $0 < 0x80 }
            case .sentencePiece: return false
            }
        }
    }
}
