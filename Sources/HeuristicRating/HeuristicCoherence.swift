import SplitMix

/// Lexical locality: in a coherent text a content word that recurs tends to recur in the NEXT
/// sentence (lexical chains, Morris & Hirst 1991; the entity grid of Barzilay & Lapata 2008).
///
/// The sequence is reduced to its informative sentences: those with a content word found in 2+
/// sentences (and in at most half of them), each sentence counted once (an exact repeat of an
/// earlier sentence is skipped). For a word in m of the S informative sentences, a random order
/// puts it in m(m-1)/S adjacent pairs on average; the observed count over that expectation is 1
/// for shuffled text and above 1 for text whose sentences follow each other. Only joins after
/// closing punctuation count (the expectation is scaled to their share): segments cut at line
/// breaks inside one sentence, list or code block stay together under any sentence shuffle.
/// Sentences with no recurring word (a foreign sentence) neither add positions nor break chains,
/// and lines judged boilerplate or repeated are left out, so the measure answers order only.
///
/// The same word counts give topic concentration (share of the ten most frequent content words)
/// and vocabulary richness (Yule's K, which does not depend on word order).
struct CoherenceStats {
    /// Tokens looked at (the locality estimate is stable long before this).
    static let tokenCap = 30_000

    var informativeSentences = 0
    var punctuationJoins = 0
    var observedAdjacent = 0.0
    var expectedAdjacent = 0.0
    var contentOccurrences = 0
    var topTenShare = Double.nan
    var recurringShare = Double.nan
    var yulesK = Double.nan

    /// (observed + 1) / (expected + 1); NaN with too few joins or recurring words to tell.
    var locality: Double {
        guard punctuationJoins >= 4, expectedAdjacent >= 1 else { return .nan }
        return (observedAdjacent + 1) / (expectedAdjacent + 1)
    }

    private struct Unit {
        var id: Int32 = 0
        var lastSentence: Int32 = -1
        var count: Int32 = 0
    }

    /// `skipLines`: lines whose words are left out (boilerplate, repeats of earlier lines).
    static func run(
        _ text: ScannedText,
        lexical: LexicalStats,
        skipLines: [Bool],
        bytes: UnsafeBufferPointer<UInt8>,
        lexicon: Lexicon
    ) -> CoherenceStats {
        var s = CoherenceStats()
        let tokens = text.tokens
        let limit = min(tokens.count, tokenCap)
        var units = KeyTable<Unit>(minimumCapacity: limit / 3 + 8, filler: Unit())
        var sentencesOf: [Int32] = []  // per unit id: how many sentences have it
        var occurrences: [(sentence: Int32, unit: Int32)] = []
        occurrences.reserveCapacity(limit / 2)
        var seenSentences = KeyTable<UInt8>(minimumCapacity: text.sentenceStarts.count + 1, filler: 0)
        var sentence: Int32 = -1
        var line = 0
        let lines = text.lines
        var startsAfterPunctuation: [Bool] = []

        func note(_ key: UInt64) {
            s.contentOccurrences += 1
            let slot = units.slotInserting(key)
            var u = units[slot: slot]
            if u.count == 0 {
                u.id = Int32(sentencesOf.count)
                sentencesOf.append(0)
            }
            u.count += 1
            if u.lastSentence != sentence {
                u.lastSentence = sentence
                sentencesOf[Int(u.id)] += 1
                occurrences.append((sentence, u.id))
            }
            units[slot: slot] = u
        }

        tokens.withUnsafeBufferPointer { tk in
            for sIndex in 0..<text.sentenceStarts.count {
                let range = text.sentenceRange(sIndex)
                guard range.lowerBound < limit else { break }
                // An exact repeat of an earlier sentence adds nothing.
                if range.count >= 3 {
                    let before = seenSentences.count
                    seenSentences.slotInserting(sentenceKey(range, tk))
                    if seenSentences.count == before { continue }
                }
                sentence += 1
                startsAfterPunctuation.append(sIndex > 0 && text.sentenceAfterPunctuation[sIndex])
                for i in range where i < limit {
                    while line + 1 < lines.count && Int(lines[line].tokenEnd) <= i { line += 1 }
                    if skipLines[line] { continue }
                    let t = tk[i]
                    switch t.kind {
                    case .number, .kana:
                        continue
                    case .han:
                        // Chinese content units: pairs of adjacent characters, neither a function character.
                        guard i + 1 < limit, tk[i + 1].kind == .han, tk[i + 1].flags.contains(.adjacent) else {
                            continue
                        }
                        let a = lexicon.han.flags(Scalars.decode(bytes, Int(t.start)).0)
                        let b = lexicon.han.flags(Scalars.decode(bytes, Int(tk[i + 1].start)).0)
                        guard (a | b) & HanCharTable.function == 0 else { continue }
                        note(TokenKey.extend(t.key, tk[i + 1].key))
                    default:
                        guard t.letters >= 3, lexical.stopBits[i] == 0, !t.flags.contains(.attached) else { continue }
                        note(t.key)
                    }
                }
            }
        }
        s.measureLocality(
            sentences: Int(sentence) + 1,
            sentencesOf: sentencesOf,
            occurrences: occurrences,
            startsAfterPunctuation: startsAfterPunctuation
        )
        s.measureVocabulary(units)
        return s
    }

