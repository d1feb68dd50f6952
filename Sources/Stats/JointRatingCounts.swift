/// For every pair of distinct criteria, how many documents have each combination of their two
/// ratings: 91 tables of 5 × 5 counts. Documents missing either rating of a pair are left out of
/// that pair only (pairwise-complete, as pandas' `DataFrame.corr` does).
///
/// These are the co-moments of the ratings in their most complete form: sums, sums of squares and
/// cross products follow from them, and so do both correlation coefficients (see `Correlation`).
/// Tables merge by adding, so files, threads and machines can be combined in any order.
public struct JointRatingCounts: Sendable, Equatable, Codable {
    /// `counts[pair * 25 + a * 5 + b]`: documents whose first criterion (of `RatingScale.pairs[pair]`)
    /// is rated a+1 and whose second is rated b+1.
    public var counts: [Int64]

    static let cells = RatingScale.levels * RatingScale.levels

    public init() {
        counts = Array(repeating: 0, count: RatingScale.pairCount * Self.cells)
    }

    public init(counts: [Int64]) {
        precondition(counts.count == RatingScale.pairCount * Self.cells)
        self.counts = counts
    }

    public mutating func merge(_ other: JointRatingCounts) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// The 5 × 5 table of criteria i and j, rows by i's rating; transposed when i > j.
    public func table(_ i: Int, _ j: Int) -> [Int64] {
        precondition(i != j)
        let start = RatingScale.pairIndex(i, j) * Self.cells
        let stored = Array(counts[start..<(start + Self.cells)])
        guard i > j else { return stored }
        let levels = RatingScale.levels
        return (0..<Self.cells).map { stored[($0 % levels) * levels + $0 / levels] }
    }

    /// Documents that have both ratings.
    public func documents(_ i: Int, _ j: Int) -> Int64 {
        let start = RatingScale.pairIndex(i, j) * Self.cells
        return counts[start..<(start + Self.cells)].reduce(0, +)
    }

    /// Pearson's r of criteria i and j (i ≠ j) over the documents that have both; nil where
    /// undefined (fewer than two documents, or one of the ratings constant).
    public func pearson(_ i: Int, _ j: Int) -> Double? {
        coefficient(i, j) { _ in Correlation.ratingScores }
    }

    /// Spearman's ρ (ties get mid-ranks) of criteria i and j (i ≠ j) over the documents that have both.
    public func spearman(_ i: Int, _ j: Int) -> Double? {
        coefficient(i, j) { Correlation.midRankScores($0) }
    }

    private func coefficient(_ i: Int, _ j: Int, scores: ([Int64]) -> [Double]) -> Double? {
        let levels = RatingScale.levels
        let cells = table(i, j)
        let rows = (0..<levels).map { a in cells[(a * levels)..<(a * levels + levels)].reduce(0, +) }
        let columns = (0..<levels).map { b in (0..<levels).reduce(Int64(0)) { $0 + cells[$1 * levels + b] } }
        return Correlation.pearson(cells[...], x: scores(rows), y: scores(columns))
    }
}
