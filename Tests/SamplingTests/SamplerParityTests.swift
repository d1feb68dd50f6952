import Annotations
import Foundation
import Parquet
import Testing

@testable import Sampling

/// Runs the sampler into a fresh folder and reads `selection.parquet` back.
func runSampler(
    _ inputs: [URL],
    _ configuration: SampleConfiguration
) async throws
    -> (picks: [ReferenceSelection.Pick], report: SampleReport, rows: [SelectedRowReadBack])
{
    let out = AnnotationFixture.folder("out")
    defer { try? FileManager.default.removeItem(at: out) }
    let sampler = try Sampler(configuration: configuration, annotations: try AnnotationSet.open(inputs))
    let report = try await sampler.run(output: out, dryRun: false)
    let rows = try SelectedRowReadBack.read(out.appendingPathComponent("selection.parquet"))
    let picks = rows.map { ReferenceSelection.Pick(shard: $0.shard, line: $0.line, epoch: Int($0.epoch)) }.sorted()
    return (picks, report, rows)
}

/// The columns of `selection.parquet` the tests look at, in file order.
struct SelectedRowReadBack: Equatable {
    var docID: String
    var shard: String
    var line: Int64
    var tokens: Int32
    var stratum: String
    var epoch: Int32
    var key: Int64

    static func read(_ url: URL) throws -> [SelectedRowReadBack] {
        let reader = try ParquetReader(url: url)
        guard case .string(let ids) = try reader.read(column: "doc_id"),
            case .string(let shards) = try reader.read(column: "shard"),
            case .int64(let lines) = try reader.read(column: "line"),
            case .int32(let tokens) = try reader.read(column: "tokens"),
            case .string(let strata) = try reader.read(column: "stratum"),
            case .int32(let epochs) = try reader.read(column: "epoch"),
            case .int64(let keys) = try reader.read(column: "key")
        else { throw SamplingError.notASelection("selection.parquet has unexpected column types") }
        return ids.indices.map {
            SelectedRowReadBack(
                docID: ids[$0]!,
                shard: shards[$0]!,
                line: lines[$0]!,
                tokens: tokens[$0]!,
                stratum: strata[$0]!,
                epoch: epochs[$0]!,
                key: keys[$0]!
            )
        }
    }
}

/// The default histogram, and one so coarse that most rows of a stratum are boundary rows.
let histogramResolutions = [12, 2]

@Suite("streaming selection equals the in-memory reference, document for document")
struct SamplerParityTests {
    /// Six shards of 1,500 rows (several row groups each), five sources, eight domain values.
    static let corpus: (folder: URL, shards: [String: [FixtureRow]]) = {
        let folder = AnnotationFixture.folder("parity")
        let shards = try! AnnotationFixture.corpus(in: folder, files: 6, rows: 1500)
        return (folder, shards)
    }()

    static var poolTokens: Int64 {
        corpus.shards.values.joined().filter { $0.error == nil }.reduce(0) { $0 + Int64($1.tokens) }
    }

    func check(_ configuration: SampleConfiguration, _ reference: ReferenceSelection) async throws {
        // The reference is select_subset.py's arithmetic unless it is set to the exact rule.
        var configuration = configuration
        configuration.rounding = reference.rounding
        let (picks, report, _) = try await runSampler([Self.corpus.folder], configuration)
        let expected = reference.select(Self.corpus.shards, budget: configuration.budget)
        #expect(!expected.picks.isEmpty)
        #expect(picks.count == expected.picks.count)
        let missing = Set(expected.picks).subtracting(picks)
        let extra = Set(picks).subtracting(expected.picks)
        #expect(
            missing.isEmpty && extra.isEmpty,
            "\(missing.count) missing, e.g. \(missing.sorted().prefix(3)); \(extra.count) extra, e.g. \(extra.sorted().prefix(3))"
        )
        for stratum in report.strata {
            let want = expected.strata[stratum.stratum]
            #expect(want?.target == stratum.targetTokens, "target of \(stratum.stratum)")
            #expect(want?.selected == stratum.selectedTokens, "selected tokens of \(stratum.stratum)")
        }
        #expect(report.strata.count == expected.strata.count)
    }

    @Test("top-k by overall_score, multi_domain strata", arguments: histogramResolutions)
    func topK(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 3)
        configuration.histogramBits = bits
        configuration.threads = 2
        try await check(configuration, ReferenceSelection(method: .topK))
    }

    @Test("top-k by a sum of criteria with a filter and domain strata", arguments: histogramResolutions)
    func topKSum(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 5)
        configuration.histogramBits = bits
        configuration.score = try RatingSum(parsing: "accuracy+coherence+originality")
        configuration.filter = try RowFilter(parsing: "tokens > 50 and not domain in [Other]")
        configuration.stratification = .domain
        var reference = ReferenceSelection(method: .topK)
        reference.by = [0, 1, 11]
        // A row without a domain is not "in [Other]", so `not` keeps it.
        reference.keep = { $0.tokens > 50 && $0.domain != "Other" }
        reference.stratify = .domain
        try await check(configuration, reference)
    }

    @Test("dataman-overall=5: overall_score == 5, uniform order per stratum, seeded", arguments: histogramResolutions)
    func overallFive(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 6)
        configuration.histogramBits = bits
        configuration.method = .uniform
        configuration.filter = try RowFilter(parsing: "overall_score == 5")
        configuration.seed = 42
        var reference = ReferenceSelection(method: .uniform)
        reference.keep = { $0.ratings?[13] == 5 }
        reference.seed = 42
        try await check(configuration, reference)
    }

    @Test("QuRating temperature sampling, tau 2, strata by domain", arguments: histogramResolutions)
    func temperature(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 4)
        configuration.histogramBits = bits
        configuration.method = .temperature(tau: 2)
        configuration.stratification = .domain
        configuration.seed = 7
        var reference = ReferenceSelection(method: .temperature(2))
        reference.stratify = .domain
        reference.seed = 7
        try await check(configuration, reference)
    }

    @Test("uniform over everything, one stratum, unrated rows included", arguments: histogramResolutions)
    func uniformNoStrata(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 2)
        configuration.histogramBits = bits
        configuration.method = .uniform
        configuration.stratification = .none
        var reference = ReferenceSelection(method: .uniform)
        reference.stratify = .none
        try await check(configuration, reference)
    }

    @Test("domain weights with the rest split naturally", arguments: histogramResolutions)
    func domainWeights(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens / 4)
        configuration.histogramBits = bits
        configuration.domainWeights = try DomainWeights(parsing: "Medicine=0.3,Law=0.1,rest=natural")
        var reference = ReferenceSelection(method: .topK)
        reference.weights = ["Medicine": 0.3, "Law": 0.1]
        try await check(configuration, reference)
    }

    @Test(
        "upsampling: a budget twice the pool with three epochs repeats documents in key order",
        arguments: histogramResolutions
    )
    func epochs(bits: Int) async throws {
        var configuration = SampleConfiguration(budget: Self.poolTokens * 5 / 2)
        configuration.histogramBits = bits
        configuration.maxEpochs = 3
        configuration.stratification = .source
        var reference = ReferenceSelection(method: .topK)
        reference.maxEpochs = 3
        reference.stratify = .source
        try await check(configuration, reference)
    }
}
