/// Picks one of the 15 domains from the lexicon evidence per 100 tokens, after three structural
/// adjustments; too little evidence for any domain means Other.
///
/// 1. Documentation with code examples: in a text with some code lines whose lines are mostly prose
///    (code / (code + prose) below `codeFraction[1]`), coding vocabulary describes software rather
///    than being software, so that share of the Coding evidence moves to the documentation's subject:
///    Mathematics when its own evidence exceeds `mathOverTechnology` x Technology's (a computer-algebra
///    manual), else Technology (an API reference, a man page, a README).
/// 2. Code: Coding gets `codeBoost` x how far the code-line share, less half the prose-line share,
///    goes through `codeShare`; when the mathematical vocabulary is at least `mathOverCode` x the coding
///    vocabulary, the code is mathematics written for a computer and the boost goes to Mathematics.
/// 3. Notation: Mathematics gets `mathBoost` x how far the math density goes through `mathDensity`.
struct DomainRule: Sendable {
    /// The least evidence per 100 tokens for a domain other than Other.
    let otherThreshold: Double
    let codeShare: [Double]
    let codeBoost: Double
    let mathDensity: [Double]
    let mathBoost: Double
    /// Below the low end of this code/(code + prose) line ratio all of the coding vocabulary is taken
    /// as documentation, above the high end none.
    let codeFraction: [Double]
    /// The code-line share over which a text counts as carrying code examples at all.
    let codeExamples: [Double]
    let mathOverTechnology: Double
    let mathOverCode: Double

    static let technology = 4
    static let mathematics = 6
    static let coding = 7
    static let other = 14

    /// The evidence per domain with the structural adjustments made.
    func boosted(_ s: HeuristicSignals) -> [Double] {
        var scores = s.domainScores
        let code = s[.codeLineShare]
        let prose = s[.proseLineShare]
        let codingVocabulary = scores[DomainRule.coding]
        let fraction = code + prose > 0.05 ? code / (code + prose) : 0.5
        let documentation = (1 - DomainRule.ramp(fraction, codeFraction)) * DomainRule.ramp(code, codeExamples)
        let moved = codingVocabulary * documentation
        scores[DomainRule.coding] -= moved
        let mathematical = scores[DomainRule.mathematics] > mathOverTechnology * scores[DomainRule.technology]
        scores[mathematical ? DomainRule.mathematics : DomainRule.technology] += moved

        let boost = codeBoost * DomainRule.ramp(code - 0.5 * prose, codeShare)
        let mathCode = scores[DomainRule.mathematics] >= mathOverCode * max(codingVocabulary, 0.01)
        scores[mathCode ? DomainRule.mathematics : DomainRule.coding] += boost
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
