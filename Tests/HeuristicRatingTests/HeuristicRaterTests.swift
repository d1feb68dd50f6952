import Criteria
import Foundation
import Rating
import Testing

@testable import HeuristicRating

@Suite("Heuristic rater")
struct HeuristicRaterTests {
    let rater = HeuristicFixtures.rater

    @Test("descriptor names the rule set and hashes the data files")
    func descriptor() {
        #expect(rater.descriptor.kind == "heuristic")
        #expect(rater.descriptor.model == "heuristic-v1")
        #expect(rater.descriptor.promptHash.count == 16)
        #expect(rater.descriptor.promptHash.allSatisfy { $0.isHexDigit })
    }

    @Test(
        "domains of code, law, mathematics and technical text, English and Chinese",
        arguments: [
            ("code.go.txt", "Coding"), ("code.py.txt", "Coding"), ("code.zh.py.txt", "Coding"),
            ("law.en.txt", "Law"), ("law.zh.txt", "Law"), ("law.zh.statute.txt", "Law"),
            ("math.en.txt", "Mathematics"), ("math.zh.txt", "Mathematics"), ("math.zh.proof.txt", "Mathematics"),
            ("cas.en.txt", "Mathematics"),
            ("tech.en.txt", "Technology"), ("tech.zh.txt", "Technology"), ("apidoc.en.txt", "Technology"),
        ]
    )
    func domain(file: String, expected: String) throws {
        let ratings = rater.rate(text: try HeuristicFixtures.text(file))
        #expect(HeuristicFixtures.criteria.domains[ratings.domain].name == expected)
    }

    @Test("the same text always gets the same ratings, alone or in a batch")
    func determinism() async throws {
        let texts = try ["prose.en.txt", "prose.zh.txt", "code.go.txt"].map(HeuristicFixtures.text)
        let once = texts.map { rater.rate(text: $0) }
        #expect(texts.map { rater.rate(text: $0) } == once)
        let batch = try await rater.rate(
            texts.enumerated().map { RatingInput(docID: "\($0.offset)", text: $0.element) }
        )
        #expect(batch == once.map { RatingResult.rated($0) })
    }

    @Test(
        "degenerate inputs get valid ratings",
        arguments: [
            "", " \n\t \r\n ", "word", "😀😀😀🎉", "\u{FFFD}\u{0}\u{1}", String(repeating: "a", count: 70_000),
            "字", "http://example.com/only/a/url",
        ]
    )
    func degenerate(text: String) {
        let r = rater.rate(text: text)
        #expect(r.scores.count == 14)
        #expect(r.scores.allSatisfy { (1...5).contains($0) })
        #expect((0..<15).contains(r.domain))
    }

    @Test("a text of several megabytes is rated from its head and tail, quickly")
    func hugeText() throws {
        let prose = try HeuristicFixtures.text("prose.en.txt")
        let huge = String(repeating: prose + "\n", count: 700)
        let start = Date()
        let r = rater.rate(text: huge)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(r.scores.allSatisfy { (1...5).contains($0) })
        // 700 copies of one text: the repetition signals must see it.
        #expect(r.scores[HeuristicFixtures.column("originality")] <= 2)
    }

    @Test("signals are measured and named")
    func signals() throws {
        let s = rater.signals(text: try HeuristicFixtures.text("prose.en.txt"))
        #expect(s.values.count == HeuristicSignals.names.count)
        #expect(s.mainLanguage == "en")
        #expect(s.value(named: "foreign_share") == 0)
        #expect(s.value(named: "no_such_signal") == nil)
        #expect(rater.signals(text: try HeuristicFixtures.text("prose.zh.txt")).mainLanguage == "zh")
    }
}
