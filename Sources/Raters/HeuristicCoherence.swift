/// Lexical locality: in a coherent text a content word that recurs tends to recur in the NEXT
/// sentence (lexical chains, Morris & Hirst 1991; the entity grid of Barzilay & Lapata 2008).
/// For a word found in m of S sentences, a random order of the sentences puts it in
/// m(m-1)/S adjacent pairs on average; the observed count over that expectation is 1 for
/// shuffled text and above 1 for text whose sentences follow each other.
/// The same table gives topic concentration: the share of content words taken by the ten most
/// frequent ones.
struct CoherenceStats {
    /// Tokens looked at (the locality estimate is stable long before this).
    static let tokenCap = 60_000

    var sentences = 0
    var observedAdjacent = 0.0
    var expectedAdjacent = 0.0
    var contentOccurrences = 0
    var topTenShare = Double.nan
    var recurringShare = Double.nan

    /// (observed + 1) / (expected + 1); NaN with too few sentences or recurring words to tell.
    var locality: Double {
        guard sentences >= 5, expectedAdjacent >= 1 else { return .nan }
        return (observedAdjacent + 1) / (expectedAdjacent + 1)
    }

    private struct Unit {
        var lastSentence: Int32 = -2
        var sentences: Int32 = 0
        var adjacent: Int32 = 0
        var count: Int32 = 0
    }

    static func run(_ text: ScannedText, lexical: LexicalStats, bytes: UnsafeBufferPointer<UInt8>, lexicon: Lexicon) -> CoherenceStats {
        var s = CoherenceStats()
        let tokens = text.tokens
        let limit = min(tokens.count, tokenCap)
        var units = KeyTable<Unit>(minimumCapacity: limit / 3 + 8, filler: Unit())
        var sentence: Int32 = -1
        var sentenceCount = 0

        func note(_ key: UInt64) {
            let slot = units.slotInserting(key)
            units.update(slot: slot) { u in
                u.count += 1
                if u.lastSentence != sentence {
                    if u.lastSentence == sentence - 1 { u.adjacent += 1 }
                    u.sentences += 1
                    u.lastSentence = sentence
                }
            }
            s.contentOccurrences += 1
        }

        tokens.withUnsafeBufferPointer { tk in
            for i in 0..<limit {
                let t = tk[i]
                if t.flags.contains(.sentenceStart) || sentence < 0 {
                    sentence += 1
                    sentenceCount += 1
                }
                switch t.kind {
                case .number, .kana:
                    continue
                case .han:
                    // Chinese content units: pairs of adjacent characters, neither a function character.
                    guard i + 1 < limit, tk[i + 1].kind == .han, tk[i + 1].flags.contains(.adjacent) else { continue }
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
        s.sentences = sentenceCount
        guard s.contentOccurrences > 0 else { return s }
        let S = Double(max(sentenceCount, 1))
        var counts: [Int32] = []
        counts.reserveCapacity(units.count)
        var recurring = 0
        units.forEach { _, u in
            counts.append(u.count)
            if u.sentences >= 2 { recurring += Int(u.count) }
            // Words in more than half of the sentences say nothing about order.
            guard u.sentences >= 2, Double(u.sentences) <= S / 2 else { return }
            s.observedAdjacent += Double(u.adjacent)
            s.expectedAdjacent += Double(u.sentences) * Double(u.sentences - 1) / S
        }
        if s.contentOccurrences >= 20 {
            counts.sort(by: >)
            let top = counts.prefix(10).reduce(0) { $0 + Int($1) }
            s.topTenShare = Double(top) / Double(s.contentOccurrences)
            s.recurringShare = Double(recurring) / Double(s.contentOccurrences)
        }
        return s
    }
}
