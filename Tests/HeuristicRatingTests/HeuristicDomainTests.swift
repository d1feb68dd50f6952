import Testing

@testable import HeuristicRating

@Suite("Heuristic domain rule")
struct HeuristicDomainTests {
    let rule = try! HeuristicResources.load(HeuristicFixtures.criteria).domain

    /// Signals with lexicon evidence (per 100 tokens) and line shares as given.
    func signals(
        coding: Double,
        technology: Double,
        mathematics: Double,
        code: Double,
        prose: Double
    ) -> HeuristicSignals {
        var s = HeuristicSignals()
        s.domainScores = [Double](repeating: 0, count: 15)
        s.domainScores[DomainRule.coding] = coding
        s.domainScores[DomainRule.technology] = technology
        s.domainScores[DomainRule.mathematics] = mathematics
        s[.codeLineShare] = code
        s[.proseLineShare] = prose
        s[.mathDensity] = 0
        return s
    }

    @Test("coding vocabulary in prose with code examples is documentation: Technology")
    func documentation() {
        let s = signals(coding: 8, technology: 4, mathematics: 2, code: 0.2, prose: 0.5)
        #expect(rule.classify(s) == DomainRule.technology)
    }

    @Test("the same vocabulary in a text that is mostly code stays Coding")
    func mostlyCode() {
        let s = signals(coding: 8, technology: 4, mathematics: 2, code: 0.6, prose: 0.1)
        #expect(rule.classify(s) == DomainRule.coding)
    }

    @Test("without any code lines, coding vocabulary is not moved (licences, essays about software)")
    func noCodeLines() {
        let s = signals(coding: 8, technology: 4, mathematics: 2, code: 0, prose: 0.7)
        #expect(rule.classify(s) == DomainRule.coding)
    }

    @Test("documentation whose subject is mathematics goes to Mathematics, its code too")
    func mathematicalSoftware() {
        let manual = signals(coding: 6, technology: 2, mathematics: 7, code: 0.2, prose: 0.5)
        #expect(rule.classify(manual) == DomainRule.mathematics)
        let session = signals(coding: 3, technology: 1, mathematics: 6, code: 0.7, prose: 0.1)
        #expect(rule.classify(session) == DomainRule.mathematics)
    }
}
