import Annotations
import Foundation
import Testing

@testable import Stats

/// The streaming aggregates against the row-by-row computation, on files the real pipeline wrote.
@Suite("aggregates on real annotation files")
struct RealAnnotationTests {
    @Test(
        "counts, means, quantiles, composition and both correlations match the row-by-row computation",
        arguments: [1, 3]
    )
    func matchesReference(threads: Int) async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(threads: threads))
        let reference = try ReferenceStats(files: fixture.files)
        try expectMatches(result.stats.overall, reference)
        #expect(reference.errors >= 3, "the broken shard gives error rows")
        #expect(result.stats.overall.errors.total == Int64(reference.errors))
    }

    @Test("--by domain: every group matches the rows of its domain, and the groups add up to the whole")
    func groupedByDomain() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(grouping: .domain, threads: 2))
        let everything = try ReferenceStats(files: fixture.files)
        #expect(Set(result.stats.groups.keys) == Set(everything.domainTallies().keys))
        var sum = GroupStats()
        for (rank, (name, group)) in result.stats.sortedGroups.enumerated() {
            let reference = try ReferenceStats(files: fixture.files) { ($0.domain ?? GroupStats.noDomain) == name }
            // The row-by-row correlations are slow in a debug build; the largest groups suffice.
            try expectMatches(group, reference, correlations: rank < 3)
            sum.merge(group)
        }
        #expect(sum == result.stats.overall)
    }

    @Test("--where keeps exactly the matching rows")
    func filtered() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let filter = try RowFilter(parsing: "overall_score >= 4 and source != books")
        let result = try await scan([fixture.annotations], StatsOptions(filter: filter, threads: 2))
        let reference = try ReferenceStats(files: fixture.files) { ($0.ratings[13] ?? 0) >= 4 && $0.source != "books" }
        #expect(reference.rows.count > 10)
        try expectMatches(result.stats.overall, reference)
    }

    @Test("the same aggregates whatever the thread count or the order the files are given in")
    func deterministic() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let one = try await scan([fixture.annotations], StatsOptions(grouping: .source, examples: 2, threads: 1))
        let many = try await scan(fixture.files.reversed(), StatsOptions(grouping: .source, examples: 2, threads: 4))
        #expect(one.stats == many.stats)
        #expect(one.examples == many.examples)
    }

    private func expectMatches(_ stats: GroupStats, _ reference: ReferenceStats, correlations: Bool = true) throws {
        #expect(stats.rows == Int64(reference.rows.count))
        #expect(stats.tokens == reference.tokens)
        #expect(stats.ratedRows == Int64(reference.rated))
        #expect(stats.errorRows == Int64(reference.errors))
        for criterion in 0..<RatingScale.criterionCount {
            let histogram = stats.histograms[criterion]
            #expect(histogram.documents == (1...5).map { reference.documents(criterion, rating: $0) })
            #expect(histogram.tokens == (1...5).map { reference.tokens(criterion, rating: $0) })
            #expect(histogram.missing == Int64(reference.rows.count - reference.values(criterion).count))
            #expect(close(histogram.mean, reference.mean(criterion)))
            for permille in RatingHistogram.reportedQuantiles {
                #expect(
                    histogram.quantile(permille: permille) == reference.quantile(criterion, Double(permille) / 1000)
                )
            }
            for other in 0..<RatingScale.criterionCount where other != criterion && correlations {
                #expect(
                    close(stats.pearson[criterion][other], reference.pearson(criterion, other)),
                    "pearson \(criterion), \(other): \(String(describing: stats.pearson[criterion][other])) vs \(String(describing: reference.pearson(criterion, other)))"
                )
                #expect(
                    close(stats.spearman[criterion][other], reference.spearman(criterion, other)),
                    "spearman \(criterion), \(other)"
                )
            }
        }
        let domains = reference.domainTallies()
        #expect(stats.domains.mapValues { [$0.documents, $0.tokens] } == domains.mapValues { [$0.0, $0.1] })
        #expect(
            stats.sources.mapValues { [$0.documents, $0.tokens] }
                == reference.sourceTallies().mapValues { [$0.0, $0.1] }
        )
        for (domain, counts) in stats.domainRatings {
            for criterion in 0..<RatingScale.criterionCount {
                #expect(close(counts.mean(criterion: criterion), reference.domainMean(domain, criterion)))
            }
        }
    }

    private func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= 1e-9
        default: false
        }
    }
}
