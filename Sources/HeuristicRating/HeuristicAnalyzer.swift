/// Runs the passes over one document and turns their counts into named signals.
///
/// Work is linear in the text and capped: a document over 256 KiB is measured on its first
/// 192 KiB and last 64 KiB (as DataMan's own rater sees a long document's head and tail), and
/// the n-gram, locality, spelling and vocabulary measures stop at their own caps inside that.
struct HeuristicAnalyzer {
    static let sampleLimit = 256 * 1024
    static let headBytes = 192 * 1024
    static let tailBytes = 64 * 1024

    let resources: HeuristicResources

    func signals(_ text: String) -> HeuristicSignals {
        var copy = text
        return copy.withUTF8 { buffer in
            if buffer.count <= HeuristicAnalyzer.sampleLimit { return measure(buffer, fullBytes: buffer.count) }
            let sample = HeuristicAnalyzer.headAndTail(buffer)
            return sample.withUnsafeBufferPointer { measure($0, fullBytes: buffer.count) }
        }
    }

    /// The first and last parts of a long text, cut at character boundaries, joined by a blank line.
    static func headAndTail(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var headEnd = headBytes
        while headEnd > 0 && p[headEnd] & 0xC0 == 0x80 { headEnd -= 1 }
        var tailStart = p.count - tailBytes
        while tailStart < p.count && p[tailStart] & 0xC0 == 0x80 { tailStart += 1 }
        var sample = [UInt8]()
        sample.reserveCapacity(headEnd + (p.count - tailStart) + 2)
        sample.append(contentsOf: UnsafeBufferPointer(rebasing: p[0..<headEnd]))
        sample.append(contentsOf: [0x0A, 0x0A])
        sample.append(contentsOf: UnsafeBufferPointer(rebasing: p[tailStart..<p.count]))
        return sample
    }

