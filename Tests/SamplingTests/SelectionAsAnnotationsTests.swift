import Annotations
import Foundation
import Testing

@testable import Sampling

/// A selection file opens as annotations (`dataman stats selection.parquet`): each of its rows is
/// the annotated row it selected, repeated once per epoch, with the annotations' provenance.
@Suite("selection.parquet read as annotations")
struct SelectionAsAnnotationsTests {
    /// A budget of 1.5 times the pool, so every stratum is taken whole and part of it again.
    static func sampler(_ folder: URL) async throws -> (Sampler, [String: [FixtureRow]]) {
        let rows = try AnnotationFixture.corpus(in: folder, files: 3, rows: 700, seed: 9)
        var configuration = SampleConfiguration(budget: 1)
        configuration.maxEpochs = 2
        configuration.filter = try RowFilter(parsing: "coherence >= 3")
        configuration.threads = 2
        let annotations = try AnnotationSet.open([folder])
        let pool = try await Sampler(configuration: configuration, annotations: annotations)
            .run(output: folder, dryRun: true).poolTokens
        configuration.budget = pool * 3 / 2
        return (try Sampler(configuration: configuration, annotations: annotations), rows)
    }

    /// Every row of `file`, with all annotation columns, the shard and the epoch.
    static func read(_ file: AnnotationFile) throws -> [(batch: AnnotationBatch, row: Int)] {
        let reader = try AnnotationReader(file)
        let columns = Set(AnnotationFileColumns.all + [AnnotationColumns.shard])
        return try (0..<reader.rowGroupCount).flatMap { group in
            let batch = try reader.batch(rowGroup: group, columns: columns)
            return (0..<batch.count).map { (batch, $0) }
        }
    }

    @Test("each selection row is its annotated row, once per epoch; provenance carries over")
    func rowsMatchAnnotations() async throws {
        let annotations = AnnotationFixture.folder("sel-ann")
        let out = AnnotationFixture.folder("sel-out")
        defer { AnnotationFixture.remove([annotations, out]) }
        let (sampler, corpus) = try await Self.sampler(annotations)
        let report = try await sampler.run(output: out, dryRun: false)
        #expect(report.selectedRows > report.selectedDocuments, "the fixture should make repeats")

        let set = try AnnotationSet.open([out.appendingPathComponent("selection.parquet")])
        let file = try #require(set.files.first)
        #expect(file.isSelection && file.inputPath.isEmpty && file.lines == nil)
        #expect(file.rowCount == report.selectedRows)
        let source = try #require(sampler.annotations.files.first)
        #expect(file.criteriaVersion == source.criteriaVersion && file.tokenizer == source.tokenizer)
        #expect(file.rater == source.rater && file.schemaVersion == source.schemaVersion)

        var copies: [String: Int] = [:]
        for (batch, row) in try Self.read(file) {
            let annotated = try #require(corpus[batch.shard[row]]?[Int(batch.line[row])])
            #expect(batch.docID[row] == annotated.docID && batch.idHash[row] == annotated.idHash)
            #expect(batch.tokens[row] == annotated.tokens && batch.source[row] == annotated.source)
            #expect(batch.domain[row] == annotated.domain && batch.error[row] == nil)
            let ratings = AnnotationColumns.ratings.indices.map { batch.ratings[$0]![row] }
            let expected: [Int8?] = annotated.ratings?.map { $0 } ?? Array(repeating: nil, count: 14)
            #expect(ratings == expected)
            #expect((ratings[1] ?? 0) >= 3, "the filter's rows only")
            copies["\(batch.shard[row]):\(batch.line[row])", default: 0] += 1
        }
        #expect(Int64(copies.count) == report.selectedDocuments)
        #expect(copies.values.contains(2) && copies.values.allSatisfy { (1...2).contains($0) })
    }

    @Test("a dry run hands the observer the rows a real run writes, and writes nothing")
    func dryRunObserver() async throws {
        let annotations = AnnotationFixture.folder("obs-ann")
        let out = AnnotationFixture.folder("obs-out")
        let dry = AnnotationFixture.folder("obs-dry")
        defer { AnnotationFixture.remove([annotations, out, dry]) }
        let (sampler, _) = try await Self.sampler(annotations)
        let observed = CollectingSink()
        let alongside = CollectingSink()
        let dryReport = try await sampler.run(output: dry, dryRun: true, observer: observed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dry.path).isEmpty)
        _ = try await sampler.run(output: out, dryRun: false, observer: alongside)
        #expect(observed.rows == alongside.rows)
        #expect(Int64(observed.rows.count) == dryReport.selectedRows)

        let file = try #require(try AnnotationSet.open([out.appendingPathComponent("selection.parquet")]).files.first)
        let written = try Self.read(file)
        #expect(written.map { $0.batch.docID[$0.row] } == observed.rows.docID)
        // The batch the stats accumulator gets holds what the file holds.
        let batch = observed.rows.annotationBatch
        for (index, (fileBatch, row)) in written.enumerated() {
            #expect(batch.tokens[index] == fileBatch.tokens[row] && batch.shard[index] == fileBatch.shard[row])
            #expect(
                AnnotationColumns.ratings.indices.allSatisfy {
                    batch.ratings[$0]![index] == fileBatch.ratings[$0]![row]
                }
            )
        }
    }

    @Test("sampling from a selection is refused with the file's name")
    func samplingASelection() async throws {
        let annotations = AnnotationFixture.folder("ref-ann")
        let out = AnnotationFixture.folder("ref-out")
        defer { AnnotationFixture.remove([annotations, out]) }
        let (sampler, _) = try await Self.sampler(annotations)
        _ = try await sampler.run(output: out, dryRun: false)
        let selection = out.appendingPathComponent("selection.parquet")
        let error = #expect(throws: SamplingError.self) {
            try Sampler(
                configuration: SampleConfiguration(budget: 1000),
                annotations: try AnnotationSet.open([selection])
            )
        }
        #expect("\(error!)".contains(selection.path))
    }
}

/// Keeps every row it is sent.
final class CollectingSink: SelectionSink {
    var rows = SelectedRows()
    func write(_ rows: SelectedRows) throws { self.rows.append(rows) }
}

/// The columns an annotation file has, for reading everything back.
enum AnnotationFileColumns {
    static let all =
        [
            AnnotationColumns.docID, AnnotationColumns.idHash, AnnotationColumns.line, AnnotationColumns.offset,
            AnnotationColumns.length, AnnotationColumns.source, AnnotationColumns.tokens, AnnotationColumns.domain,
            AnnotationColumns.error,
        ] + AnnotationColumns.ratings
}
