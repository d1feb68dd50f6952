import Testing

@testable import HeuristicRating

@Suite("Heuristic cut points and signals")
struct HeuristicCutPointTests {
    @Test("the rating is the bucket of the continuous score, both directions")
    func buckets() {
        let up = CutTable(signal: .locality, cuts: [1, 2, 3, 4], higherIsBetter: true, weight: 1)
        let down = CutTable(signal: .foreignShare, cuts: [1, 2, 3, 4], higherIsBetter: false, weight: 1)
        let cases: [(Double, Int8)] = [(-5, 1), (0.99, 1), (1, 2), (2.5, 3), (3.99, 4), (4, 5), (100, 5)]
        for (x, rating) in cases {
            #expect(CriterionRule.rating(up.score(x)!) == rating)
            #expect(CriterionRule.rating(down.score(x)!) == 6 - rating || x == 1 || x == 4)
        }
        #expect(up.score(.nan) == nil)
        // Monotone and strictly increasing inside the covered range.
        #expect(up.score(1.2)! < up.score(1.8)!)
        #expect(down.score(1.2)! > down.score(1.8)!)
    }

    @Test("penalties interpolate between knots and stay flat outside")
    func penalties() {
        let p = Penalty(signal: .urlShare, knots: [(0.1, 0), (0.3, 2)])
        #expect(p.points(0) == 0)
        #expect(abs(p.points(0.2)! - 1) < 1e-9)
        #expect(p.points(5) == 2)
        #expect(p.points(.nan) == nil)
    }

    @Test("one-letter deletions of a word match the keys of the shorter words")
    func deletions() {
        let word = Array("house".unicodeScalars.map(\.value))
        var keys: [UInt64] = []
        Spelling.forEachDeletion(of: word) { keys.append($0) }
        #expect(keys == ["ouse", "huse", "hose", "houe", "hous"].map(TokenKey.key(of:)))
    }

    @Test("a typo is a near miss, a correct or far word is not")
    func nearMiss() {
        let lexicon = HeuristicFixtures.rater.lexiconForTests
        func check(_ w: String) -> Bool {
            Spelling.isNearMiss(w.unicodeScalars.map(\.value), key: TokenKey.key(of: w), lexicon: lexicon)
        }
        #expect(check("hosue"))  // swap
        #expect(check("huose"))  // swap
        #expect(check("housee"))  // doubled letter
        #expect(check("hoxse"))  // substitution
        #expect(check("housse"))  // insertion
        #expect(!check("qzwxvjk"))
    }
}
