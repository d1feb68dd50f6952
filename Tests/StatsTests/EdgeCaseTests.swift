import Annotations
import Foundation
import Testing

@testable import Stats

/// Inputs with nothing to average: the reports must still read sensibly, with dashes, never NaN.
@Suite("empty and degenerate inputs")
struct EdgeCaseTests {
    @Test("an empty annotation folder is a clear error naming the folder")
    func emptyFolder() async throws {
        let scratch = ScratchFolder()
        try FileManager.default.createDirectory(at: scratch.path("empty"), withIntermediateDirectories: true)
        do {
            _ = try await scan([scratch.path("empty")])
            Issue.record("an empty folder was accepted")
        } catch let error as AnnotationError {
            #expect(error.description.contains(scratch.path("empty").path))
            #expect(error.description.contains("no annotation files"))
        }
    }

    @Test("a file without rows gives zero totals and dashes")
    func noRows() async throws {
        let scratch = ScratchFolder()
        try writeAnnotationFile(scratch.path("a.parquet"), inputPath: "a.jsonl", rows: [])
        let result = try await scan([scratch.url], StatsOptions(grouping: .domain))
        #expect(result.stats.overall.rows == 0)
        #expect(result.stats.groups.isEmpty)
        try expectSensible(result.stats, inputs: [scratch.url])
    }

    @Test("a file of error rows only: errors counted by shape, no ratings, no correlations")
    func onlyErrors() async throws {
        let scratch = ScratchFolder()
        let rows =
            (0..<5).map { FixtureRow.failed(Int64($0), "bad record: not JSON at byte \($0 * 10)") }
            + [FixtureRow.failed(5, "rating failed: timeout after 30 s")]
        try writeAnnotationFile(scratch.path("a.parquet"), inputPath: "a.jsonl", rows: rows)
        let result = try await scan([scratch.url])
        let overall = result.stats.overall
        #expect(overall.rows == 6 && overall.errorRows == 6 && overall.ratedRows == 0 && overall.unratedRows == 0)
        #expect(
            overall.errors.sorted.map(\.message) == [
                "bad record: not JSON at byte #", "rating failed: timeout after # s",
            ]
        )
        #expect(overall.histograms.allSatisfy { $0.rated == 0 && $0.missing == 6 && $0.mean == nil })
        #expect(overall.pearson.joined().allSatisfy { $0 == nil })
        #expect(overall.domains == [GroupStats.noDomain: Tally(documents: 6, tokens: 0)])
        #expect(overall.domainRatings.isEmpty)
        try expectSensible(result.stats, inputs: [scratch.url])
        let text = visible(
            TerminalReport(style: TerminalStyle(colour: false)).render(
                result.stats,
                context: try context(for: [scratch.url])
            )
        )
        #expect(text.contains("bad record: not JSON at byte #"))
        #expect(text.contains("(no rated documents)"))
    }

    @Test("a domain with one document: its means are that document's ratings, its correlations undefined")
    func oneDocumentDomain() async throws {
        let scratch = ScratchFolder()
        var rows: [FixtureRow] = []
        for line in 0..<40 {
            let ratings: [Int8] = (0..<14).map { c in Int8(1 + (line * (c + 1)) % 5) }
            rows.append(.rated(Int64(line), ratings, domain: "Law"))
        }
        rows.append(.rated(40, [5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4, 3, 2], domain: "Agriculture", tokens: 7))
        try writeAnnotationFile(scratch.path("a.parquet"), inputPath: "a.jsonl", rows: rows, rowGroupRows: 16)
        let result = try await scan([scratch.url], StatsOptions(grouping: .domain))
        let single = try #require(result.stats.groups["Agriculture"])
        #expect(single.rows == 1 && single.tokens == 7)
        #expect(
            (0..<14).map { single.domainRatings["Agriculture"]!.mean(criterion: $0)! } == [
                5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4, 3, 2,
            ]
        )
        #expect(single.pearson.joined().allSatisfy { $0 == nil })
        #expect(single.spearman.joined().allSatisfy { $0 == nil })
        #expect(single.histograms[0].quantile(permille: 500) == 5)
        try expectSensible(result.stats, inputs: [scratch.url])
    }

    @Test("a --where that matches nothing gives an empty but complete report")
    func filterMatchesNothing() async throws {
        let scratch = ScratchFolder()
        try writeAnnotationFile(
            scratch.path("a.parquet"),
            inputPath: "a.jsonl",
            rows: (0..<10).map { .rated(Int64($0), Array(repeating: 3, count: 14), domain: "Law") }
        )
        let filter = try RowFilter(parsing: "domain == Medicine")
        let result = try await scan([scratch.url], StatsOptions(grouping: .source, filter: filter))
        #expect(result.stats.overall.rows == 0)
        try expectSensible(result.stats, inputs: [scratch.url])
    }

    @Test("a rating outside 1-5 is an error naming the file, row group, row and column")
    func ratingOutOfRange() async throws {
        let scratch = ScratchFolder()
        var rows = (0..<20).map { FixtureRow.rated(Int64($0), Array(repeating: 4, count: 14), domain: "Law") }
        rows[13].ratings![4] = 7
        try writeAnnotationFile(scratch.path("bad.parquet"), inputPath: "a.jsonl", rows: rows, rowGroupRows: 10)
        do {
            _ = try await scan([scratch.url])
            Issue.record("a rating of 7 was accepted")
        } catch let error as StatsError {
            #expect(error.message.contains("bad.parquet"))
            #expect(error.message.contains("row group 1, row 3"))
            #expect(error.message.contains("knowledge_novelty is 7"))
        }
    }

    /// Every rendering of `stats`: no NaN or infinity anywhere, terminal lines within 100 columns,
    /// and undefined values shown as dashes or nulls.
    private func expectSensible(_ stats: CorpusStats, inputs: [URL]) throws {
        let context = try context(for: inputs)
        let text = visible(TerminalReport(style: TerminalStyle(colour: true)).render(stats, context: context))
        let html = HTMLReport().render(stats, context: context)
        let json = String(decoding: try StatsJSON.encoded(stats, context: context), as: UTF8.self)
        for (name, output) in [("text", text), ("html", html), ("json", json)] {
            let words = output.split { !$0.isLetter }
            #expect(
                !words.contains { ["nan", "inf", "infinity"].contains($0.lowercased()) },
                "\(name) shows NaN or infinity"
            )
        }
        for line in text.split(separator: "\n") {
            #expect(TextLayout.columns(String(line)) <= 100, "too wide: \(line)")
        }
        #expect(text.contains(NumberFormat.dash))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(object["format"] as? String == StatsJSON.format)
    }
}
