/// How two raters agree on one criterion or on the domain over the same documents: the table of
/// how often the reference gave class a and the candidate class b. Every figure follows from it.
public struct AgreementTable: Sendable, Equatable {
    public let classes: Int
    /// `counts[reference * classes + candidate]`.
    public private(set) var counts: [Int64]

    public init(classes: Int) {
        self.classes = classes
        counts = Array(repeating: 0, count: classes * classes)
    }

    /// Classes are 0-based: a domain index, or a rating minus one.
    public mutating func add(reference: Int, candidate: Int) {
        counts[reference * classes + candidate] += 1
    }

    public var total: Int64 { counts.reduce(0, +) }

    /// The share of documents where both agree exactly.
    public var accuracy: Double? { share { $0 == $1 } }

    /// The share where the classes differ by at most one (for ordered classes: ratings).
    public var withinOne: Double? { share { abs($0 - $1) <= 1 } }

    /// The share where both are below `threshold` or both at or above it; for ratings, the class
    /// of rating 3 is 2, so `threshold: 2` splits 1-2 from 3-5.
    public func binaryAccuracy(threshold: Int) -> Double? {
        share { ($0 < threshold) == ($1 < threshold) }
    }

    /// The accuracy of always answering the reference's most common class: the floor a candidate
    /// must beat to have learned anything.
    public var majorityBaseline: Double? {
        let total = total
        guard total > 0 else { return nil }
        return Double(referenceCounts.max() ?? 0) / Double(total)
    }

    /// The mean F1 over the classes that either side uses (a class neither uses has no F1).
    public var macroF1: Double? {
        let reference = referenceCounts
        let candidate = candidateCounts
        var sum: Double = 0
        var used = 0
        for label in 0..<classes where reference[label] + candidate[label] > 0 {
            sum += 2 * Double(counts[label * classes + label]) / Double(reference[label] + candidate[label])
            used += 1
        }
        return used > 0 ? sum / Double(used) : nil
    }

    /// Pearson's r of the two ratings (rating tables only).
    public var pearson: Double? {
        guard classes == RatingScale.levels else { return nil }
        return Correlation.pearson(counts[...], x: Correlation.ratingScores, y: Correlation.ratingScores)
    }

    /// Spearman's ρ of the two ratings, ties at mid-ranks: exact from the table (see `Correlation`).
    public var spearman: Double? {
        guard classes == RatingScale.levels else { return nil }
        return Correlation.pearson(
            counts[...],
            x: Correlation.midRankScores(referenceCounts),
            y: Correlation.midRankScores(candidateCounts)
        )
    }

    public var referenceCounts: [Int64] {
        (0..<classes).map { a in counts[(a * classes)..<((a + 1) * classes)].reduce(0, +) }
    }

    public var candidateCounts: [Int64] {
        (0..<classes).map { b in (0..<classes).reduce(Int64(0)) { $0 + counts[$1 * classes + b] } }
    }

    private func share(_ agree: (Int, Int) -> Bool) -> Double? {
        var hits: Int64 = 0
        var total: Int64 = 0
        for a in 0..<classes {
            for b in 0..<classes {
                let count = counts[a * classes + b]
                total += count
                if agree(a, b) { hits += count }
            }
        }
        return total > 0 ? Double(hits) / Double(total) : nil
    }
}
