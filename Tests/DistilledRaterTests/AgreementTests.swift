import Annotations
import Criteria
import Foundation
import Pipeline
import Rating
import Stats
import Testing
import Tokenizers

/// A rater that answers from a table by document id, to build annotations with known agreement.
struct TableRater: Rater {
    let name: String
    let answers: [String: Ratings]
    var descriptor: RaterDescriptor { RaterDescriptor(kind: "table", model: name, promptHash: "1") }

    func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        batch.map { input in answers[input.docID].map { .rated($0) } ?? .failed("no answer") }
    }
}

@Suite struct AgreementTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-compare-\(UUID().uuidString)")

    /// Four documents, figures worked out by hand.
    @Test func ratingFiguresMatchAHandComputation() {
        var table = AgreementTable(classes: 5)
        // (reference, candidate) ratings: (1,1) (2,3) (4,4) (5,2)
        for (a, b) in [(1, 1), (2, 3), (4, 4), (5, 2)] { table.add(reference: a - 1, candidate: b - 1) }
        #expect(table.accuracy == 0.5)
        #expect(table.withinOne == 0.75)
        // Below 3 or not: (1,1) agree, (2,3) disagree, (4,4) agree, (5,2) disagree.
        #expect(table.binaryAccuracy(threshold: 2) == 0.5)
        #expect(table.majorityBaseline == 0.25)
        // F1 per class used: 1: 2·1/(1+1)=1; 2: 0/(1+1)=0; 3: 0/(0+1)=0; 4: 2·1/2=1; 5: 0/(1+0)=0 → 2/5
        #expect(abs((table.macroF1 ?? 0) - 0.4) < 1e-12)
        // Pearson of x=(1,2,4,5), y=(1,3,4,2): mean 3 and 2.5; sxy = 3+(-0.5)+1.5+(-1)=3; sxx=10; syy=5
        #expect(abs((table.pearson ?? 0) - 3 / (10 * 5).squareRoot()) < 1e-12)
        // Spearman: ranks x=(1,2,3,4), y=(1,3,4,2): sxy=1.5*1.5+(-0.5*0.5)+(0.5*1.5)+(1.5*-0.5)=2; sxx=syy=5
        #expect(abs((table.spearman ?? 0) - 2.0 / 5.0) < 1e-12)
    }

    /// Two annotation sets of one small shard, joined by id_hash; one document failed on the
    /// candidate's side and one exists only on the reference's.
    @Test func compareJoinsTwoAnnotationSets() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let criteria = try CriteriaSet.load(from: repositoryRoot.appendingPathComponent("criteria"))
        let shards = scratch.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
        let lines = (0..<5).map { "{\"id\": \"d\($0)\", \"text\": \"document \($0)\"}" }
        try Data(lines.joined(separator: "\n").utf8).write(to: shards.appendingPathComponent("a.jsonl"))
        func ratings(_ score: Int8, _ domain: Int) -> Ratings {
            Ratings(scores: Array(repeating: score, count: 13) + [5], domain: domain)
        }
        let reference = [
            "d0": ratings(1, 0), "d1": ratings(2, 1), "d2": ratings(3, 2), "d3": ratings(4, 3), "d4": ratings(5, 4),
        ]
        let candidate = ["d0": ratings(1, 0), "d1": ratings(3, 1), "d2": ratings(3, 0), "d3": ratings(1, 3)]
        let a = try await annotate(shards, into: "a", TableRater(name: "a", answers: reference), criteria)
        let b = try await annotate(shards, into: "b", TableRater(name: "b", answers: candidate), criteria)
        let report = try AnnotationComparison.compare(
            reference: try AnnotationSet.open([a]),
            candidate: try AnnotationSet.open([b]),
            domains: criteria.domains.map(\.name)
        )
        #expect(report.compared == 4)
        #expect(report.unratedInCandidate == 1)
        #expect(report.onlyInReference == 0 && report.onlyInCandidate == 0)
        // accuracy: (1,1) (2,3) (3,3) (4,1) → 2 of 4; overall_score always 5 on both sides.
        #expect(report.criteria[0].accuracy == 0.5)
        #expect(report.criteria[0].withinOne == 0.75)
        #expect(report.criteria[13].accuracy == 1)
        #expect(report.domain.accuracy == 0.75)
        #expect(report.domain.counts[2 * 15 + 0] == 1)
        let json =
            try JSONSerialization.jsonObject(
                with: AgreementJSON.encoded(AgreementJSON(report, reference: "a", candidate: "b", domains: []))
            ) as? [String: Any]
        #expect((json?["domain"] as? [String: Any])?["accuracy"] as? Double == 0.75)
        let accuracy = (json?["criteria"] as? [String: Any])?["accuracy"] as? [String: Any]
        #expect(accuracy?["within_one"] as? Double == 0.75)
        // x = (1, 2, 3, 4), y = (1, 3, 3, 1): the centred cross products cancel, r = 0.
        #expect((accuracy?["pearson"] as? Double).map { abs($0) < 1e-12 } == true)
    }

    private func annotate(
        _ shards: URL,
        into name: String,
        _ rater: any Rater,
        _ criteria: CriteriaSet
    ) async throws
        -> URL
    {
        let out = scratch.appendingPathComponent(name)
        let annotator = Annotator(
            options: AnnotateOptions(inputs: [shards], output: out),
            rater: rater,
            tokenCounter: EstimatedTokenCounter(),
            criteria: criteria,
            showProgress: false
        )
        _ = try await annotator.run()
        return out
    }
}
