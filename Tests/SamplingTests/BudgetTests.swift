import SplitMix
import Testing

@testable import Sampling

@Suite("token budgets, domain weights and the budget split")
struct BudgetTests {
    @Test(
        "budgets as people write them",
        arguments: [
            ("30B", 30_000_000_000), ("500M", 500_000_000), ("1.5e9", 1_500_000_000), ("2000000", 2_000_000),
            ("1.1B", 1_100_000_000), ("750k", 750_000), ("2T", 2_000_000_000_000), ("2_000", 2000), ("1e3", 1000),
            ("12.5K", 12_500), ("0.5m", 500_000), ("1.50e1", 15), ("3g", 3_000_000_000), ("7", 7),
        ] as [(String, Int64)]
    )
    func parses(text: String, tokens: Int64) throws {
        #expect(try TokenBudget.parse(text) == tokens)
    }

    @Test(
        "bad budgets say what is wrong",
        arguments: [
            ("", "no digits"), ("B", "no digits"), ("1.5", "that is not a whole number of tokens"),
            ("30X", "'X' is not a suffix (K, M, B, T)"), ("0", "a budget must be at least 1 token"),
            ("1e", "the exponent has no digits"), ("99999999999T", "too large"), ("30BB", "unexpected 'B' at the end"),
            ("-5", "no digits"), ("1.2345e2", "that is not a whole number of tokens"),
        ]
    )
    func rejects(text: String, why: String) {
        #expect(
            throws: SamplingError.invalidOption("--budget '\(text)': \(why); write it like 30B, 500M, 1.5e9 or 2000000")
        ) {
            try TokenBudget.parse(text)
        }
    }

    @Test("domain weights: shares, rest=natural, and the mistakes")
    func weights() throws {
        let weights = try DomainWeights(parsing: "Medicine=0.2, Law=0.1,rest=natural")
        #expect(weights.shares == ["Medicine": 0.2, "Law": 0.1])
        #expect(weights.restIsNatural)
        #expect(try DomainWeights(parsing: "Law=0.25,Finance=0.75").restIsNatural == false)
        #expect(throws: SamplingError.self) { try DomainWeights(parsing: "Law=0.5") }
        #expect(throws: SamplingError.self) { try DomainWeights(parsing: "Law=0.7,Finance=0.6,rest=natural") }
        #expect(throws: SamplingError.self) { try DomainWeights(parsing: "Law=abc,rest=natural") }
        #expect(throws: SamplingError.self) { try DomainWeights(parsing: "Law=0.1,Law=0.2,rest=natural") }
        #expect(throws: SamplingError.self) { try DomainWeights(parsing: "Law,rest=natural") }
        #expect(throws: SamplingError.self) { try DomainWeights(parsing: "Law=0.1,rest=uniform") }
    }

    @Test(
        "multi_domain: int(tokens_s / total * T), then int(tokens_sd / tokens_s * budget_s), in doubles as Python does"
    )
    func multiDomain() throws {
        let pool: [StratumKey: Int64] = [
            StratumKey(source: "A", domain: "x"): 20, StratumKey(source: "A", domain: "y"): 37,
            StratumKey(source: "B", domain: "x"): 43,
        ]
        let budgets = try BudgetAllocation.budgets(total: 100, pool: pool, stratification: .sourceDomain, weights: nil)
        // Python: 57 / 100 * 100 == 56.99999999999999, so source A gets 56, not 57.
        #expect(budgets[StratumKey(source: "A", domain: "x")] == Int64(Double(20) / 57 * 56))
        #expect(budgets[StratumKey(source: "A", domain: "x")] == 19)
        #expect(budgets[StratumKey(source: "A", domain: "y")] == 36)
        #expect(budgets[StratumKey(source: "B", domain: "x")] == 43)
    }

    @Test("domain weights give named domains their share and split the rest by pool share; sources split a domain")
    func weighted() throws {
        let pool: [StratumKey: Int64] = [
            StratumKey(source: "A", domain: "Law"): 10, StratumKey(source: "B", domain: "Law"): 30,
            StratumKey(source: "A", domain: "Finance"): 500, StratumKey(source: "A", domain: "Other"): 1500,
        ]
        let weights = try DomainWeights(parsing: "Law=0.5,rest=natural")
        let budgets = try BudgetAllocation.budgets(
            total: 1000,
            pool: pool,
            stratification: .sourceDomain,
            weights: weights
        )
        #expect(budgets[StratumKey(source: "A", domain: "Law")] == 125)
        #expect(budgets[StratumKey(source: "B", domain: "Law")] == 375)
        #expect(budgets[StratumKey(source: "A", domain: "Finance")] == 125)
        #expect(budgets[StratumKey(source: "A", domain: "Other")] == 375)
        #expect(throws: SamplingError.self) {
            try BudgetAllocation.budgets(
                total: 1000,
                pool: pool,
                stratification: .sourceDomain,
                weights: try DomainWeights(parsing: "Medicine=0.5,rest=natural")
            )
        }
        #expect(throws: SamplingError.self) {
            try BudgetAllocation.budgets(
                total: 1000,
                pool: [StratumKey(source: "A", domain: nil): 5],
                stratification: .source,
                weights: weights
            )
        }
    }

    @Test("a stratum's plan: whole epochs, then a partial one, never more than --max-epochs")
    func epochs() {
        var tally = StratumTally()
        let order = SelectionOrder(method: .uniform, bucketBits: 4)
        tally.add(scoreClass: 0, score: nil, bucket: 3, bucketCount: 16, tokens: 100)
        let key = StratumKey(source: nil, domain: nil)
        let short = StratumPlan(key: key, tally: tally, target: 250, maxEpochs: 1, order: order)
        #expect(short.fullEpochs == 1 && short.partialBudget == 0 && short.cut == nil)
        let repeated = StratumPlan(key: key, tally: tally, target: 250, maxEpochs: 3, order: order)
        #expect(repeated.fullEpochs == 2 && repeated.partialBudget == 50 && repeated.cut != nil)
        let capped = StratumPlan(key: key, tally: tally, target: 450, maxEpochs: 3, order: order)
        #expect(capped.fullEpochs == 3 && capped.partialBudget == 0)
        let exact = StratumPlan(key: key, tally: tally, target: 200, maxEpochs: 3, order: order)
        #expect(exact.fullEpochs == 2 && exact.partialBudget == 0)
        let none = StratumPlan(key: key, tally: tally, target: 0, maxEpochs: 3, order: order)
        #expect(none.fullEpochs == 0 && none.partialBudget == 0)
    }

    @Test("keys: top-k puts the score above the random bits; temperature keys keep the order of their values")
    func keys() {
        let topK = SelectionOrder(method: .topK, bucketBits: 12)
        #expect(topK.key(scoreClass: 5, bits: 0) > topK.key(scoreClass: 4, bits: .max))
        #expect(topK.key(scoreClass: 4, bits: 1 << 40) > topK.key(scoreClass: 4, bits: 1 << 39))
        #expect(SelectionOrder.orderable(-1.5) < SelectionOrder.orderable(-0.5))
        #expect(SelectionOrder.orderable(-0.5) < SelectionOrder.orderable(0.25))
        #expect(SelectionOrder.orderable(0.25) < SelectionOrder.orderable(3))
        let temperature = SelectionOrder(method: .temperature(tau: 2), bucketBits: 12, mean: 3, deviation: 1)
        for bucket in [0, 1, 2047, 4095] {
            let range = temperature.keyRange(scoreClass: 4, bucket: bucket)
            let bits = UInt64(bucket) << 52 | 0x0001_2345_6789
            #expect(range.contains(temperature.key(scoreClass: 4, bits: bits)))
        }
        // mix(0) is SplitMix64's first output for state 0.
        #expect(SplitMix64.mix(0) == 0xE220_A839_7B1D_CDAF)
    }
}
