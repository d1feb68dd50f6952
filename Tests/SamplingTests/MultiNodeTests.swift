import Annotations
import Foundation
import Parquet
import Testing

@testable import Sampling

@Suite("nodes that each read part of the annotations select one global mixture")
struct MultiNodeTests {
    static let corpus: (folder: URL, shards: [String: [FixtureRow]]) = {
        let folder = AnnotationFixture.folder("nodes")
        let shards = try! AnnotationFixture.corpus(in: folder, files: 6, rows: 1000, seed: 21)
        return (folder, shards)
    }()

    /// Copies the corpus files into `count` node folders, round robin.
    static func nodes(_ count: Int) throws -> [URL] {
        let folders = (0..<count).map { AnnotationFixture.folder("node\($0)") }
        let files = try FileManager.default.contentsOfDirectory(at: corpus.folder, includingPropertiesForKeys: nil)
            .sorted { $0.path < $1.path }
        for (index, file) in files.enumerated() {
            try FileManager.default.copyItem(
                at: file,
                to: folders[index % count].appendingPathComponent(file.lastPathComponent)
            )
        }
        return folders
    }

    @Test(
        "histograms merged from three nodes, three parts and one resolve give the single-node selection",
        arguments: [SamplingMethod.topK, .temperature(tau: 2)],
        [BudgetRounding.exact, .reference]
    )
    func threeNodes(method: SamplingMethod, rounding: BudgetRounding) async throws {
        var configuration = SampleConfiguration(budget: 250_000)
        configuration.method = method
        configuration.rounding = rounding
        configuration.histogramBits = 3  // coarse, so that many boundary rows are spread over the nodes
        configuration.threads = 2
        let single = try await runSampler([Self.corpus.folder], configuration)

        let nodes = try Self.nodes(3)
        let work = AnnotationFixture.folder("hist")
        defer { AnnotationFixture.remove(nodes + [work]) }
        var histograms: [URL] = []
        for (index, node) in nodes.enumerated() {
            let sampler = try Sampler(configuration: configuration, annotations: try AnnotationSet.open([node]))
            let url = work.appendingPathComponent("node\(index).hist")
            try HistogramFile.write(
                try await sampler.histogram(),
                configuration: configuration,
                annotations: sampler.annotations,
                to: url
            )
            histograms.append(url)
        }
        var parts: [URL] = []
        var selected: [SelectedRowReadBack] = []
        for (index, node) in nodes.enumerated() {
            let annotations = try AnnotationSet.open([node])
            let merged = try HistogramFile.merge(
                histograms.shuffled(),
                configuration: configuration,
                local: annotations
            )
            let out = work.appendingPathComponent("part\(index)")
            let report = try await Sampler(configuration: configuration, annotations: annotations).runPart(
                histogram: merged,
                output: out
            )
            #expect(report.partial)
            selected += try SelectedRowReadBack.read(out.appendingPathComponent("selection.parquet"))
            parts.append(out)
        }
        let final = work.appendingPathComponent("final")
        // A --budget given to the resolve step must be the one the parts were planned for.
        let wrongBudget = #expect(throws: SamplingError.self) {
            try SelectionPart.resolve(parts: parts, output: final, budget: configuration.budget + 1)
        }
        #expect(wrongBudget?.description.contains("give every step the same --budget") == true)
        let report = try SelectionPart.resolve(parts: parts, output: final, budget: configuration.budget)
        selected += try SelectedRowReadBack.read(final.appendingPathComponent("boundary-selection.parquet"))
        let picks = selected.map { ReferenceSelection.Pick(shard: $0.shard, line: $0.line, epoch: Int($0.epoch)) }
            .sorted()
        #expect(picks == single.picks)
        #expect(report.selectedTokens == single.report.selectedTokens)
        #expect(report.targetTokens == single.report.targetTokens)
        #expect(report.strata.map(\.selectedTokens) == single.report.strata.map(\.selectedTokens))
        #expect(!report.partial && report.files == 6)
        #expect(report.rounding == rounding && report.deviationTokens == single.report.deviationTokens)
        // A part planned with the other rounding has other budgets: merging it would mix two plans.
        var other = configuration
        other.rounding = rounding == .exact ? .reference : .exact
        let stray = work.appendingPathComponent("stray")
        _ = try await Sampler(configuration: other, annotations: try AnnotationSet.open([nodes[0]])).runPart(
            histogram: try HistogramFile.merge(histograms, configuration: other, local: nil),
            output: stray
        )
        #expect(throws: SamplingError.self) {
            try SelectionPart.resolve(parts: [parts[1], stray, parts[2]], output: work.appendingPathComponent("mixed"))
        }
        if rounding == .exact {
            #expect(report.targetTokens == configuration.budget)
            #expect(report.deviationTokens >= 0 && report.deviationTokens < Int64(single.rows.map(\.tokens).max() ?? 0))
        }
    }

    @Test("histogram files round-trip, merge by addition, and refuse mismatches")
    func files() async throws {
        var configuration = SampleConfiguration(budget: 1000)
        configuration.histogramBits = 5
        let nodes = try Self.nodes(2)
        let work = AnnotationFixture.folder("hist-files")
        defer { AnnotationFixture.remove(nodes + [work]) }
        let whole = try await Sampler(configuration: configuration, annotations: try AnnotationSet.open(nodes))
            .histogram()
        var urls: [URL] = []
        var parts = PoolHistogram()
        for (index, node) in nodes.enumerated() {
            let sampler = try Sampler(configuration: configuration, annotations: try AnnotationSet.open([node]))
            let histogram = try await sampler.histogram()
            parts.merge(histogram)
            let url = work.appendingPathComponent("\(index).hist")
            try HistogramFile.write(histogram, configuration: configuration, annotations: sampler.annotations, to: url)
            #expect(try HistogramFile.read(url, bucketCount: 32).1 == histogram)
            urls.append(url)
        }
        #expect(parts == whole)
        #expect(try HistogramFile.merge(urls, configuration: configuration, local: nil) == whole)

        // The same node twice would count its rows twice.
        #expect(throws: SamplingError.self) {
            try HistogramFile.merge([urls[0], urls[0]], configuration: configuration, local: nil)
        }
        // A node whose files are not in the histograms.
        #expect(throws: SamplingError.self) {
            try HistogramFile.merge([urls[0]], configuration: configuration, local: try AnnotationSet.open([nodes[1]]))
        }
        // Histograms made with another seed do not plan this selection.
        var other = configuration
        other.seed = 99
        #expect(throws: SamplingError.self) {
            try HistogramFile.merge(urls, configuration: other, local: try AnnotationSet.open([nodes[0]]))
        }
        // A histogram without the longest document per stratum (an older version's) cannot plan the cuts.
        var bytes = [UInt8](try Data(contentsOf: urls[0]))
        let headerLength = bytes[8..<16].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = String(decoding: bytes[24..<(24 + headerLength)], as: UTF8.self)
        let older = Array(header.replacing(/"maxTokens":\d+,/, with: "").utf8)
        #expect(older.count < headerLength)
        withUnsafeBytes(of: UInt64(older.count).littleEndian) { bytes.replaceSubrange(8..<16, with: $0) }
        bytes.replaceSubrange(24..<(24 + headerLength), with: older)
        let old = work.appendingPathComponent("old.hist")
        try Data(bytes).write(to: old)
        let refused = #expect(throws: SamplingError.self) {
            try HistogramFile.merge([old], configuration: configuration, local: nil)
        }
        #expect(refused?.description.contains("no 'maxTokens'") == true)

        let junk = work.appendingPathComponent("junk.hist")
        try Data("not a histogram".utf8).write(to: junk)
        #expect(throws: SamplingError.unusablePart("\(junk.path): not a dataman histogram file (no DMHIST1 magic)")) {
            try HistogramFile.merge([junk], configuration: configuration, local: nil)
        }
    }
}
