/// The pass over tokens that looks each word, CJK bigram and phrase up in the lexicon once and
/// tallies what the lists say: stop words per language, dictionary words, domain terms,
/// boilerplate, profanity, connectives, code keywords. Per token it leaves the stop-language
/// bits for the later passes (language mixing, coherence, style).
struct LexicalStats {
    var words = 0
    var latinWords = 0
    var hanChars = 0
    var kanaChars = 0
    var numbers = 0
    /// Stop-word bits per token (`StopLanguage` bits; 0 when not a stop word).
    var stopBits: [UInt8] = []
    var stopwords = 0
    var stopwordsByLanguage = [Int](repeating: 0, count: StopLanguage.allCases.count)
    var distinctStopwords = 0
    var spellingCandidates: [Int32] = []
    var spellingEligible = 0
    var domainScores = [Double](repeating: 0, count: 15)
    var domainTermHits = 0
    var distinctDomainTerms = 0
    /// Boilerplate phrase hits per line (indexed like `ScannedText.lines`).
    var boilerplateByLine: [UInt16] = []
    var boilerplateHits = 0
    /// Lines whose first token is a code keyword (`def`, `func`, `return`, `#include` ...).
    var keywordLineStart: [Bool] = []
    /// Stop words per line: prose lines have them, code and lists rarely do.
    var stopwordsByLine: [UInt16] = []
    var profanityHits = 0
    var sensitiveHits = 0
    var connectiveHits = 0
    var subordinatorHits = 0
    var codeKeywordHits = 0
    var noveltyHits = 0
    var expressiveHits = 0
    var mathTermHits = 0
    var hanBigrams = 0
    var hanBigramsCommon = 0
    /// Uncommon character pairs whose reverse is common: two characters swapped.
    var hanSwaps = 0
    var hanRareChars = 0
    var hanFunctionChars = 0
    var distinctHanFunctionChars = 0
    /// A lone Latin letter glued between CJK characters (a typo's substitution in Chinese text).
    var strayLatinInHan = 0
    var capitalizedWords = 0
    var allUpperWords = 0
    var longWords = 0
    var asciiWordLetters = 0

