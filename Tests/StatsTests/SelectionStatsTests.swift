import Annotations
import Foundation
import Parquet
import Testing

@testable import Stats

/// Writes a file in the layout of `dataman sample`'s selection.parquet (its columns, in its
/// order, with its metadata keys): `rows` are (shard, row, epoch), a row once per epoch.
func writeSelectionFile(_ url: URL, rows: [(shard: String, row: FixtureRow, epoch: Int32)]) throws {
    var columns = [
        ParquetColumn(name: "doc_id", type: .string), ParquetColumn(name: "id_hash", type: .int64),
        ParquetColumn(name: "shard", type: .string, dictionary: true), ParquetColumn(name: "line", type: .int64),
        ParquetColumn(name: "offset", type: .int64), ParquetColumn(name: "length", type: .int32),
        ParquetColumn(name: "tokens", type: .int32), ParquetColumn(name: "source", type: .string, dictionary: true),
        ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
        ParquetColumn(name: "stratum", type: .string, dictionary: true), ParquetColumn(name: "epoch", type: .int32),
        ParquetColumn(name: "score", type: .int32, nullable: true), ParquetColumn(name: "key", type: .int64),
    ]
    columns += AnnotationColumns.ratings.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) }
    columns.append(ParquetColumn(name: "error", type: .string, nullable: true))
    let metadata: [(key: String, value: String)] = [
        ("dataman.sample.budget", "1000"), (AnnotationMetadataKeys.criteriaVersion, "test-criteria"),
        (AnnotationMetadataKeys.tokenizer, "test-tokenizer"), (AnnotationMetadataKeys.raterKind, "test"),
        (AnnotationMetadataKeys.raterModel, "fixture"),
    ]
    let writer = try ParquetWriter(destination: url, columns: columns, metadata: metadata, createdBy: "stats tests")
    let part = rows.map(\.row)
    var values: [ColumnValues] = [
        .string(part.map(\.docID)), .int64(part.map { Int64(bitPattern: UInt64($0.line) &* 0x9E37_79B9_7F4A_7C15) }),
        .string(rows.map(\.shard)), .int64(part.map(\.line)), .int64(part.map(\.offset)), .int32(part.map(\.length)),
        .int32(part.map(\.tokens)), .string(part.map(\.source)), .string(part.map(\.domain)),
        .string(part.map { "\($0.source)/\($0.domain ?? "-")" }), .int32(rows.map(\.epoch)),
        .int32(part.map { $0.ratings.map { Int32($0[13]) } }), .int64(part.map(\.line)),
    ]
    values += (0..<RatingScale.criterionCount).map { c in .int8(part.map { $0.ratings?[c] }) }
    values.append(.string(part.map { _ in nil }))
    try writer.write(rowGroup: values)
    try writer.commit()
}