    private static func sentenceKey(_ range: Range<Int>, _ tk: UnsafeBufferPointer<Token>) -> UInt64 {
        var k: UInt64 = 0x5EED
        for i in range { k = k &* 0x100_0000_01B3 &+ tk[i].key }
        return SplitMix64.mix(k) | 1
    }

    private mutating func measureLocality(
        sentences: Int,
        sentencesOf: [Int32],
        occurrences: [(sentence: Int32, unit: Int32)],
        startsAfterPunctuation: [Bool]
    ) {
        guard sentences >= 2 else { return }
        let informativeCap = Int32(max(sentences / 2, 2))
        func counts(_ unit: Int32) -> Bool {
            let m = sentencesOf[Int(unit)]
            return m >= 2 && m <= informativeCap
        }
        // Rank of each informative sentence in the reduced sequence.
        var rank = [Int32](repeating: -1, count: sentences)
        var next: Int32 = 0
        for o in occurrences where counts(o.unit) && rank[Int(o.sentence)] < 0 {
            rank[Int(o.sentence)] = next
            next += 1
        }
        informativeSentences = Int(next)
        guard next >= 3 else { return }
        var joins = 0
        for sIndex in 0..<sentences where rank[sIndex] > 0 && startsAfterPunctuation[sIndex] { joins += 1 }
        punctuationJoins = joins
        // Chains: for each unit, its previous informative sentence.
        var previous = [Int32](repeating: -1, count: sentencesOf.count)
        var observed = 0
        for o in occurrences where counts(o.unit) {
            let r = rank[Int(o.sentence)]
            let p = previous[Int(o.unit)]
            if p >= 0 && r == p + 1 && startsAfterPunctuation[Int(o.sentence)] { observed += 1 }
            previous[Int(o.unit)] = r
        }
        observedAdjacent = Double(observed)
        let S = Double(next)
        let joinShare = Double(joins) / (S - 1)
        var expected = 0.0
        for m in sentencesOf where m >= 2 && m <= informativeCap {
            expected += Double(m) * Double(m - 1) / S
        }
        expectedAdjacent = expected * joinShare
    }

    private mutating func measureVocabulary(_ units: KeyTable<Unit>) {
        guard contentOccurrences >= 20 else { return }
        var counts: [Int32] = []
        counts.reserveCapacity(units.count)
        var recurring = 0
        var squares = 0.0
        // swift-format-ignore: ReplaceForEachWithForLoop
        // (KeyTable walks its occupied slots; it is not a Sequence)
        units.forEach { _, u in
            counts.append(u.count)
            if u.count >= 2 { recurring += Int(u.count) }
            squares += Double(u.count) * Double(u.count)
        }
        let n = Double(contentOccurrences)
        // The ten largest counts, by selection: no full sort.
        var top = [Int32](repeating: 0, count: 10)
        for c in counts where c > top[9] {
            var i = 9
            while i > 0 && top[i - 1] < c {
                top[i] = top[i - 1]
                i -= 1
            }
            top[i] = c
        }
        topTenShare = Double(top.reduce(0) { $0 + Int($1) }) / n
        recurringShare = Double(recurring) / n
        yulesK = 10_000 * (squares - n) / (n * n)
    }
}