    static func run(_ text: ScannedText, bytes: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) -> LexicalStats {
        var s = LexicalStats()
        let tokens = text.tokens
        let n = tokens.count
        s.stopBits = [UInt8](repeating: 0, count: n)
        s.boilerplateByLine = [UInt16](repeating: 0, count: text.lines.count)
        s.keywordLineStart = [Bool](repeating: false, count: text.lines.count)
        s.stopwordsByLine = [UInt16](repeating: 0, count: text.lines.count)
        var distinctStops = KeyTable<UInt8>(minimumCapacity: 64, filler: 0)
        var domainTermCounts = KeyTable<UInt16>(minimumCapacity: 64, filler: 0)
        var functionCharsSeen = KeyTable<UInt8>(minimumCapacity: 32, filler: 0)
        var line = 0
        let lines = text.lines
        tokens.withUnsafeBufferPointer { tk in
            for i in 0..<n {
                let t = tk[i]
                while line + 1 < lines.count && Int(lines[line].tokenEnd) <= i { line += 1 }
                switch t.kind {
                case .han, .kana:
                    if t.kind == .han { s.hanChars += 1 } else { s.kanaChars += 1 }
                    let v = Scalars.decode(bytes, Int(t.start)).0
                    let f = lexicon.han.flags(v)
                    if t.kind == .han {
                        if f & HanCharTable.common == 0 { s.hanRareChars += 1 }
                        if f & HanCharTable.function != 0 {
                            s.hanFunctionChars += 1
                            s.stopwordsByLine[line] &+= 1
                            functionCharsSeen.slotInserting(t.key)
                        }
                    }
                    guard i + 1 < n, tk[i + 1].kind.isCharacter, tk[i + 1].flags.contains(.adjacent) else { continue }
                    var key = TokenKey.extend(t.key, tk[i + 1].key)
                    // Pairs with a function character (的, 了, 是 ...) join words in any text; only
                    // pairs of content characters are checked against the common-pair list.
                    if t.kind == .han && tk[i + 1].kind == .han
                        && (f | lexicon.han.flags(Scalars.decode(bytes, Int(tk[i + 1].start)).0))
                            & HanCharTable.function == 0
                    {
                        s.hanBigrams += 1
                        if lexicon.commonBigrams.contains(key) {
                            s.hanBigramsCommon += 1
                        } else if lexicon.commonBigrams.contains(TokenKey.extend(tk[i + 1].key, t.key)) {
                            s.hanSwaps += 1
                        }
                    }
                    var j = i + 1
                    while let e = lexicon.entry(key) {
                        s.apply(e, key: key, line: line, lexicon: lexicon, termCounts: &domainTermCounts)
                        guard e.flags.contains(.phrasePrefix), j + 1 < n, j - i < 6,
                            tk[j + 1].kind.isCharacter, tk[j + 1].flags.contains(.adjacent)
                        else { break }
                        j += 1
                        key = TokenKey.extend(key, tk[j].key)
                    }
                case .number:
                    s.numbers += 1
                default:
                    s.words += 1
                    if t.kind == .latinWord {
                        s.latinWords += 1
                        if t.letters == 1 && i > 0 && i + 1 < n && tk[i - 1].kind == .han && tk[i + 1].kind == .han
                            && t.flags.contains(.adjacent) && tk[i + 1].flags.contains(.adjacent)
                        {
                            s.strayLatinInHan += 1
                        }
                    }
                    if t.flags.contains(.capitalized) { s.capitalizedWords += 1 }
                    if t.flags.contains(.allUpper) { s.allUpperWords += 1 }
                    if t.letters >= 10 { s.longWords += 1 }
                    let entry = lexicon.entry(t.key)
                    s.noteSpelling(t, index: i, entry: entry)
                    guard let e = entry else { continue }
                    if e.flags.contains(.codeKeyword) && Int(lines[line].tokenStart) == i {
                        s.keywordLineStart[line] = true
                    }
                    if e.stopLanguages != 0 {
                        s.stopBits[i] = e.stopLanguages
                        s.stopwords += 1
                        s.stopwordsByLine[line] &+= 1
                        for l in 0..<StopLanguage.allCases.count where e.stopLanguages & (1 << l) != 0 {
                            s.stopwordsByLanguage[l] += 1
                        }
                        distinctStops.slotInserting(t.key)
                    }
                    s.apply(e, key: t.key, line: line, lexicon: lexicon, termCounts: &domainTermCounts)
                    // Phrases continue over words separated by spaces only, on one line.
                    var key = t.key
                    var entryNow = e
                    var j = i
                    while entryNow.flags.contains(.phrasePrefix), j + 1 < n, j - i < 5,
                        tk[j + 1].kind.isWord, tk[j + 1].flags.contains(.spaced)
                    {
                        j += 1
                        key = TokenKey.extend(key, tk[j].key)
                        guard let next = lexicon.entry(key) else { break }
                        s.apply(next, key: key, line: line, lexicon: lexicon, termCounts: &domainTermCounts)
                        entryNow = next
                    }
                }
            }
        }
        s.distinctStopwords = distinctStops.count
        s.distinctDomainTerms = domainTermCounts.count
        s.distinctHanFunctionChars = functionCharsSeen.count
        return s
    }

    private mutating func noteSpelling(_ t: Token, index: Int, entry: LexEntry?) {
        guard t.kind == .latinWord else { return }
        asciiWordLetters += Int(t.letters)
        guard t.flags.isDisjoint(with: [.capitalized, .allUpper, .mixedCase, .attached, .nonASCII]),
            Int(t.letters) >= Spelling.minimumLength, Int(t.letters) <= Spelling.maximumLength,
            Int(t.length) == Int(t.letters)
        else { return }
        spellingEligible += 1
        if !(entry?.flags.contains(.dictionary) ?? false) { spellingCandidates.append(Int32(index)) }
    }

    private mutating func apply(
        _ e: LexEntry,
        key: UInt64,
        line: Int,
        lexicon: Lexicon,
        termCounts: inout KeyTable<UInt16>
    ) {
        let f = e.flags
        if f.contains(.boilerplate) {
            boilerplateHits += 1
            boilerplateByLine[line] &+= 1
        }
        if f.contains(.profanity) { profanityHits += 1 }
        if f.contains(.sensitive) { sensitiveHits += 1 }
        if f.contains(.connective) { connectiveHits += 1 }
        if f.contains(.subordinator) { subordinatorHits += 1 }
        if f.contains(.codeKeyword) { codeKeywordHits += 1 }
        if f.contains(.novelty) { noveltyHits += 1 }
        if f.contains(.expressive) { expressiveHits += 1 }
        if f.contains(.mathTerm) { mathTermHits += 1 }
        guard e.domainCount > 0 else { return }
        // The k-th use of the same term adds 1/k of its weight: a document about a topic uses
        // many of its terms, not one term many times.
        let s = termCounts.slotInserting(key)
        var k: UInt16 = 0
        termCounts.update(slot: s) {
            $0 &+= 1
            k = $0
        }
        let damping = 1.0 / Double(k)
        domainTermHits += 1
        let start = Int(e.domainStart)
        for w in lexicon.domainWeights[start..<start + Int(e.domainCount)] {
            domainScores[Int(w.domain)] += Double(w.weight) * damping
        }
    }
}
