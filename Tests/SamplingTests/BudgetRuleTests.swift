import Annotations
import Foundation
import SplitMix
import Testing

@testable import Sampling

@Suite("--rounding exact: targets add up to the budget and the total lands within one document of it")
struct BudgetRuleTests {
    /// Three shards: 9 sources by 8 domains with skewed sizes, so many strata are far smaller than
    /// one document's share; one source of a single huge document; strata of zero-token documents.
    static let corpus: (folder: URL, shards: [String: [FixtureRow]]) = {
        let folder = AnnotationFixture.folder("budget-rule")
        var shards: [String: [FixtureRow]] = [:]
        for shard in 0..<3 {
            var rows = AnnotationFixture.rows(shard: shard, count: 700, seed: 5)
            for index in rows.indices {
                let line = Int(rows[index].line)
                // Source i holds about 2^-i of the rows: the last sources are a handful of documents.
                rows[index].source = "S\(min(8, (line * 7 + shard).trailingZeroBitCount))"
                rows[index].domain = rows[index].domain.map { "\($0)\(line % 3 == 0 ? "-b" : "")" }
            }
            if shard == 1 {
                rows[5].source = "huge"
                rows[5].tokens = 40_000
                rows[5].error = nil
                rows[5].ratings = rows[5].ratings ?? Array(repeating: 4, count: 14)
                rows[6].source = "empty"
                rows[6].tokens = 0
            }
            let path = "part-\(shard).jsonl.zst"
            try! AnnotationFixture.write(
                rows,
                to: folder.appendingPathComponent("shard-\(shard).parquet"),
                inputPath: path
            )
            shards[path] = rows
        }
        return (folder, shards)
    }()

    static var poolTokens: Int64 {
        corpus.shards.values.joined().filter { $0.error == nil }.reduce(0) { $0 + Int64($1.tokens) }
    }

    static let methods: [(SamplingMethod, ReferenceSelection.Method)] = [
        (.topK, .topK), (.uniform, .uniform), (.temperature(tau: 2), .temperature(2)),
    ]

