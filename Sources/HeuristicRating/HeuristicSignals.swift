/// The measured text signals of one document, by name. `scoring.json` maps them to ratings; the
/// README in `criteria/heuristic/` defines each one. NaN means "not measurable on this text"
/// (too short, no sentences, no words of that script): scoring then skips the part that uses it.
public struct HeuristicSignals: Sendable, Equatable {
    public private(set) var values: [Double]
    /// Domain evidence per domain (A-O), per 100 tokens, after the code and math boosts.
    public internal(set) var domainScores: [Double]
    /// The language most of the text is in: `en`, `fr`, ..., `zh`, `ja`, `ko`, `ru`, `ar`, `other`, or `none`.
    public internal(set) var mainLanguage: String

    /// Every signal name, in storage order.
    public static let names: [String] = Name.allCases.map(\.rawValue)

    enum Name: String, CaseIterable {
        // accuracy
        case nearMissRate = "near_miss_rate"
        case unknownWordRate = "unknown_word_rate"
        case zhUnknownBigramRate = "zh_unknown_bigram_rate"
        case zhSwapRate = "zh_swap_rate"
        case zhRareCharRate = "zh_rare_char_rate"
        case strayLatinRate = "stray_latin_rate"
        case encodingErrorRate = "encoding_error_rate"
        // coherence
        case locality = "locality"
        case connectiveRate = "connective_rate"
        case fragmentLineShare = "fragment_line_share"
        // language consistency
        case foreignShare = "foreign_share"
        case languageSwitchRate = "language_switch_rate"
        // semantic density
        case boilerplateShare = "boilerplate_share"
        case boilerplatePhraseRate = "boilerplate_phrase_rate"
        case urlShare = "url_share"
        case stopwordRatio = "stopword_ratio"
        // originality
        case duplicateLineShare = "duplicate_line_share"
        case duplicateParagraphShare = "duplicate_paragraph_share"
        case duplicateNgramShare = "duplicate_ngram_share"
        case duplicateShare = "duplicate_share"
        // topic focus
        case topTermsShare = "top_terms_share"
        case recurringTermsShare = "recurring_terms_share"
        case domainDominance = "domain_dominance"
        // creativity
        case yulesK = "yules_k"
        case expressiveRate = "expressive_rate"
        case dialogueRate = "dialogue_rate"
        case exclamationQuestionRate = "exclamation_question_rate"
        // professionalism and novelty
        case termDensity = "term_density"
        case distinctTerms = "distinct_terms"
        case longWordShare = "long_word_share"
        case acronymShare = "acronym_share"
        case noveltyRate = "novelty_rate"
        case numberRate = "number_rate"
        case codeLineShare = "code_line_share"
        case proseLineShare = "prose_line_share"
        case mathDensity = "math_density"
        // style and grammar
        case styleDispersion = "style_dispersion"
        case punctuationRunRate = "punctuation_run_rate"
        case sentenceLengthVariation = "sentence_length_variation"
        case meanSentenceLength = "mean_sentence_length"
        case openerVariety = "opener_variety"
        case punctuationVariety = "punctuation_variety"
        case functionWordVariety = "function_word_variety"
        case subordinatorRate = "subordinator_rate"
        // structure
        case terminatedParagraphShare = "terminated_paragraph_share"
        case longLineShare = "long_line_share"
        case bracketImbalance = "bracket_imbalance"
        case whitespaceNoise = "whitespace_noise"
        case indentConsistency = "indent_consistency"
        case structuredLineShare = "structured_line_share"
        // sensitivity
        case profanityRate = "profanity_rate"
        case sensitiveRate = "sensitive_rate"
        // size
        case tokens = "tokens"
    }

    init() {
        values = [Double](repeating: .nan, count: Name.allCases.count)
        domainScores = [Double](repeating: 0, count: 15)
        mainLanguage = "none"
    }

    subscript(_ name: Name) -> Double {
        get { values[HeuristicSignals.index[name]!] }
        set { values[HeuristicSignals.index[name]!] = newValue }
    }

    /// The value of a signal by its data-file name; nil for an unknown name.
    public func value(named name: String) -> Double? {
        guard let n = Name(rawValue: name) else { return nil }
        return self[n]
    }

    private static let index: [Name: Int] = Dictionary(
        uniqueKeysWithValues: Name.allCases.enumerated().map { ($1, $0) }
    )
}