    func measure(_ bytes: UnsafeBufferPointer<UInt8>, fullBytes: Int) -> HeuristicSignals {
        let lexicon = resources.lexicon
        let text = Scanner.scan(bytes, fullBytes: fullBytes, han: lexicon.han)
        let lexical = LexicalStats.run(text, bytes: bytes, lexicon: lexicon)
        let spelling = SpellingStats.check(
            candidates: lexical.spellingCandidates,
            tokens: text.tokens,
            bytes: bytes,
            eligible: lexical.spellingEligible,
            lexicon: lexicon
        )
        let repetition = RepetitionStats.run(text, bytes: bytes)
        let lines = LineStats.run(text, lexical: lexical, lexicon: lexicon)
        let skipLines = zip(lines.boilerplate, repetition.duplicateLines).map { $0 || $1 }
        let coherence = CoherenceStats.run(text, lexical: lexical, skipLines: skipLines, bytes: bytes, lexicon: lexicon)
        let language = LanguageMixStats.run(text, lexical: lexical)
        let sentences = SentenceStats.run(text, lexical: lexical)

        var s = HeuristicSignals()
        let c = text.counts
        let words = Double(lexical.words)
        let tokens = words + Double(lexical.numbers) + Double(lexical.hanChars + lexical.kanaChars) / 1.5
        let per100 = 100 / max(tokens, 1)
        let sentenceCount = Double(max(text.sentenceStarts.count, 1))
        s[.tokens] = tokens

        // Accuracy
        // Spelling is judged in the text's main language: English words in Chinese text are
        // commands and names more often than prose.
        let chineseMain = language.mainLanguage == LanguageMixStats.zh || language.mainLanguage == LanguageMixStats.ja
        if spelling.eligible >= 20 && !chineseMain {
            s[.nearMissRate] = spelling.nearMissRate
            s[.unknownWordRate] = spelling.unknownRate
        }
        if lexical.hanBigrams >= 30 && chineseMain {
            s[.zhUnknownBigramRate] = 1 - Double(lexical.hanBigramsCommon) / Double(lexical.hanBigrams)
            s[.zhSwapRate] = Double(lexical.hanSwaps) / Double(lexical.hanBigrams)
            s[.zhRareCharRate] = Double(lexical.hanRareChars) / Double(lexical.hanChars)
            s[.strayLatinRate] = Double(lexical.strayLatinInHan) / Double(lexical.hanChars)
        }
        s[.encodingErrorRate] = Double(c[.invalid] + c[.control] + c.mojibake) / Double(max(c.scalars, 1))

        // Coherence
        s[.locality] = coherence.locality
        s[.connectiveRate] = Double(lexical.connectiveHits) / sentenceCount
        s[.fragmentLineShare] =
            lines.nonBlankLines >= 5 ? Double(lines.fragmentLines) / Double(lines.nonBlankLines) : .nan

        // Language consistency
        s[.foreignShare] = language.foreignShare
        s[.languageSwitchRate] = Double(language.switches) / sentenceCount

        // Semantic density
        s[.boilerplateShare] = lines.boilerplateChars
        s[.boilerplatePhraseRate] = Double(lexical.boilerplateHits) * per100
        s[.urlShare] = Double(c.urlBytes) / Double(max(c.nonSpace, 1))
        s[.stopwordRatio] = words >= 20 ? Double(lexical.stopwords) / words : .nan

        // Originality
        s[.duplicateLineShare] = repetition.duplicateLineChars
        s[.duplicateParagraphShare] = repetition.duplicateParagraphChars
        s[.duplicateNgramShare] = repetition.duplicateNgramTokens
        s[.duplicateShare] = max(
            repetition.duplicateLineChars,
            repetition.duplicateParagraphChars,
            repetition.duplicateNgramTokens
        )

        // Topic focus
        s[.topTermsShare] = coherence.topTenShare
        s[.recurringTermsShare] = coherence.recurringShare

        // Creativity
        s[.yulesK] = coherence.yulesK
        s[.expressiveRate] = Double(lexical.expressiveHits) * per100
        let marks = c.marks
        let quotes = marks[PunctuationMark.quote.rawValue] + marks[PunctuationMark.cjkQuote.rawValue]
        s[.dialogueRate] = Double(quotes) / sentenceCount
        let exclaims =
            marks[PunctuationMark.exclamation.rawValue] + marks[PunctuationMark.question.rawValue]
            + marks[PunctuationMark.cjkExclamation.rawValue] + marks[PunctuationMark.cjkQuestion.rawValue]
        s[.exclamationQuestionRate] = Double(exclaims) / sentenceCount

        // Professionalism and novelty
        s[.termDensity] = Double(lexical.domainTermHits) * per100
        s[.distinctTerms] = Double(lexical.distinctDomainTerms)
        s[.longWordShare] = lexical.latinWords >= 20 ? Double(lexical.longWords) / Double(lexical.latinWords) : .nan
        s[.acronymShare] = words >= 20 ? Double(lexical.allUpperWords) / words : .nan
        s[.noveltyRate] = Double(lexical.noveltyHits) * per100
        s[.numberRate] = Double(lexical.numbers) * per100
        s[.codeLineShare] = lines.nonBlankLines > 0 ? Double(lines.codeLines) / Double(lines.nonBlankLines) : 0
        s[.proseLineShare] = lines.nonBlankLines > 0 ? Double(lines.proseLines) / Double(lines.nonBlankLines) : 0
        s[.mathDensity] =
            Double(c.texCommands + c.mathSymbols + c[.greek] + c.dollars / 2 + lexical.mathTermHits) * per100

        // Style and grammar
        s[.styleDispersion] = sentences.styleDispersion
        s[.punctuationRunRate] = Double(c.punctuationRuns) * per100
        s[.sentenceLengthVariation] = sentences.lengthVariation
        s[.meanSentenceLength] = sentences.meanLength
        s[.openerVariety] = sentences.openerVariety
        s[.punctuationVariety] = Double(marks.filter { $0 > 0 }.count)
        s[.functionWordVariety] = Double(lexical.distinctStopwords + lexical.distinctHanFunctionChars)
        s[.subordinatorRate] = Double(lexical.subordinatorHits) / sentenceCount

        // Structure
        s[.terminatedParagraphShare] =
            lines.proseParagraphs > 0
            ? Double(lines.terminatedParagraphs) / Double(lines.proseParagraphs) : .nan
        s[.longLineShare] = lines.longLineChars
        let brackets = (0..<c.bracketOpen.count).reduce(0) { $0 + c.bracketOpen[$1] + c.bracketClose[$1] }
        let imbalance = (0..<c.bracketOpen.count).reduce(0) { $0 + abs(c.bracketOpen[$1] - c.bracketClose[$1]) }
        s[.bracketImbalance] = Double(imbalance) / Double(brackets + 4)
        s[.whitespaceNoise] = Double(c.innerSpaceRuns + c.trailingSpaceLines) / Double(max(lines.nonBlankLines, 1))
        s[.indentConsistency] =
            lines.indentedLines >= 5 ? Double(lines.evenIndentLines) / Double(lines.indentedLines) : .nan
        s[.structuredLineShare] =
            lines.nonBlankLines > 0 ? Double(lines.structuredLines) / Double(lines.nonBlankLines) : 0

        // Sensitivity
        s[.profanityRate] = Double(lexical.profanityHits) * 10 * per100
        s[.sensitiveRate] = Double(lexical.sensitiveHits) * 10 * per100

        // Domain evidence
        s.domainScores = lexical.domainScores.map { $0 * per100 }
        let ranked = s.domainScores.enumerated().filter { $0.offset != 14 }.map(\.element).sorted(by: >)
        let evidence = ranked.reduce(0, +)
        s[.domainDominance] = evidence > 0 ? ranked[0] / evidence : .nan
        s.mainLanguage = language.mainLanguage >= 0 ? HeuristicAnalyzer.languageNames[language.mainLanguage] : "none"
        return s
    }

    static let languageNames = ["en", "fr", "de", "es", "it", "pt", "nl", "zh", "ja", "ko", "ru", "ar", "other"]
}
