/// The pre-tokenizer regexes this module implements as hand-written scanners (`PieceScanner`), each
/// named by the model family that uses it. A tokenizer file naming any other regex is refused.
enum PiecePattern: String, Sendable, CaseIterable {
    /// Qwen2, Qwen2.5, Qwen3: like Llama-3 but one digit per piece.
    case qwen2
    /// Llama-3 (and the original cl100k regex as Hugging Face files spell it).
    case llama3
    /// tiktoken's cl100k_base, in the possessive form tiktoken ships, whose `\s++$` keeps a final run
    /// of whitespace (newlines included) in one piece.
    case cl100k
    /// GPT-2, r50k_base, p50k_base.
    case gpt2
    /// tiktoken's o200k_base: letter runs split before an upper-case letter that follows lower case.
    case o200k

    /// The regex each scanner implements, exactly as tokenizer files spell it.
    var regex: String {
        switch self {
        case .qwen2:
            return
                #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .llama3:
            return
                #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        case .cl100k:
            return
                #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .gpt2:
            return #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
        case .o200k:
            return [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#,
                #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
                #"\s*[\r\n]+"#,
                #"\s+(?!\S)"#,
                #"\s+"#,
            ].joined(separator: "|")
        }
    }

    /// Other spellings of the same regexes that tokenizer files use.
    private static let aliases: [String: PiecePattern] = [
        // tiktoken's r50k/p50k spelling, equivalent to GPT-2's original.
        #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#: .gpt2
    ]

    init?(regex: String) {
        if let pattern = PiecePattern.allCases.first(where: { $0.regex == regex }) {
            self = pattern
        } else if let pattern = Self.aliases[regex] {
            self = pattern
        } else {
            return nil
        }
    }

    /// Most digits one number piece holds.
    var maximumDigits: Int {
        switch self {
        case .qwen2: return 1
        case .llama3, .cl100k, .o200k: return 3
        case .gpt2: return .max
        }
    }
}
