import Annotations
import Foundation
import SplitMix
import Testing

@testable import Sampling

@Suite("the same selection whatever the threads, file order or folder split")
struct DeterminismTests {
    /// Eight shards written once; the variants below copy or re-split them.
    static let corpus: (folder: URL, shards: [String: [FixtureRow]]) = {
        let folder = AnnotationFixture.folder("determinism")
        let shards = try! AnnotationFixture.corpus(in: folder, files: 8, rows: 900, seed: 3)
        return (folder, shards)
    }()

    static func configuration(_ method: SamplingMethod, threads: Int) -> SampleConfiguration {
        let pool = corpus.shards.values.joined().reduce(Int64(0)) { $0 + Int64($1.tokens) }
        var configuration = SampleConfiguration(budget: pool / 3)
        configuration.method = method
        configuration.threads = threads
        configuration.seed = 11
        configuration.histogramBits = 6
        return configuration
    }

    static let methods: [SamplingMethod] = [.topK, .uniform, .temperature(tau: 2)]

    @Test("1, 2 and 5 threads write identical selection files", arguments: methods)
    func threads(method: SamplingMethod) async throws {
        let one = try await runSampler([Self.corpus.folder], Self.configuration(method, threads: 1))
        for threads in [2, 5] {
            let many = try await runSampler([Self.corpus.folder], Self.configuration(method, threads: threads))
            #expect(many.rows == one.rows)
        }
        #expect(!one.rows.isEmpty)
    }

    @Test(
        "files given one by one in a shuffled order, or twice, select the same rows in the same order",
        arguments: methods
    )
    func shuffled(method: SamplingMethod) async throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus.folder, includingPropertiesForKeys: nil)
        var random = SplitMix64Generator(state: 5)
        var shuffled = files
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, random.below(index + 1)) }
        #expect(shuffled != files.sorted { $0.path < $1.path })
        let inOrder = try await runSampler([Self.corpus.folder], Self.configuration(method, threads: 2))
        let reordered = try await runSampler(shuffled + [shuffled[0]], Self.configuration(method, threads: 2))
        #expect(reordered.rows == inOrder.rows)
    }

    @Test("annotations split over folders, and a shard split into parts, select the same documents", arguments: methods)
    func split(method: SamplingMethod) async throws {
        let left = AnnotationFixture.folder("left")
        let right = AnnotationFixture.folder("right")
        defer { AnnotationFixture.remove([left, right]) }
        for (index, path) in Self.corpus.shards.keys.sorted().enumerated() {
            let rows = Self.corpus.shards[path]!
            let folder = index % 2 == 0 ? left : right
            if index == 3 {
                // One shard annotated in two parts (as a large shard is), in different folders, other row groups.
                try AnnotationFixture.write(
                    Array(rows[..<400]),
                    to: left.appendingPathComponent("big/part-0.parquet"),
                    inputPath: path,
                    rowGroupRows: 128
                )
                try AnnotationFixture.write(
                    Array(rows[400...]),
                    to: right.appendingPathComponent("big/part-1.parquet"),
                    inputPath: path,
                    rowGroupRows: 333
                )
            } else {
                try AnnotationFixture.write(
                    rows,
                    to: folder.appendingPathComponent("n\(index).parquet"),
                    inputPath: path
                )
            }
        }
        let whole = try await runSampler([Self.corpus.folder], Self.configuration(method, threads: 2))
        let parts = try await runSampler([right, left], Self.configuration(method, threads: 3))
        #expect(parts.picks == whole.picks)
        // Same documents; the order of the rows is the canonical file order, which is also the same here.
        #expect(parts.rows.map(\.docID) == whole.rows.map(\.docID))
    }

    @Test("another seed gives another random selection, the same seed the same one")
    func seeds() async throws {
        var configuration = Self.configuration(.uniform, threads: 2)
        let first = try await runSampler([Self.corpus.folder], configuration)
        let again = try await runSampler([Self.corpus.folder], configuration)
        configuration.seed = 12
        let other = try await runSampler([Self.corpus.folder], configuration)
        #expect(first.rows == again.rows)
        let overlap = Set(first.picks).intersection(other.picks).count
        #expect(overlap < first.picks.count * 2 / 3)
    }
}

