/// Picks one of the 15 domains from the lexicon evidence per 100 tokens, after adding the
/// structural evidence for code (share of code-like lines less half the share of prose lines, so
/// documentation with code examples stays documentation) and mathematics (TeX commands, math
/// operators and Greek letters); too little evidence for any domain means Other.
struct DomainRule: Sendable {
    /// The least evidence per 100 tokens for a domain other than Other.
    let otherThreshold: Double
    /// Code boost = codeBoost x how far the code-line share goes from codeShare[0] to codeShare[1].
    let codeShare: [Double]
    let codeBoost: Double
    let mathDensity: [Double]
    let mathBoost: Double

    static let coding = 7
    static let mathematics = 6
    static let other = 14

    /// The evidence per domain with the code and math boosts added.
    func boosted(_ s: HeuristicSignals) -> [Double] {
        var scores = s.domainScores
        scores[DomainRule.coding] += codeBoost * DomainRule.ramp(s[.codeLineShare] - 0.5 * s[.proseLineShare], codeShare)
        scores[DomainRule.mathematics] += mathBoost * DomainRule.ramp(s[.mathDensity], mathDensity)
        return scores
    }

    func classify(_ s: HeuristicSignals) -> Int {
        let scores = boosted(s)
        var best = DomainRule.other
        var bestScore = otherThreshold
        for d in 0..<scores.count where d != DomainRule.other && scores[d] > bestScore {
            best = d
            bestScore = scores[d]
        }
        return best
    }

    static func ramp(_ x: Double, _ range: [Double]) -> Double {
        guard !x.isNaN else { return 0 }
        return min(max((x - range[0]) / (range[1] - range[0]), 0), 1)
    }
}
