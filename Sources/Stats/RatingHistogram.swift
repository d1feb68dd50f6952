/// How the ratings of one criterion spread over 1-5, counted by documents and by tokens.
///
/// Ratings take only five values, so five bins are not a summary but the whole distribution:
/// the mean, every quantile and the ranks used for Spearman's correlation follow from them
/// exactly, and two histograms merge by adding.
public struct RatingHistogram: Sendable, Equatable, Codable {
    /// Documents with rating 1...5, at index 0...4.
    public var documents: [Int64]
    /// Tokens of the documents with rating 1...5.
    public var tokens: [Int64]
    /// Documents without this rating (error rows, unrated rows).
    public var missing: Int64

    public init(
        documents: [Int64] = Array(repeating: 0, count: RatingScale.levels),
        tokens: [Int64] = Array(repeating: 0, count: RatingScale.levels),
        missing: Int64 = 0
    ) {
        precondition(documents.count == RatingScale.levels && tokens.count == RatingScale.levels)
        self.documents = documents
        self.tokens = tokens
        self.missing = missing
    }

    public var rated: Int64 { documents.reduce(0, +) }
    public var ratedTokens: Int64 { tokens.reduce(0, +) }

    /// Mean rating over documents; nil when no document has this rating.
    public var mean: Double? { Self.weightedMean(documents) }
    /// Mean rating with each document weighted by its tokens: the rating of an average token.
    public var tokenMean: Double? { Self.weightedMean(tokens) }

    /// The quantile as DuckDB's `quantile_disc` and the inverse empirical CDF define it: the
    /// smallest rating r with (documents rated ≤ r) ≥ q·n. `permille` is q in thousandths so the
    /// comparison stays in integers. Nil when no document has this rating.
    public func quantile(permille: Int) -> Int? { Self.quantile(documents, permille: permille) }

    /// The same over tokens: the rating below which that share of the rated tokens lies.
    public func tokenQuantile(permille: Int) -> Int? { Self.quantile(tokens, permille: permille) }

    static func quantile(_ weights: [Int64], permille: Int) -> Int? {
        precondition((0...1000).contains(permille))
        let n = weights.reduce(0, +)
        guard n > 0 else { return nil }
        var cumulative: Int64 = 0
        for (bin, weight) in weights.enumerated() {
            cumulative += weight
            // In 128 bits: token totals times 1000 may exceed Int64.
            if cumulative > 0, Int128(cumulative) * 1000 >= Int128(permille) * Int128(n) { return bin + 1 }
        }
        return RatingScale.levels
    }

    /// The quantiles every report shows, in thousandths.
    public static let reportedQuantiles = [100, 250, 500, 750, 900]

    /// The average rank (1-based) that Spearman's coefficient gives each rating when ties share
    /// the mean of the ranks they span; nil for a rating no document has.
    public var midRanks: [Double?] { Self.midRanks(documents) }

    public mutating func merge(_ other: RatingHistogram) {
        for bin in 0..<RatingScale.levels {
            documents[bin] += other.documents[bin]
            tokens[bin] += other.tokens[bin]
        }
        missing += other.missing
    }

    static func weightedMean(_ weights: [Int64]) -> Double? {
        var total: Int64 = 0
        var weighted: Double = 0
        for (bin, weight) in weights.enumerated() {
            total += weight
            weighted += Double(weight) * Double(bin + 1)
        }
        return total > 0 ? weighted / Double(total) : nil
    }

    /// Ranks below a value, plus the mean of 1...count: (below + 1 + below + count) / 2.
    static func midRanks(_ counts: [Int64]) -> [Double?] {
        var below: Int64 = 0
        return counts.map { count in
            defer { below += count }
            return count > 0 ? Double(below) + Double(count + 1) / 2 : nil
        }
    }
}
