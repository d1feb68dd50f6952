/// Maps a signal to a 1-5 score through four cut points.
///
/// For a higher-is-better signal with cuts c1 < c2 < c3 < c4 the rating is 1 + the number of cuts
/// the value reaches; for a lower-is-better one, 5 - the number of cuts it exceeds. The
/// continuous score (used to combine parts and for the overall score) runs linearly through each
/// bucket: bucket r spans [r - 0.5, r + 0.5), and the two end buckets are as wide as their
/// neighbours, so the integer rating is always the bucket of the continuous one.
struct CutTable: Sendable {
    let signal: HeuristicSignals.Name
    let cuts: [Double]
    let higherIsBetter: Bool
    let weight: Double

    /// The continuous score in [0.5, 5.5), or nil when the signal is not measurable (NaN).
    func score(_ value: Double) -> Double? {
        guard !value.isNaN else { return nil }
        let up = CutTable.ascending(value, cuts)
        return higherIsBetter ? up : 6 - up
    }

    /// 0.5 + the position of `x` through knots (c1 - (c2 - c1), c1, c2, c3, c4, c4 + (c4 - c3)).
    static func ascending(_ x: Double, _ c: [Double]) -> Double {
        let knots = [c[0] - (c[1] - c[0]), c[0], c[1], c[2], c[3], c[3] + (c[3] - c[2])]
        if x <= knots[0] { return 0.5 }
        for k in 0..<5 where x < knots[k + 1] {
            return 0.5 + Double(k) + (x - knots[k]) / (knots[k + 1] - knots[k])
        }
        return 5.499
    }
}

/// Points taken off a criterion: a piecewise-linear function of a signal through (value, points)
/// knots, flat beyond the first and last.
struct Penalty: Sendable {
    let signal: HeuristicSignals.Name
    let knots: [(Double, Double)]

    func points(_ value: Double) -> Double? {
        guard !value.isNaN, let first = knots.first, let last = knots.last else { return nil }
        if value <= first.0 { return first.1 }
        if value >= last.0 { return last.1 }
        for k in 1..<knots.count where value < knots[k].0 {
            let (x0, y0) = knots[k - 1]
            let (x1, y1) = knots[k]
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
        }
        return last.1
    }
}

/// One criterion: the weighted mean of its parts' scores, less its penalties.
struct CriterionRule: Sendable {
    let parts: [CutTable]
    let penalties: [Penalty]
    /// The score when no part is measurable.
    let defaultScore: Double

    func continuous(_ s: HeuristicSignals) -> Double {
        var sum = 0.0
        var weights = 0.0
        for p in parts {
            guard let v = p.score(s[p.signal]) else { continue }
            sum += v * p.weight
            weights += p.weight
        }
        var score = weights > 0 ? sum / weights : defaultScore
        for p in penalties { score -= p.points(s[p.signal]) ?? 0 }
        return min(max(score, 0.5), 5.499)
    }

    static func rating(_ continuous: Double) -> Int8 {
        Int8(min(max(Int((continuous + 0.5).rounded(.down)), 1), 5))
    }
}

/// The overall score: a weighted mean of the 13 criteria plus, for the criteria that measure
/// defects, a slope times their distance from a pivot, so one clear defect moves the overall
/// score down as a human rater's would instead of being averaged away.
struct OverallRule: Sendable {
    let weights: [Double]
    let pivot: Double
    let defectSlopes: [Double]

    func continuous(_ scores: [Double]) -> Double {
        var sum = 0.0
        var total = 0.0
        var defects = 0.0
        for i in 0..<weights.count {
            sum += weights[i] * scores[i]
            total += weights[i]
            defects += defectSlopes[i] * (scores[i] - pivot)
        }
        return min(max(sum / max(total, 1e-9) + defects, 0.5), 5.499)
    }
}
