/// Language consistency: which language each part of each sentence is in, and how much of the
/// text is not in the main one.
///
/// Per sentence, letters are weighed by script (a CJK character weighs 3 Latin letters, about
/// the information of a word's letters). The Latin part of a Latin-script sentence is assigned
/// to the language whose stop words it uses (en, fr, de, es, it, pt, nl); with no clear vote it
/// is neutral (code, commands, names) and counts for no language. Inside a CJK sentence only Latin
/// runs of 3+ words that contain an English stop word count as English: identifiers and product
/// names in Chinese technical text are not mixing, an English clause is. Greek letters are
/// neutral (mathematics). The foreign share is the weight of every language but the main one
/// over the weight of all languages.
struct LanguageMixStats {
    static let hanWeight = 3.0
    static let hangulWeight = 2.0

    /// Weight per language: the stop-word languages, then zh, ja, ko, ru (Cyrillic), ar, other scripts.
    var weights = [Double](repeating: 0, count: LanguageMixStats.languageCount)
    var foreignShare = 0.0
    var mainLanguage = -1
    /// Sentences whose language differs from the previous determined sentence's.
    var switches = 0

    static let zh = StopLanguage.allCases.count
    static let ja = zh + 1
    static let ko = zh + 2
    static let ru = zh + 3
    static let ar = zh + 4
    static let other = zh + 5
    static let languageCount = zh + 6

    var isChinese: Bool { mainLanguage == LanguageMixStats.zh }

    static func run(_ text: ScannedText, lexical: LexicalStats) -> LanguageMixStats {
        var s = LanguageMixStats()
        let tokens = text.tokens
        var previousLabel = -1
        tokens.withUnsafeBufferPointer { tk in
            for sIndex in 0..<text.sentenceStarts.count {
                let range = text.sentenceRange(sIndex)
                var latin = 0.0
                var han = 0.0
                var kana = 0.0
                var hangul = 0.0
                var cyrillic = 0.0
                var arabic = 0.0
                var other = 0.0
                var votes = SIMD8<Int32>(repeating: 0)
                var englishPhraseLetters = 0.0
                var runLetters = 0.0
                var runWords = 0
                var runHasStop = false
                func closeRun() {
                    if runWords >= 3 && runHasStop { englishPhraseLetters += runLetters }
                    runLetters = 0
                    runWords = 0
                    runHasStop = false
                }
                for i in range {
                    let t = tk[i]
                    let letters = Double(t.letters)
                    switch t.kind {
                    case .latinWord:
                        latin += letters
                        let bits = lexical.stopBits[i]
                        if bits != 0 {
                            for l in 0..<StopLanguage.allCases.count where bits & (1 << l) != 0 { votes[l] += 1 }
                        }
                        if !t.flags.contains(.spaced) { closeRun() }
                        runLetters += letters
                        runWords += 1
                        if bits & StopLanguage.english != 0 { runHasStop = true }
                        continue
                    case .han: han += 1
                    case .kana: kana += 1
                    case .hangulWord: hangul += letters
                    case .cyrillicWord: cyrillic += letters
                    case .arabicWord: arabic += letters
                    case .hebrewWord, .indicWord, .thaiWord, .otherWord: other += letters
                    case .greekWord, .number: break
                    }
                    closeRun()
                }
                closeRun()
                let cjk = (han + kana) * hanWeight
                let cjkLanguage = kana >= 0.15 * (han + kana) && kana > 0 ? ja : zh
                var label = -1
                if latin >= cjk && latin >= hangul * hangulWeight && latin >= cyrillic && latin >= arabic
                    && latin >= other
                {
                    if let lang = LanguageMixStats.vote(votes) {
                        s.weights[lang] += latin
                        label = lang
                    }
                } else {
                    // A CJK (or other-script) sentence: its Latin words count only as English clauses.
                    s.weights[StopLanguage.en.rawValue] += englishPhraseLetters
                    if cjk >= hangul * hangulWeight && cjk >= cyrillic && cjk >= arabic && cjk >= other {
                        label = cjkLanguage
                    }
                }
                s.weights[cjkLanguage] += cjk
                s.weights[ko] += hangul * hangulWeight
                s.weights[ru] += cyrillic
                s.weights[ar] += arabic
                s.weights[LanguageMixStats.other] += other
                if label >= 0 {
                    if previousLabel >= 0 && label != previousLabel { s.switches += 1 }
                    previousLabel = label
                }
            }
        }
        let total = s.weights.reduce(0, +)
        guard total > 0 else { return s }
        var main = 0
        for l in 1..<s.weights.count where s.weights[l] > s.weights[main] { main = l }
        s.mainLanguage = main
        s.foreignShare = (total - s.weights[main]) / total
        return s
    }

    /// The stop-word language of a sentence: at least two votes and clearly ahead of the next.
    static func vote(_ votes: SIMD8<Int32>) -> Int? {
        var best: Int32 = 0
        var second: Int32 = 0
        var bestIndex = -1
        for l in 0..<StopLanguage.allCases.count {
            let v = votes[l]
            if v > best {
                second = best
                best = v
                bestIndex = l
            } else if v > second {
                second = v
            }
        }
        guard best >= 2, Double(best) >= 1.5 * Double(second) else { return nil }
        return bestIndex
    }
}
