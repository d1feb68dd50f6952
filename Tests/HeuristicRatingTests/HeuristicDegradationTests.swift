import Foundation
import Testing

@testable import HeuristicRating

/// Each degradation must lower its criterion and the overall score on average over real texts.
@Suite("Heuristic rater: degraded twins rate lower")
struct HeuristicDegradationTests {
    static let english = ["prose.en.txt", "tech.en.txt", "law.en.txt", "math.en.txt"]
    static let chinese = ["prose.zh.txt", "law.zh.txt", "tech.zh.txt", "math.zh.txt"]
    static let seeds: [UInt64] = [1, 2, 3]

    let rater = HeuristicFixtures.rater

    /// Mean rating of `criterion` over the clean texts and over their degraded twins.
    func means(
        _ files: [String],
        _ criterion: String,
        _ degrade: (String, UInt64) -> String
    ) throws -> (Double, Double, Double, Double) {
        let c = HeuristicFixtures.column(criterion)
        let o = HeuristicFixtures.column("overall_score")
        var clean = 0.0
        var degraded = 0.0
        var cleanOverall = 0.0
        var degradedOverall = 0.0
        var n = 0.0
        for file in files {
            let text = try HeuristicFixtures.text(file)
            let r = rater.rate(text: text)
            for seed in HeuristicDegradationTests.seeds {
                let d = rater.rate(text: degrade(text, seed))
                clean += Double(r.scores[c])
                degraded += Double(d.scores[c])
                cleanOverall += Double(r.scores[o])
                degradedOverall += Double(d.scores[o])
                n += 1
            }
        }
        return (clean / n, degraded / n, cleanOverall / n, degradedOverall / n)
    }

    func expectLower(_ files: [String], _ criterion: String, _ degrade: (String, UInt64) -> String) throws {
        let (clean, degraded, cleanOverall, degradedOverall) = try means(files, criterion, degrade)
        #expect(degraded < clean, "\(criterion): clean \(clean), degraded \(degraded)")
        #expect(degradedOverall < cleanOverall, "overall: clean \(cleanOverall), degraded \(degradedOverall)")
    }

    @Test("shuffled sentences lower coherence", arguments: [english, chinese])
    func shuffle(files: [String]) throws {
        try expectLower(files, "coherence") { Degrade.shuffle($0, seed: $1) }
    }

    @Test("repeated lines lower originality", arguments: [english, chinese])
    func repetition(files: [String]) throws {
        try expectLower(files, "originality") { Degrade.repeatLines($0, seed: $1) }
    }

    @Test("spliced foreign sentences lower language consistency")
    func mixing() throws {
        let zh = Degrade.sentences(try HeuristicFixtures.text("prose.zh.txt"))
        let en = Degrade.sentences(try HeuristicFixtures.text("prose.en.txt")).filter { $0.count > 40 }
        try expectLower(HeuristicDegradationTests.english, "language_consistency") {
            Degrade.mix($0, foreign: zh, seed: $1)
        }
        try expectLower(HeuristicDegradationTests.chinese, "language_consistency") {
            Degrade.mix($0, foreign: en, seed: $1)
        }
    }

    @Test("boilerplate and link lists lower semantic density", arguments: [english, chinese])
    func boilerplate(files: [String]) throws {
        try expectLower(files, "semantic_density") { text, _ in Degrade.boilerplate(text) }
    }

    @Test("typos lower accuracy", arguments: [english, chinese])
    func typos(files: [String]) throws {
        try expectLower(files, "accuracy") { Degrade.typos($0, seed: $1) }
    }
}
