/// The kinds of token the scanner emits: runs of letters of one script (words), single CJK
/// characters (Chinese and Japanese are written without spaces), and numbers.
enum TokenKind: UInt8 {
    case latinWord, greekWord, cyrillicWord, arabicWord, hebrewWord, indicWord, thaiWord, hangulWord, otherWord
    case han, kana
    case number

    var isWord: Bool { rawValue <= TokenKind.otherWord.rawValue }
    var isCharacter: Bool { self == .han || self == .kana }

    init(wordScript c: ScalarClass) {
        switch c {
        case .latin: self = .latinWord
        case .greek: self = .greekWord
        case .cyrillic: self = .cyrillicWord
        case .arabic: self = .arabicWord
        case .hebrew: self = .hebrewWord
        case .indic: self = .indicWord
        case .thai: self = .thaiWord
        case .hangul: self = .hangulWord
        default: self = .otherWord
        }
    }
}

struct TokenFlags: OptionSet, Sendable {
    let rawValue: UInt8
    /// First letter upper case, the rest lower.
    static let capitalized = TokenFlags(rawValue: 1)
    /// Two or more letters, all upper case (acronyms, shouting).
    static let allUpper = TokenFlags(rawValue: 2)
    /// An upper-case letter after a lower-case one (camelCase identifiers).
    static let mixedCase = TokenFlags(rawValue: 4)
    /// Only spaces or tabs since the previous token, on the same line: the two can form a phrase.
    static let spaced = TokenFlags(rawValue: 8)
    /// Nothing at all since the previous token (CJK characters of one run).
    static let adjacent = TokenFlags(rawValue: 16)
    /// Touches `_ . / ( ::` or a digit: part of an identifier, path or call, not a prose word.
    static let attached = TokenFlags(rawValue: 32)
    /// The first token of a sentence.
    static let sentenceStart = TokenFlags(rawValue: 64)
    /// Has a letter outside ASCII.
    static let nonASCII = TokenFlags(rawValue: 128)
}

struct Token {
    var key: UInt64
    var start: UInt32
    var length: UInt16
    var letters: UInt8
    var kind: TokenKind
    var flags: TokenFlags
}

/// One line of the text and the counts the line-structure signals need.
struct LineInfo {
    var start: UInt32 = 0
    var end: UInt32 = 0
    var tokenStart: UInt32 = 0
    var tokenEnd: UInt32 = 0
    var nonSpace: UInt32 = 0
    var letters: UInt32 = 0
    var upper: UInt32 = 0
    var han: UInt32 = 0
    var digits: UInt32 = 0
    /// Leading columns (a tab counts 4).
    var indent: UInt16 = 0
    var codeSymbols: UInt16 = 0
    var urls: UInt16 = 0
    var urlBytes: UInt32 = 0
    /// `|` `»` `›` `·` `•` used between items, as in menus and breadcrumbs.
    var separators: UInt16 = 0
    /// Markdown `](` links and HTML `<a ` tags.
    var linkMarks: UInt16 = 0
    /// `\name` TeX commands: a line of LaTeX is mathematics or markup, not code.
    var texCommands: UInt16 = 0
    var first: UInt32 = 0
    var last: UInt32 = 0
    var hasTab: Bool = false

    var isBlank: Bool { nonSpace == 0 }
    var tokenCount: Int { Int(tokenEnd - tokenStart) }
}

/// Counts over the whole (sampled) text gathered in the scanning pass.
struct ScanCounts {
    var scalars = 0
    var nonSpace = 0
    static let classCount = 20
    var byClass = [Int](repeating: 0, count: classCount)
    var upperLetters = 0
    var urls = 0
    var urlBytes = 0
    var mojibake = 0
    var emoji = 0
    /// Counts of individual punctuation marks, by `PunctuationMark`.
    var marks = [Int](repeating: 0, count: PunctuationMark.count)
    /// Open minus close, per bracket family; and how many brackets in all.
    var bracketOpen = [Int](repeating: 0, count: 6)
    var bracketClose = [Int](repeating: 0, count: 6)
    /// Runs of the same punctuation mark three or more times (`!!!`, `???`, `。。。`).
    var punctuationRuns = 0
    /// Doubled spaces inside a line (not indentation).
    var innerSpaceRuns = 0
    var trailingSpaceLines = 0
    /// `\name` TeX commands, `$` math delimiters, and math operators (∑ ≤ ± × …).
    var texCommands = 0
    var dollars = 0
    var mathSymbols = 0

    subscript(_ c: ScalarClass) -> Int { byClass[Int(c.rawValue)] }
}

/// The punctuation marks tallied one by one (their variety feeds grammatical diversity, their
/// rates feed style and creativity).
enum PunctuationMark: Int {
    case comma, period, semicolon, colon, question, exclamation, quote, parenthesis, dash, ellipsis
    case cjkComma, cjkEnumeration, cjkPeriod, cjkSemicolon, cjkColon, cjkQuestion, cjkExclamation, cjkQuote,
        cjkBookTitle, cjkParenthesis
    static let count = 20

    init?(_ v: UInt32) {
        switch v {
        case 0x2C: self = .comma
        case 0x2E: self = .period
        case 0x3B: self = .semicolon
        case 0x3A: self = .colon
        case 0x3F: self = .question
        case 0x21: self = .exclamation
        case 0x22, 0x201C, 0x201D: self = .quote
        case 0x28: self = .parenthesis
        case 0x2014, 0x2013: self = .dash
        case 0x2026: self = .ellipsis
        case 0xFF0C: self = .cjkComma
        case 0x3001: self = .cjkEnumeration
        case 0x3002: self = .cjkPeriod
        case 0xFF1B: self = .cjkSemicolon
        case 0xFF1A: self = .cjkColon
        case 0xFF1F: self = .cjkQuestion
        case 0xFF01: self = .cjkExclamation
        case 0x300C, 0x300E: self = .cjkQuote
        case 0x300A: self = .cjkBookTitle
        case 0xFF08: self = .cjkParenthesis
        default: return nil
        }
    }
}

/// The output of the scanning pass: tokens, lines, sentence starts and counts.
struct ScannedText {
    var tokens: [Token] = []
    var lines: [LineInfo] = []
    /// Token index where each sentence starts, in order; the last sentence ends at `tokens.count`.
    var sentenceStarts: [UInt32] = []
    /// Per sentence: whether it starts after closing punctuation (`.` `!` `?` `。` ...) rather than
    /// at a line break, list item or length cap. Only these boundaries are true sentence joins.
    var sentenceAfterPunctuation: [Bool] = []
    var counts = ScanCounts()
    /// How many bytes the scan looked at (the sample, for long documents).
    var bytes = 0
    /// The document's full size in bytes.
    var fullBytes = 0

    func sentenceRange(_ s: Int) -> Range<Int> {
        let lo = Int(sentenceStarts[s])
        let hi = s + 1 < sentenceStarts.count ? Int(sentenceStarts[s + 1]) : tokens.count
        return lo..<hi
    }
}
