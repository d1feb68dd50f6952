/// The counts of one group while a worker scans, laid out flat for the per-row loops. Each rating
/// is a bin code 0...4, or `missingBin` for a null, so no loop branches on nulls: missing values
/// land in a sixth bin that `stats` drops.
final class GroupAccumulator {
    static let bins = RatingScale.levels + 1
    static let missingBin: UInt8 = UInt8(RatingScale.levels)
    static let pairCells = bins * bins

    var rows: Int64 = 0
    var tokens: Int64 = 0
    var ratedRows: Int64 = 0
    var errorRows: Int64 = 0
    /// `[criterion * bins + bin]`
    var histogramDocuments = [Int64](repeating: 0, count: RatingScale.criterionCount * bins)
    var histogramTokens = [Int64](repeating: 0, count: RatingScale.criterionCount * bins)
    /// `[pair * bins² + a * bins + b]`
    var pairs = [Int64](repeating: 0, count: RatingScale.pairCount * pairCells)
    /// By domain code (the worker's `Interner`).
    var domainTallies: [Tally] = []
    /// `[domain * criteria * bins + criterion * bins + bin]`
    var domainRatings: [Int64] = []
    var sourceTallies: [Tally] = []
    var errors = ErrorTally()

    /// Makes room for domain and source codes below the given counts.
    func reserve(domains: Int, sources: Int) {
        if domainTallies.count < domains {
            domainTallies += Array(repeating: Tally(), count: domains - domainTallies.count)
            domainRatings += Array(
                repeating: 0,
                count: domains * RatingScale.criterionCount * Self.bins - domainRatings.count
            )
        }
        if sourceTallies.count < sources {
            sourceTallies += Array(repeating: Tally(), count: sources - sourceTallies.count)
        }
    }

    func stats(domainNames: [String], sourceNames: [String]) -> GroupStats {
        let levels = RatingScale.levels
        let bins = Self.bins
        var stats = GroupStats()
        stats.rows = rows
        stats.tokens = tokens
        stats.ratedRows = ratedRows
        stats.errorRows = errorRows
        for criterion in 0..<RatingScale.criterionCount {
            let base = criterion * bins
            stats.histograms[criterion] = RatingHistogram(
                documents: Array(histogramDocuments[base..<(base + levels)]),
                tokens: Array(histogramTokens[base..<(base + levels)]),
                missing: histogramDocuments[base + levels]
            )
        }
        var joint = [Int64](repeating: 0, count: RatingScale.pairCount * levels * levels)
        for pair in 0..<RatingScale.pairCount {
            for a in 0..<levels {
                for b in 0..<levels {
                    joint[pair * levels * levels + a * levels + b] = pairs[pair * Self.pairCells + a * bins + b]
                }
            }
        }
        stats.joint = JointRatingCounts(counts: joint)
        for (code, tally) in domainTallies.enumerated() where tally.documents > 0 {
            let name = domainNames[code]
            stats.domains[name] = tally
            let base = code * RatingScale.criterionCount * bins
            var counts = RatingCountsByCriterion()
            for criterion in 0..<RatingScale.criterionCount {
                for bin in 0..<levels {
                    counts.counts[criterion * levels + bin] = domainRatings[base + criterion * bins + bin]
                }
            }
            if counts.counts.contains(where: { $0 > 0 }) { stats.domainRatings[name] = counts }
        }
        for (code, tally) in sourceTallies.enumerated() where tally.documents > 0 {
            stats.sources[sourceNames[code]] = tally
        }
        stats.errors = errors
        return stats
    }
}
