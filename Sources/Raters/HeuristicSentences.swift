import Foundation

/// Sentence-level measures: length variety, how varied sentence openings are, vocabulary richness
/// (moving-average type/token ratio, Covington & McFall 2010), and style drift between the parts
/// of the text.
struct SentenceStats {
    /// Sentences looked at for length and openers.
    static let sentenceCap = 2000
    static let mattrWindow = 50
    static let mattrCap = 20_000
    /// Style drift features and the spread that counts as one unit of drift for each:
    /// log mean sentence length, stop-word ratio, CJK share, capitalised share, numbers per token,
    /// mean word length.
    static let driftScales: [Double] = [0.35, 0.10, 0.20, 0.10, 0.05, 1.0]

    var sentences = 0
    var meanLength = 0.0
    var lengthVariation = Double.nan
    var openerVariety = Double.nan
    var mattr = Double.nan
    var hanMattr = Double.nan
    var styleDrift = Double.nan

    static func run(_ text: ScannedText, lexical: LexicalStats) -> SentenceStats {
        var s = SentenceStats()
        let count = min(text.sentenceStarts.count, sentenceCap)
        s.sentences = text.sentenceStarts.count
        var lengths: [Double] = []
        lengths.reserveCapacity(count)
        var openers = KeyTable<UInt8>(minimumCapacity: count + 1, filler: 0)
        var features: [Double] = []
        features.reserveCapacity(count * featureStride)
        text.tokens.withUnsafeBufferPointer { tk in
            for sIndex in 0..<count {
                let range = text.sentenceRange(sIndex)
                var words = 0.0, han = 0.0, numbers = 0.0, stops = 0.0, capitals = 0.0, wordLetters = 0.0, latinLetters = 0.0
                for i in range {
                    let t = tk[i]
                    switch t.kind {
                    case .han, .kana: han += 1
                    case .number: numbers += 1
                    default:
                        words += 1
                        if lexical.stopBits[i] != 0 { stops += 1 }
                        if t.flags.contains(.capitalized) || t.flags.contains(.allUpper) { capitals += 1 }
                        wordLetters += Double(t.letters)
                        if t.kind == .latinWord { latinLetters += Double(t.letters) }
                    }
                }
                let length = words + numbers + han / 1.7
                if length >= 3 {
                    lengths.append(length)
                    openers.slotInserting(tk[range.lowerBound].key)
                }
                let tokens = max(words + numbers + han, 1)
                features.append(contentsOf: [length, stops, han * LanguageMixStats.hanWeight, latinLetters, capitals,
                                             numbers / tokens, wordLetters, words, tokens])
            }
        }
        if lengths.count >= 4 {
            let mean = lengths.reduce(0, +) / Double(lengths.count)
            let variance = lengths.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(lengths.count)
            s.meanLength = mean
            s.lengthVariation = variance.squareRoot() / mean
            s.openerVariety = Double(openers.count) / Double(lengths.count)
        } else if let first = lengths.first {
            s.meanLength = first
        }
        s.styleDrift = drift(features)
        s.mattr = movingTypeTokenRatio(text.tokens, window: mattrWindow) { $0.kind == .latinWord }
        s.hanMattr = movingTypeTokenRatio(text.tokens, window: mattrWindow * 2) { $0.kind == .han }
        return s
    }

    /// Per-sentence values kept for the drift measure: length, stop words, CJK weight, Latin
    /// letters, capitalised words, numbers per token, word letters, words, tokens.
    static let featureStride = 9

    /// The mean, over features, of how far each chunk's value strays from the whole text's, in
    /// units of the feature's scale. The text is cut into 2-8 chunks of 6+ sentences each.
    static func drift(_ rows: [Double]) -> Double {
        let sentences = rows.count / featureStride
        let chunks = min(8, sentences / 6)
        guard chunks >= 2 else { return .nan }
        func summarize(_ from: Int, _ to: Int) -> [Double] {
            var sum = [Double](repeating: 0, count: featureStride)
            for r in from..<to {
                for k in 0..<featureStride { sum[k] += rows[r * featureStride + k] }
            }
            let n = Double(max(to - from, 1))
            let words = max(sum[7], 1)
            let letterWeight = max(sum[2] + sum[3], 1)
            return [log(max(sum[0] / n, 1)), sum[1] / words, sum[2] / letterWeight, sum[4] / words, sum[5] / n, sum[6] / words]
        }
        let whole = summarize(0, sentences)
        let size = sentences / chunks
        var total = 0.0
        for c in 0..<chunks {
            let lo = c * size
            let hi = c == chunks - 1 ? sentences : lo + size
            let f = summarize(lo, hi)
            for k in 0..<f.count { total += abs(f[k] - whole[k]) / driftScales[k] }
        }
        return total / Double(chunks * driftScales.count)
    }

    /// The mean share of distinct tokens in every window of `window` consecutive selected tokens;
    /// NaN when there are fewer than two windows' worth.
    static func movingTypeTokenRatio(_ tokens: [Token], window: Int, where include: (Token) -> Bool) -> Double {
        var keys: [UInt64] = []
        keys.reserveCapacity(min(tokens.count, mattrCap))
        for t in tokens where include(t) {
            keys.append(t.key)
            if keys.count >= mattrCap { break }
        }
        guard keys.count >= window * 2 else { return .nan }
        var counts = KeyTable<Int32>(minimumCapacity: window * 2, filler: 0)
        var distinct = 0
        var sum = 0.0
        for i in 0..<keys.count {
            let s = counts.slotInserting(keys[i])
            counts.update(slot: s) { if $0 == 0 { distinct += 1 }; $0 += 1 }
            if i >= window {
                let old = counts.slot(of: keys[i - window])!
                counts.update(slot: old) { $0 -= 1; if $0 == 0 { distinct -= 1 } }
            }
            if i >= window - 1 { sum += Double(distinct) / Double(window) }
        }
        return sum / Double(keys.count - window + 1)
    }
}
