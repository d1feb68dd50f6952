/// Pearson's and Spearman's coefficients from a joint table of two ratings.
///
/// With ratings taking five values, a sample of any size is fully described by the 5 × 5 table of
/// how often each pair of values occurs. Pearson's r is then a weighted sum over 25 cells. For
/// Spearman's ρ, the standard definition (as in scipy and pandas) ranks each variable, giving tied
/// values the mean of the ranks they span, and takes Pearson's r of the ranks. All documents with
/// rating v share one mid-rank, which depends only on how many documents rate below v and at v:
/// the marginals of the same table. So ρ is Pearson's r of the table with each value replaced by
/// its mid-rank — exact, not an approximation, and it needs no row kept in memory.
enum Correlation {
    /// r of the table `counts[a * 5 + b]` (a: the first variable's bin, b: the second's) when bin a
    /// has score `x[a]` and bin b score `y[b]`; nil when fewer than two documents or either variable
    /// is constant, where r is undefined.
    static func pearson(_ counts: ArraySlice<Int64>, x: [Double], y: [Double]) -> Double? {
        let levels = RatingScale.levels
        precondition(counts.count == levels * levels && x.count == levels && y.count == levels)
        let base = counts.startIndex
        var n: Double = 0
        var sumX: Double = 0
        var sumY: Double = 0
        for a in 0..<levels {
            for b in 0..<levels {
                let c = Double(counts[base + a * levels + b])
                n += c
                sumX += c * x[a]
                sumY += c * y[b]
            }
        }
        guard n >= 2 else { return nil }
        let meanX = sumX / n
        let meanY = sumY / n
        // Centred sums: no cancellation between huge sums of squares.
        var sxx: Double = 0
        var syy: Double = 0
        var sxy: Double = 0
        for a in 0..<levels {
            for b in 0..<levels {
                let c = Double(counts[base + a * levels + b])
                guard c > 0 else { continue }
                let dx = x[a] - meanX
                let dy = y[b] - meanY
                sxx += c * dx * dx
                syy += c * dy * dy
                sxy += c * dx * dy
            }
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// The rating values themselves as scores.
    static let ratingScores: [Double] = (1...RatingScale.levels).map(Double.init)

    /// Mid-ranks of the table's marginal distribution; a bin without documents gets 0, which no
    /// cell with a count ever multiplies.
    static func midRankScores(_ marginal: [Int64]) -> [Double] {
        RatingHistogram.midRanks(marginal).map { $0 ?? 0 }
    }
}
