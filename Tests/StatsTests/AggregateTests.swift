import SplitMix
import Testing

@testable import Stats

@Suite("mergeable aggregates")
struct AggregateTests {
    private func histogram(_ values: [Int]) -> RatingHistogram {
        var histogram = RatingHistogram()
        for value in values { histogram.documents[value - 1] += 1 }
        return histogram
    }

    @Test("quantiles follow DuckDB's quantile_disc on its own examples")
    func duckdbQuantiles() {
        // quantile_disc(x, [0.1, 0.25, 0.5, 0.75, 0.9]) as DuckDB 1.x answers for these lists.
        let cases: [([Int], [Int])] = [
            ([1, 2, 3, 3], [1, 1, 2, 3, 3]), ([1, 2], [1, 1, 1, 2, 2]), ([1, 1, 2, 2], [1, 1, 1, 2, 2]),
            ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), ([5], [5, 5, 5, 5, 5]),
        ]
        for (values, expected) in cases {
            #expect(
                RatingHistogram.reportedQuantiles.map { histogram(values).quantile(permille: $0) } == expected,
                "\(values)"
            )
        }
        #expect(RatingHistogram().quantile(permille: 500) == nil)
        #expect(RatingHistogram().mean == nil)
    }

    @Test("quantiles and means equal the sorted-list definitions on random data")
    func randomQuantiles() {
        var random = SplitMix64Generator(state: 7)
        for _ in 0..<200 {
            let values = (0..<Int.random(in: 1...40, using: &random)).map { _ in Int.random(in: 1...5, using: &random) }
            let sorted = values.sorted()
            let histogram = histogram(values)
            for permille in [0, 1, 100, 250, 333, 500, 667, 750, 900, 999, 1000] {
                let position = max(1, Int((Double(permille) / 1000 * Double(sorted.count)).rounded(.up)))
                #expect(histogram.quantile(permille: permille) == sorted[position - 1])
            }
            #expect(abs(histogram.mean! - Double(values.reduce(0, +)) / Double(values.count)) < 1e-12)
        }
    }

    @Test("mid-ranks are the average of the ranks each tie group spans")
    func midRanks() {
        // Ratings 1,1,3,3,3,5: ranks 1-2 → 1.5, 3-5 → 4, 6 → 6.
        #expect(histogram([1, 1, 3, 3, 3, 5]).midRanks == [1.5, nil, 4, nil, 6])
    }

    @Test("Pearson and Spearman from the 5 × 5 tables equal the row-by-row formulas, ties and all")
    func correlationsFromTables() {
        var random = SplitMix64Generator(state: 11)
        for trial in 0..<60 {
            let n = Int.random(in: 2...60, using: &random)
            let x = (0..<n).map { _ in Int.random(in: 1...5, using: &random) }
            // y leans on x, with noise, so correlations of every sign and size appear.
            let y = x.map { value in
                max(1, min(5, (trial % 3 == 0 ? 6 - value : value) + Int.random(in: -2...2, using: &random)))
            }
            var joint = JointRatingCounts()
            for (a, b) in zip(x, y) { joint.counts[RatingScale.pairIndex(0, 1) * 25 + (a - 1) * 5 + (b - 1)] += 1 }
            let pairs = zip(x, y).map { (Double($0), Double($1)) }
            let pearson = ReferenceStats.pearson(pairs)
            let spearman = ReferenceStats.pearson(
                Array(zip(ReferenceStats.averageRanks(pairs.map(\.0)), ReferenceStats.averageRanks(pairs.map(\.1))))
            )
            #expect(close(joint.pearson(0, 1), pearson))
            #expect(close(joint.pearson(1, 0), pearson))
            #expect(close(joint.spearman(0, 1), spearman))
            #expect(close(joint.spearman(1, 0), spearman))
        }
    }

    @Test("a constant rating or fewer than two documents has no correlation, not NaN")
    func undefinedCorrelations() {
        var joint = JointRatingCounts()
        joint.counts[RatingScale.pairIndex(2, 5) * 25 + 3 * 5 + 0] = 10
        joint.counts[RatingScale.pairIndex(2, 5) * 25 + 3 * 5 + 4] = 10
        #expect(joint.pearson(2, 5) == nil)
        #expect(joint.spearman(2, 5) == nil)
        var single = JointRatingCounts()
        single.counts[0] = 1
        #expect(single.pearson(0, 1) == nil)
        #expect(JointRatingCounts().spearman(3, 4) == nil)
    }

    @Test("pair indices cover the 91 pairs once, and a table read the other way round is transposed")
    func pairLayout() {
        #expect(RatingScale.pairs.count == 91)
        #expect(
            RatingScale.pairs.enumerated().allSatisfy { RatingScale.pairIndex($0.element.0, $0.element.1) == $0.offset }
        )
        var joint = JointRatingCounts()
        for cell in 0..<25 { joint.counts[RatingScale.pairIndex(4, 9) * 25 + cell] = Int64(cell) }
        let forward = joint.table(4, 9)
        let backward = joint.table(9, 4)
        for a in 0..<5 { for b in 0..<5 { #expect(forward[a * 5 + b] == backward[b * 5 + a]) } }
        #expect(joint.documents(9, 4) == (0..<25).reduce(0) { $0 + Int64($1) })
    }

    @Test("error messages are counted by shape, and folding rare shapes keeps the total")
    func errorShapes() {
        var tally = ErrorTally()
        tally.add(message: "bad record: not JSON at byte 12")
        tally.add(message: "bad record: not JSON at byte 3456")
        #expect(tally.sorted.first! == ("bad record: not JSON at byte #", 2))
        for kind in 0..<200 {
            let letters = String(UnicodeScalar(UInt8(65 + kind % 26))) + String(UnicodeScalar(UInt8(65 + kind / 26)))
            tally.add(message: "rating failed: reason \(letters)")
        }
        #expect(tally.counts.count <= ErrorTally.limit + 1)
        #expect(tally.total == 202)
        #expect(tally.counts[ErrorTally.otherKey] != nil)
        var merged = ErrorTally()
        merged.merge(tally)
        merged.merge(tally)
        #expect(merged.total == 404)
    }

    @Test("merging group statistics adds every count")
    func mergeAdds() {
        var a = GroupStats()
        var b = GroupStats()
        a.rows = 3
        a.tokens = 30
        a.histograms[0].documents[4] = 3
        a.domains["Law"] = Tally(documents: 3, tokens: 30)
        b.rows = 2
        b.tokens = 5
        b.histograms[0].documents[4] = 1
        b.histograms[0].documents[0] = 1
        b.domains["Law"] = Tally(documents: 1, tokens: 1)
        b.domains["Other"] = Tally(documents: 1, tokens: 4)
        a.merge(b)
        #expect(a.rows == 5 && a.tokens == 35)
        #expect(a.histograms[0].documents == [1, 0, 0, 0, 4])
        #expect(a.domains["Law"] == Tally(documents: 4, tokens: 31))
        #expect(a.domains["Other"] == Tally(documents: 1, tokens: 4))
    }

    private func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= 1e-9
        default: false
        }
    }
}