@Suite("budgets are met per stratum within one document; edge cases are reported, not hidden")
struct ExactnessTests {
    static let corpus: (folder: URL, shards: [String: [FixtureRow]]) = {
        let folder = AnnotationFixture.folder("exactness")
        let shards = try! AnnotationFixture.corpus(in: folder, files: 4, rows: 1200, seed: 9)
        return (folder, shards)
    }()

    @Test(
        "reference rounding: every stratum ends at or above its target and less than one document over it; exact: the whole selection does",
        arguments: [SamplingMethod.topK, .uniform, .temperature(tau: 0.5)]
    )
    func exact(method: SamplingMethod) async throws {
        var configuration = SampleConfiguration(budget: 123_457)
        configuration.method = method
        configuration.threads = 2
        // Each stratum on its own, as select_subset.py fills them.
        configuration.rounding = .reference
        let result = try await runSampler([Self.corpus.folder], configuration)
        var largest: [String: Int32] = [:]
        var tokens: [String: Int64] = [:]
        for row in result.rows {
            largest[row.stratum] = max(largest[row.stratum] ?? 0, row.tokens)
            tokens[row.stratum, default: 0] += Int64(row.tokens)
        }
        for stratum in result.report.strata where stratum.targetTokens > 0 {
            #expect(stratum.selectedTokens == tokens[stratum.stratum] ?? 0)
            if stratum.poolTokens > stratum.targetTokens {
                #expect(stratum.selectedTokens >= stratum.targetTokens, "\(stratum.stratum)")
                #expect(
                    stratum.selectedTokens - stratum.targetTokens < Int64(largest[stratum.stratum] ?? 0),
                    "\(stratum.stratum)"
                )
                #expect(stratum.shortfallTokens == 0)
            }
        }
        #expect(result.report.targetTokens <= 123_457 && result.report.targetTokens > 123_457 - 100)
        #expect(result.report.shortfallTokens == 0)

