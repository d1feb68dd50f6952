/// Everything `dataman stats` reports about one set of documents (the whole input, or one
/// `--by` group), as counts that merge by adding.
public struct GroupStats: Sendable, Equatable, Codable {
    /// Rows read (after `--where`).
    public var rows: Int64 = 0
    public var tokens: Int64 = 0
    /// Rows with at least one rating.
    public var ratedRows: Int64 = 0
    /// Rows whose `error` is set.
    public var errorRows: Int64 = 0
    /// One histogram per criterion, in `RatingScale.criteria` order.
    public var histograms: [RatingHistogram] = Array(repeating: RatingHistogram(), count: RatingScale.criterionCount)
    public var joint = JointRatingCounts()
    /// Rows by domain; rows without one count under `noDomain`.
    public var domains: [String: Tally] = [:]
    public var sources: [String: Tally] = [:]
    /// Per domain, documents by criterion and rating: the criterion × domain view.
    public var domainRatings: [String: RatingCountsByCriterion] = [:]
    public var errors = ErrorTally()

    /// The domain name given to rows that have none (error rows, unrated rows).
    public static let noDomain = "(no domain)"

    public init() {}

    /// Rows with neither a rating nor an error (e.g. annotated with `--rater none`).
    public var unratedRows: Int64 { rows - ratedRows - errorRows }

    public mutating func merge(_ other: GroupStats) {
        rows += other.rows
        tokens += other.tokens
        ratedRows += other.ratedRows
        errorRows += other.errorRows
        for index in histograms.indices { histograms[index].merge(other.histograms[index]) }
        joint.merge(other.joint)
        domains.add(other.domains)
        sources.add(other.sources)
        for (domain, counts) in other.domainRatings {
            domainRatings[domain, default: RatingCountsByCriterion()].merge(counts)
        }
        errors.merge(other.errors)
    }

    /// Pearson's r for every pair of criteria; the diagonal is 1 where the criterion varies.
    public var pearson: [[Double?]] { matrix { joint.pearson($0, $1) } }
    /// Spearman's ρ for every pair of criteria (see `Correlation` for why this is exact).
    public var spearman: [[Double?]] { matrix { joint.spearman($0, $1) } }

    private func matrix(_ offDiagonal: (Int, Int) -> Double?) -> [[Double?]] {
        (0..<RatingScale.criterionCount).map { i in
            (0..<RatingScale.criterionCount).map { j in
                guard i != j else {
                    // r(x, x) = 1 exactly when x has a variance: two or more distinct ratings.
                    return histograms[i].documents.filter { $0 > 0 }.count >= 2 ? 1 : nil
                }
                return offDiagonal(i, j)
            }
        }
    }
}

/// Documents by criterion and rating: `counts[criterion * 5 + rating - 1]`.
public struct RatingCountsByCriterion: Sendable, Equatable, Codable {
    public var counts: [Int64]

    public init() {
        counts = Array(repeating: 0, count: RatingScale.criterionCount * RatingScale.levels)
    }

    public init(counts: [Int64]) {
        precondition(counts.count == RatingScale.criterionCount * RatingScale.levels)
        self.counts = counts
    }

    public func documents(criterion: Int) -> [Int64] {
        Array(counts[(criterion * RatingScale.levels)..<((criterion + 1) * RatingScale.levels)])
    }

    /// The mean rating of one criterion; nil when no document has it.
    public func mean(criterion: Int) -> Double? {
        RatingHistogram.weightedMean(documents(criterion: criterion))
    }

    public mutating func merge(_ other: RatingCountsByCriterion) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }
}
