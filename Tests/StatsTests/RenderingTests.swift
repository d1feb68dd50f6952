import Foundation
import Testing

@testable import Stats

@Suite("terminal, HTML and JSON reports")
struct RenderingTests {
    @Test("terminal tables fit 100 columns, with and without colour, grouped and with examples")
    func terminalWidth() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(grouping: .domain, examples: 2, threads: 2))
        let texts = try ExampleReader(shardRoot: fixture.shardRoot).read(result.examples)
        let context = try context(for: [fixture.annotations], filter: nil)
        let coloured = TerminalReport(style: TerminalStyle(colour: true)).render(
            result.stats,
            context: context,
            examples: texts
        )
        let plain = TerminalReport(style: TerminalStyle(colour: false)).render(
            result.stats,
            context: context,
            examples: texts
        )
        #expect(coloured.contains("\u{1B}["))
        #expect(!plain.contains("\u{1B}"))
        #expect(visible(coloured) == plain)
        for line in plain.split(separator: "\n") {
            #expect(TextLayout.columns(String(line)) <= 100, "too wide: \(line)")
        }
        for heading in [
            "Ratings by documents", "Ratings by tokens", "Mean rating by domain", "Domains", "Sources",
            "Errors", "Correlations", "Examples",
        ] {
            #expect(plain.contains(heading), "no \(heading) section")
        }
        for name in RatingScale.displayNames { #expect(plain.contains(name)) }
        for domain in result.stats.groups.keys { #expect(plain.contains("domain \(domain):")) }
    }

    @Test("the HTML page is self-contained and has every chart, the command, provenance and totals")
    func htmlContent() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(grouping: .source, examples: 1, threads: 2))
        let texts = try ExampleReader(shardRoot: fixture.shardRoot).read(result.examples)
        var context = try context(for: [fixture.annotations], filter: "tokens > 0")
        context.commandLine = "dataman stats ann --html 'a <b>.html'"
        let html = HTMLReport().render(result.stats, context: context, examples: texts)
        let charts =
            ["totals", "provenance", "domain-means", "pearson", "spearman", "domains", "sources", "errors", "examples"]
            + RatingScale.criteria.map { "histogram-\($0)" }
        for chart in charts { #expect(html.contains("data-chart=\"\(chart)\""), "no \(chart)") }
        #expect(html.contains("dataman stats ann --html &#39;a &lt;b&gt;.html&#39;"))
        #expect(html.contains("heuristic/heuristic-v1"))
        #expect(html.contains(NumberFormat.integer(result.stats.overall.rows)))
        #expect(html.contains("default-src 'none'"))
        // Nothing to fetch and nothing to run (excerpts may mention URLs, as escaped text only).
        for reference in ["src=", "href=\"http", "url(", "<link", "@import", "<script", "<iframe"] {
            #expect(!html.contains(reference), "the page contains \(reference)")
        }
        #expect(result.stats.groups.keys.allSatisfy { html.contains("data-group=\"\($0)\"") })
    }

    @Test("JSON carries the counts, derived values and nulls where undefined")
    func json() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(threads: 2))
        let data = try StatsJSON.encoded(result.stats, context: try context(for: [fixture.annotations]))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let overall = try #require(object["overall"] as? [String: Any])
        #expect((overall["rows"] as? Int).map(Int64.init) == result.stats.overall.rows)
        let criteria = try #require(overall["criteria"] as? [[String: Any]])
        #expect(criteria.count == 14)
        #expect((criteria[13]["documents"] as? [Int])?.map(Int64.init) == result.stats.overall.histograms[13].documents)
        let joint = try #require(overall["joint_counts"] as? [[Int]])
        #expect(joint.count == 91 && joint.allSatisfy { $0.count == 25 })
        let pearson = try #require(overall["pearson"] as? [Any])
        #expect(pearson.count == 14)
        #expect((object["pairs"] as? [[String]])?.first == ["accuracy", "coherence"])
    }
}
