import Foundation

/// Sentence-level measures: length variety, how varied sentence openings are, vocabulary richness
/// (moving-average type/token ratio, Covington & McFall 2010), and style drift between the parts
/// of the text.
struct SentenceStats {
    /// Sentences looked at for length and openers.
    static let sentenceCap = 2000
    /// Style features of a sentence and the spread that counts as one unit of dispersion for each:
    /// stop-word ratio, CJK share of the letters, capitalised share of the words, numbers per
    /// token, mean word length.
    static let styleScales: [Double] = [0.15, 0.3, 0.15, 0.1, 1.5]
    /// Sentences shorter than this (in tokens) are too short to have a register.
    static let styleMinimumTokens = 5.0

    var sentences = 0
    var meanLength = 0.0
    var lengthVariation = Double.nan
    var openerVariety = Double.nan
    var styleDispersion = Double.nan

    static func run(_ text: ScannedText, lexical: LexicalStats) -> SentenceStats {
        var s = SentenceStats()
        let count = min(text.sentenceStarts.count, sentenceCap)
        s.sentences = text.sentenceStarts.count
        var lengths: [Double] = []
        lengths.reserveCapacity(count)
        var openers = KeyTable<UInt8>(minimumCapacity: count + 1, filler: 0)
        var features: [Double] = []
        features.reserveCapacity(count * styleScales.count)
        text.tokens.withUnsafeBufferPointer { tk in
            for sIndex in 0..<count {
                let range = text.sentenceRange(sIndex)
                var words = 0.0
                var han = 0.0
                var numbers = 0.0
                var stops = 0.0
                var capitals = 0.0
                var wordLetters = 0.0
                var latinLetters = 0.0
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
                let tokens = words + numbers + han
                if tokens >= SentenceStats.styleMinimumTokens {
                    let letterWeight = max(han * LanguageMixStats.hanWeight + latinLetters, 1)
                    features.append(stops / max(words, 1))
                    features.append(han * LanguageMixStats.hanWeight / letterWeight)
                    features.append(capitals / max(words, 1))
                    features.append(numbers / tokens)
                    features.append(words > 0 ? wordLetters / words : 0)
                }
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
        s.styleDispersion = dispersion(features)
        return s
    }

    /// The mean, over style features, of the mean absolute deviation of single sentences from the
    /// text's mean, in units of the feature's scale; NaN with fewer than 6 sentences.
    static func dispersion(_ rows: [Double]) -> Double {
        let k = styleScales.count
        let n = rows.count / k
        guard n >= 6 else { return .nan }
        var total = 0.0
        for f in 0..<k {
            var mean = 0.0
            for r in 0..<n { mean += rows[r * k + f] }
            mean /= Double(n)
            var deviation = 0.0
            for r in 0..<n { deviation += abs(rows[r * k + f] - mean) }
            total += deviation / Double(n) / styleScales[f]
        }
        return total / Double(k)
    }
}