        // The exact rule carries each stratum's overshoot into the next one: the total is on the budget.
        configuration.rounding = .exact
        let total = try await runSampler([Self.corpus.folder], configuration)
        let largestSelected = Int64(total.rows.map(\.tokens).max() ?? 0)
        #expect(total.report.targetTokens == 123_457)
        #expect(total.report.deviationTokens >= 0 && total.report.deviationTokens < largestSelected)
        #expect(total.report.selectedTokens == total.rows.reduce(0) { $0 + Int64($1.tokens) })
    }

    @Test("an empty pool selects nothing and says so")
    func emptyPool() async throws {
        var configuration = SampleConfiguration(budget: 1000)
        configuration.filter = try RowFilter(parsing: "overall_score > 5 or domain == Lawx")
        let result = try await runSampler([Self.corpus.folder], configuration)
        #expect(result.rows.isEmpty)
        #expect(result.report.poolDocuments == 0 && result.report.selectedTokens == 0)
        #expect(result.report.warnings.contains { $0.hasPrefix("the pool is empty") })
        #expect(
            result.report.warnings.contains(
                "--where compares domain with 'Lawx', which no row has (values are case-sensitive)"
            )
        )
    }

    @Test("a budget larger than the pool takes everything once and reports the shortfall")
    func shortfall() async throws {
        let pool = Self.corpus.shards.values.joined().filter { $0.error == nil && $0.ratings != nil }.reduce(Int64(0)) {
            $0 + Int64($1.tokens)
        }
        var configuration = SampleConfiguration(budget: pool * 3)
        configuration.stratification = .domain
        // The paper's rule: every stratum on its own, none enlarged for another's shortfall.
        configuration.rounding = .reference
        let result = try await runSampler([Self.corpus.folder], configuration)
        #expect(result.report.poolTokens == pool)
        #expect(result.report.selectedTokens == pool)
        #expect(result.rows.allSatisfy { $0.epoch == 0 })
        #expect(result.report.shortfallTokens == result.report.targetTokens - pool)
        #expect(result.report.strata.allSatisfy { $0.shortfallTokens > 0 || $0.poolTokens == 0 })
        #expect(result.report.warnings.contains { $0.contains("--max-epochs N would repeat") })

        configuration.maxEpochs = 2
        let twice = try await runSampler([Self.corpus.folder], configuration)
        #expect(twice.report.selectedTokens == 2 * pool)
        #expect(Set(twice.rows.map(\.epoch)) == [0, 1])
        #expect(twice.report.strata.allSatisfy { $0.epochs == 2 })
        #expect(twice.report.warnings.contains { $0.contains("even after 2 epochs") })

        configuration.maxEpochs = 4
        let enough = try await runSampler([Self.corpus.folder], configuration)
        // Truncated shares leave each target a little under 3 × its pool: two whole epochs and most of a third.
        #expect(enough.report.shortfallTokens == 0)
        #expect(Set(enough.rows.map(\.epoch)) == [0, 1, 2])
        #expect(enough.report.selectedTokens >= enough.report.targetTokens && enough.report.targetTokens > 2 * pool)
    }

    @Test("one-document strata: taken when their budget is positive, skipped when it truncates to 0")
    func singleDocumentStrata() async throws {
        let folder = AnnotationFixture.folder("single")
        defer { AnnotationFixture.remove([folder]) }
        var rows = AnnotationFixture.rows(shard: 0, count: 300, seed: 2).map { row -> FixtureRow in
            var row = row
            row.source = "big"
            row.error = nil
            row.ratings = row.ratings ?? Array(repeating: 3, count: 14)
            row.tokens = 100
            return row
        }
        rows[10].source = "tiny"
        rows[10].tokens = 50
        rows[20].source = "small"
        rows[20].tokens = 5000
        try AnnotationFixture.write(rows, to: folder.appendingPathComponent("a.parquet"), inputPath: "a.jsonl")
        var configuration = SampleConfiguration(budget: 10_000)
        configuration.stratification = .source
        // Truncated shares, as select_subset.py computes them.
        configuration.rounding = .reference
        let result = try await runSampler([folder], configuration)
        let strata = Dictionary(uniqueKeysWithValues: result.report.strata.map { ($0.stratum, $0) })
        // tiny: int(50 / 34950 * 10000) = 14 > 0, so its one document is taken (crossing its budget).
        #expect(strata["tiny"]?.targetTokens == 14 && strata["tiny"]?.selectedDocuments == 1)
        #expect(strata["small"]?.selectedTokens == 5000)
        configuration.budget = 100
        let small = try await runSampler([folder], configuration)
        let tiny = small.report.strata.first { $0.stratum == "tiny" }
        #expect(tiny?.targetTokens == 0 && tiny?.selectedDocuments == 0)
    }

    @Test("a dry run reports the same mixture and writes nothing")
    func dryRun() async throws {
        let out = AnnotationFixture.folder("dry")
        let realOut = AnnotationFixture.folder("real")
        defer { AnnotationFixture.remove([out, realOut]) }
        let sampler = try Sampler(
            configuration: SampleConfiguration(budget: 50_000),
            annotations: try AnnotationSet.open([Self.corpus.folder])
        )
        let dry = try await sampler.run(output: out, dryRun: true)
        let real = try await sampler.run(output: realOut, dryRun: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        #expect(dry.dryRun && !real.dryRun)
        #expect(dry.selectedTokens == real.selectedTokens && dry.selectedRows == real.selectedRows)
        let json = String(decoding: try real.json(), as: UTF8.self)
        #expect(json.contains("\"selected_tokens\" : \(real.selectedTokens)"))
        #expect(real.text.contains("total"))
    }

    @Test("invalid settings are refused before reading")
    func invalid() throws {
        let set = try AnnotationSet.open([Self.corpus.folder])
        var configuration = SampleConfiguration(budget: 10)
        configuration.method = .temperature(tau: 0)
        #expect(throws: SamplingError.invalidOption("--tau must be a positive number, not 0.0")) {
            try Sampler(configuration: configuration, annotations: set)
        }
        configuration.method = .topK
        configuration.maxEpochs = 0
        #expect(throws: SamplingError.invalidOption("--max-epochs must be at least 1")) {
            try Sampler(configuration: configuration, annotations: set)
        }
    }

    @Test("presets carry the published rules")
    func presets() throws {
        #expect(SamplePreset.datamanTopK.method == .topK && SamplePreset.datamanTopK.stratification == .sourceDomain)
        #expect(SamplePreset.datamanOverall5.method == .uniform)
        #expect(try SamplePreset.datamanOverall5.filter?.text == "overall_score == 5")
        #expect(SamplePreset.qurating.method == .temperature(tau: 2) && SamplePreset.qurating.stratification == .domain)
        #expect(try SamplePreset.qurating.filter == nil)
    }
}