@Suite("number formatting and bars")
struct FormattingTests {
    @Test("numbers, shares and undefined values read well and are never NaN")
    func numbers() {
        #expect(NumberFormat.integer(0) == "0")
        #expect(NumberFormat.integer(1_234_567) == "1,234,567")
        #expect(NumberFormat.integer(-1000) == "-1,000")
        #expect(NumberFormat.compact(950) == "950")
        #expect(NumberFormat.compact(80_312_000) == "80.3M")
        #expect(NumberFormat.compact(1_200_000_000) == "1.20B")
        #expect(NumberFormat.percent(1, of: 0) == NumberFormat.dash)
        #expect(NumberFormat.shortPercent(0, of: 10) == "0%")
        #expect(NumberFormat.shortPercent(1, of: 1000) == "<1%")
        #expect(NumberFormat.shortPercent(10, of: 10) == "100%")
        #expect(NumberFormat.mean(nil) == NumberFormat.dash)
        #expect(NumberFormat.hundredths(-0.123) == "-12")
        #expect(HTMLEscape.number(.nan) == "0")
        #expect(HTMLEscape.number(2.5) == "2.50")
        #expect(HTMLEscape.number(3) == "3")
    }

    @Test("bars have the width asked for and show a sliver for any non-zero value")
    func bars() {
        #expect(BlockBars.horizontal(1, width: 6) == "██████")
        #expect(BlockBars.horizontal(0, width: 6) == "      ")
        #expect(BlockBars.horizontal(0.001, width: 6) == "▏     ")
        #expect(BlockBars.horizontal(0.5, width: 6) == "███   ")
        #expect(BlockBars.horizontal(.nan, width: 4).count == 4)
        #expect(HTMLEscape.text("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }
}

@Suite("terminal text layout")
struct TextLayoutTests {
    @Test("wide characters take two columns when padding, cutting and wrapping")
    func wideCharacters() {
        #expect(TextLayout.columns("abc") == 3)
        #expect(TextLayout.columns("使用者命令") == 10)
        #expect(TextLayout.left("使用", 6) == "使用  ")
        #expect(TextLayout.right("ab", 4) == "  ab")
        #expect(TextLayout.fit("使用者命令", 7) == "使用者…")
        #expect(TextLayout.columns(TextLayout.fit("使用者命令", 7)) <= 7)
        #expect(TextLayout.fit("short", 10) == "short")
        let wrapped = TextLayout.wrap("criteria " + String(repeating: "x", count: 30) + " end", 12)
        #expect(wrapped.allSatisfy { TextLayout.columns($0) <= 12 })
        #expect(wrapped.joined().filter { $0 == "x" }.count == 30)
    }
}