    /// Runs the sampler and the in-memory reference of the exact rule, checks they pick the same
    /// rows, and checks the bound: the total exceeds the budget by less than the largest selected
    /// document, or, when the pool (times the epochs) is smaller, is the whole pool that often.
    func check(
        _ configuration: SampleConfiguration,
        _ reference: ReferenceSelection,
        capacity: Int64,
        _ comment: String
    ) async throws {
        let (picks, report, rows) = try await runSampler([Self.corpus.folder], configuration)
        let expected = reference.select(Self.corpus.shards, budget: configuration.budget)
        #expect(picks == expected.picks, "\(comment): the sampler and the reference pick other rows")
        let total = rows.reduce(Int64(0)) { $0 + Int64($1.tokens) }
        #expect(report.selectedTokens == total, "\(comment)")
        #expect(report.deviationTokens == total - configuration.budget, "\(comment)")
        if capacity >= configuration.budget {
            let largest = Int64(rows.map(\.tokens).max() ?? 0)
            #expect(report.targetTokens == configuration.budget, "\(comment): the targets add up to the budget")
            #expect(
                total >= configuration.budget && total - configuration.budget < largest,
                "\(comment): \(total) selected for a budget of \(configuration.budget), largest document \(largest)"
            )
        } else {
            #expect(total == capacity, "\(comment): a pool under the budget is taken whole")
            #expect(report.warnings.contains { $0.hasPrefix("the filtered pool holds") }, "\(comment)")
        }
        for stratum in report.strata {
            #expect(expected.strata[stratum.stratum]?.target == stratum.targetTokens, "\(comment) \(stratum.stratum)")
            #expect(stratum.deviationTokens == stratum.selectedTokens - stratum.targetTokens)
        }
    }

    @Test(
        "every method and stratification, budgets from 1 token to three times the pool, coarse and fine histograms",
        arguments: [0, 1, 2]
    )
    func budgets(method index: Int) async throws {
        let (method, referenceMethod) = Self.methods[index]
        let pool = Self.poolTokens
        let budgets: [Int64] = [1, 37, 1_000, 9_999, 40_001, pool / 7, pool / 2, pool - 1, pool, pool + 1, pool * 3]
        let scored = Self.corpus.shards.values.joined().filter { $0.error == nil && $0.ratings != nil }
        let scoredPool = scored.reduce(Int64(0)) { $0 + Int64($1.tokens) }
        for stratification in [Stratification.sourceDomain, .source, .domain, .none] {
            for (step, budget) in budgets.enumerated() {
                var configuration = SampleConfiguration(budget: budget)
                configuration.method = method
                configuration.stratification = stratification
                configuration.seed = 3
                configuration.histogramBits = step.isMultiple(of: 2) ? 12 : 2
                configuration.threads = 2
                var reference = ReferenceSelection(method: referenceMethod)
                reference.stratify = stratification
                reference.seed = 3
                reference.rounding = .exact
                try await check(
                    configuration,
                    reference,
                    capacity: method == .uniform ? pool : scoredPool,
                    "\(method) \(stratification.rawValue) budget \(budget)"
                )
            }
        }
    }

    @Test("upsampling: whole epochs, then the carried partial epoch", arguments: [1, 2, 3])
    func epochs(maxEpochs: Int) async throws {
        let pool = Self.poolTokens
        for budget in [pool * 5 / 2, pool * 2, pool / 3] {
            var configuration = SampleConfiguration(budget: budget)
            configuration.method = .uniform
            configuration.stratification = .source
            configuration.maxEpochs = maxEpochs
            configuration.histogramBits = 4
            var reference = ReferenceSelection(method: .uniform)
            reference.stratify = .source
            reference.maxEpochs = maxEpochs
            reference.rounding = .exact
            try await check(
                configuration,
                reference,
                capacity: pool * Int64(maxEpochs),
                "uniform, \(maxEpochs) epochs, budget \(budget)"
            )
        }
    }

    @Test("domain weights: largest remainder over domains, then over their sources")
    func domainWeights() async throws {
        for budget in [Int64(5_003), Self.poolTokens / 4] {
            var configuration = SampleConfiguration(budget: budget)
            configuration.domainWeights = try DomainWeights(parsing: "Medicine=0.3,Law-b=0.1,rest=natural")
            configuration.filter = try RowFilter(parsing: "tokens > 30")
            var reference = ReferenceSelection(method: .topK)
            reference.weights = ["Medicine": 0.3, "Law-b": 0.1]
            reference.keep = { $0.tokens > 30 }
            reference.rounding = .exact
            let capacity = Self.corpus.shards.values.joined()
                .filter { $0.error == nil && $0.ratings != nil && $0.tokens > 30 }
                .reduce(Int64(0)) { $0 + Int64($1.tokens) }
            try await check(configuration, reference, capacity: capacity, "weights, budget \(budget)")
        }
    }

    @Test("largest remainder: floors plus one token each to the largest remainders, ties in key order")
    func largestRemainder() {
        var random = SplitMix64Generator(state: 9)
        for _ in 0..<500 {
            let count = 1 + random.below(40)
            let weights = Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, Int64(random.below(1000))) })
            let budget = Int64(random.below(100_000))
            let shares = BudgetAllocation.largestRemainder(budget, weights)
            let whole = weights.values.reduce(0, +)
            guard whole > 0 else {
                #expect(shares.values.allSatisfy { $0 == 0 })
                continue
            }
            #expect(shares.values.reduce(0, +) == budget)
            #expect(shares == ReferenceSelection.apportion(budget, weights))
            for (key, weight) in weights {
                let floor = budget * weight / whole
                #expect(shares[key] == floor || shares[key] == floor + 1)
            }
        }
        // Equal remainders: the first keys in order get the spare tokens.
        #expect(BudgetAllocation.largestRemainder(2, ["c": 1, "a": 1, "b": 1]) == ["a": 1, "b": 1, "c": 0])
        // Sources, then domains inside them: 101 = 58 + 43, then A's 58 = 20 + 38.
        let pool: [StratumKey: Int64] = [
            StratumKey(source: "A", domain: "x"): 20, StratumKey(source: "A", domain: "y"): 37,
            StratumKey(source: "B", domain: "x"): 43,
        ]
        let shares = try? BudgetAllocation.exactShares(
            total: 101,
            pool: pool,
            stratification: .sourceDomain,
            weights: nil
        )
        #expect(
            shares == [
                StratumKey(source: "A", domain: "x"): 20, StratumKey(source: "A", domain: "y"): 38,
                StratumKey(source: "B", domain: "x"): 43,
            ]
        )
    }

    @Test("a short stratum's share goes to the others in proportion to their shares")
    func fill() {
        let a = StratumKey(source: "a", domain: nil)
        let b = StratumKey(source: "b", domain: nil)
        let c = StratumKey(source: "c", domain: nil)
        // a can give only 10 of its 50: the 40 left are split 30 : 10 by b's and c's shares.
        let targets = BudgetAllocation.fill(
            [a: 50, b: 30, c: 10],
            capacity: [a: 10, b: 1000, c: 1000],
            budget: 90,
            byShareOnly: false
        )
        #expect(targets == [a: 10, b: 60, c: 20])
        // b then overflows as well: c takes the rest.
        #expect(
            BudgetAllocation.fill(
                [a: 50, b: 30, c: 10],
                capacity: [a: 10, b: 40, c: 1000],
                budget: 90,
                byShareOnly: false
            )
                == [a: 10, b: 40, c: 40]
        )
        // Strata without a share take the rest by capacity, unless the shares are the user's weights.
        #expect(
            BudgetAllocation.fill([a: 5, b: 0, c: 0], capacity: [a: 1, b: 3, c: 1], budget: 5, byShareOnly: false)
                == [a: 1, b: 3, c: 1]
        )
        #expect(
            BudgetAllocation.fill([a: 5, b: 0, c: 0], capacity: [a: 1, b: 3, c: 1], budget: 5, byShareOnly: true)
                == [a: 1, b: 0, c: 0]
        )
    }

    @Test("the same selection for 1 and 4 threads and shuffled files")
    func threads() async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 5)
        configuration.method = .temperature(tau: 2)
        configuration.histogramBits = 3
        configuration.threads = 1
        let one = try await runSampler([Self.corpus.folder], configuration)
        configuration.threads = 4
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus.folder, includingPropertiesForKeys: nil)
        let many = try await runSampler(files.sorted { $0.path > $1.path }, configuration)
        #expect(one.rows == many.rows)
        #expect(one.report.selectedTokens == many.report.selectedTokens)
    }
}