@Suite("stats over a selection file")
struct SelectionStatsTests {
    /// Two shards of varied rows, and a selection of some of them, a few in two epochs.
    static func fixture(_ scratch: ScratchFolder) throws -> (annotations: [URL], selection: URL, selected: URL) {
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let domains = ["Law", "Medicine", "Coding", "Finance"]
        let sources = ["web", "books", "code"]
        var chosen: [(shard: String, row: FixtureRow, epoch: Int32)] = []
        var annotations: [URL] = []
        for shard in ["a.jsonl", "b.jsonl"] {
            let rows = (0..<300).map { line -> FixtureRow in
                if next(40) == 0 { return .failed(Int64(line), "timeout") }
                var row = FixtureRow.rated(
                    Int64(line),
                    (0..<14).map { _ in Int8(1 + next(5)) },
                    domain: domains[next(4)],
                    source: sources[next(3)],
                    tokens: Int32(5 + next(900))
                )
                if next(50) == 0 { row.ratings = nil }
                row.docID = "\(shard)-\(line)"
                return row
            }
            let url = scratch.path("ann/\(shard).parquet")
            try writeAnnotationFile(url, inputPath: shard, rows: rows, rowGroupRows: 64)
            annotations.append(url)
            for row in rows where row.error == nil && next(3) == 0 {
                let epochs = next(4) == 0 ? 2 : 1
                for epoch in 0..<epochs { chosen.append((shard, row, Int32(epoch))) }
            }
        }
        let selection = scratch.path("mix/selection.parquet")
        try FileManager.default.createDirectory(
            at: selection.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try writeSelectionFile(selection, rows: chosen)
        // The same rows (repeats included) as an ordinary annotation file: what the stats must equal.
        let selected = scratch.path("direct/selected.parquet")
        try writeAnnotationFile(selected, inputPath: "selected.jsonl", rows: chosen.map(\.row), rowGroupRows: 50)
        return (annotations, selection, selected)
    }

    @Test(
        "equal, document for document, to the stats of the selected annotation rows",
        arguments: [nil, StatsGrouping.domain]
    )
    func equalsDirect(grouping: StatsGrouping?) async throws {
        let scratch = ScratchFolder()
        let (_, selection, selected) = try Self.fixture(scratch)
        let set = try AnnotationSet.open([selection])
        #expect(set.files.map(\.isSelection) == [true])
        let options = StatsOptions(grouping: grouping, filter: try RowFilter(parsing: "accuracy >= 2"), threads: 2)
        let viaSelection = try await StatsScanner.scan(set, options: options).stats
        let direct = try await scan([selected], options).stats
        #expect(viaSelection == direct)
        #expect(viaSelection.overall.rows > 0 && viaSelection.overall.errorRows == 0)
    }

    @Test("the report names the selection; examples are read from each row's shard")
    func provenanceAndExamples() async throws {
        let scratch = ScratchFolder()
        let (annotations, selection, _) = try Self.fixture(scratch)
        let set = try AnnotationSet.open([selection])
        let provenance = StatsProvenance(set)
        #expect(provenance.selectionFiles == 1 && provenance.inputs == "1 selection file")
        #expect(provenance.criteriaVersions == ["test-criteria"] && provenance.raters == ["test/fixture"])
        let result = try await StatsScanner.scan(set, options: StatsOptions(examples: 2, threads: 1))
        #expect(!result.examples.all.isEmpty)
        #expect(result.examples.all.allSatisfy { ["a.jsonl", "b.jsonl"].contains($0.inputPath) })
        let text = visible(
            TerminalReport(style: TerminalStyle(colour: false)).render(
                result.stats,
                context: ReportContext(commandLine: "dataman stats", provenance: provenance)
            )
        )
        #expect(text.contains("from 1 selection file"))
        // Annotation files and a selection of them mix fine (same criteria, tokenizer, rater).
        let both = try AnnotationSet.open(annotations + [selection])
        #expect(StatsProvenance(both).inputs == "1 selection file and 2 annotation files of 2 shards")
    }

    @Test("pool beside mixture: shares and mean ratings of each")
    func comparison() async throws {
        let scratch = ScratchFolder()
        let (annotations, selection, _) = try Self.fixture(scratch)
        let pool = try await scan(annotations, StatsOptions(threads: 2, skipErrorRows: true)).stats.overall
        let mixture = try await scan([selection]).stats.overall
        #expect(pool.errorRows == 0)
        let text = visible(TerminalComparison(style: TerminalStyle(colour: false)).render(pool: pool, mixture: mixture))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { TextLayout.columns($0) <= TerminalReport.width })
        #expect(text.contains("pool \(NumberFormat.integer(pool.rows)) documents"))
        #expect(text.contains("mixture \(NumberFormat.integer(mixture.rows)) documents"))
        for domain in ["Law", "Medicine", "Coding", "Finance"] {
            let line = try #require(lines.first { $0.hasPrefix(domain + " ") })
            #expect(line.contains(NumberFormat.integer(pool.domains[domain]!.documents)))
            #expect(line.contains(NumberFormat.integer(mixture.domains[domain]!.documents)))
        }
        #expect(lines.contains { $0.hasPrefix("Structural Standardization ") })
        let overall = try #require(lines.first { $0.hasPrefix("Overall Score") })
        #expect(
            overall.contains(NumberFormat.mean(pool.histograms[13].mean))
                && overall.contains(NumberFormat.mean(mixture.histograms[13].mean))
        )
        #expect(!text.contains("NaN") && !text.contains(" nan") && !text.contains("-0.00"))
    }
}
