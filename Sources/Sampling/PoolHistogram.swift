/// Rows of one score class in one stratum: their tokens, and their tokens per bucket of random bits.
public struct ClassTally: Sendable, Equatable {
    public var rows: Int64 = 0
    public var tokens: Int64 = 0
    /// Tokens per bucket of random bits.
    public var buckets: [Int64]

    public init(bucketCount: Int) {
        buckets = [Int64](repeating: 0, count: bucketCount)
    }

    mutating func merge(_ other: ClassTally) {
        rows += other.rows
        tokens += other.tokens
        for i in buckets.indices { buckets[i] += other.buckets[i] }
    }
}

/// What the first pass learns about one stratum of the filtered pool.
public struct StratumTally: Sendable, Equatable {
    public var rows: Int64 = 0
    public var tokens: Int64 = 0
    /// Rows with a score, and the sums of their scores and squared scores (integers, so merging is exact).
    public var scoredRows: Int64 = 0
    public var scoreSum: Int64 = 0
    public var scoreSquares: Int64 = 0
    /// The tokens of the stratum's longest document: how far a surplus carried out of it can reach.
    public var maxTokens: Int64 = 0
    /// Indexed by score class.
    public var classes: [ClassTally?] = []

    public init() {}

    @inline(__always)
    mutating func add(scoreClass: Int, score: Int?, bucket: Int, bucketCount: Int, tokens: Int64) {
        rows += 1
        self.tokens += tokens
        maxTokens = max(maxTokens, tokens)
        if let score {
            scoredRows += 1
            scoreSum += Int64(score)
            scoreSquares += Int64(score * score)
        }
        if scoreClass >= classes.count {
            classes += [ClassTally?](repeating: nil, count: scoreClass + 1 - classes.count)
        }
        if classes[scoreClass] == nil { classes[scoreClass] = ClassTally(bucketCount: bucketCount) }
        classes[scoreClass]!.rows += 1
        classes[scoreClass]!.tokens += tokens
        classes[scoreClass]!.buckets[bucket] += tokens
    }

    mutating func merge(_ other: StratumTally) {
        rows += other.rows
        tokens += other.tokens
        scoredRows += other.scoredRows
        scoreSum += other.scoreSum
        scoreSquares += other.scoreSquares
        maxTokens = max(maxTokens, other.maxTokens)
        if other.classes.count > classes.count {
            classes += [ClassTally?](repeating: nil, count: other.classes.count - classes.count)
        }
        for (index, tally) in other.classes.enumerated() {
            guard let tally else { continue }
            if classes[index] == nil { classes[index] = tally } else { classes[index]!.merge(tally) }
        }
    }
}

/// Why rows of the annotation files are not in the pool.
public struct PoolCounts: Sendable, Equatable, Codable {
    /// Every row read.
    public var rows: Int64 = 0
    /// Rows with `error` set (never selected).
    public var errorRows: Int64 = 0
    /// Rows the `--where` filter rejected.
    public var filteredRows: Int64 = 0
    /// Rows without the ratings the method orders by.
    public var unratedRows: Int64 = 0

    public init() {}

    mutating func merge(_ other: PoolCounts) {
        rows += other.rows
        errorRows += other.errorRows
        filteredRows += other.filteredRows
        unratedRows += other.unratedRows
    }
}

/// The first pass's result: a token-weighted histogram of keys per stratum and score class.
/// Merging is addition, so histograms of disjoint file sets (threads, nodes) merge into the
/// histogram of their union, in any order.
public struct PoolHistogram: Sendable, Equatable {
    public var strata: [StratumKey: StratumTally] = [:]
    public var counts = PoolCounts()
    /// Every domain and source value seen before filtering, to warn about filter values no row has.
    public var domainsSeen: Set<String> = []
    public var sourcesSeen: Set<String> = []

    public init() {}

    public mutating func merge(_ other: PoolHistogram) {
        for (key, tally) in other.strata {
            if strata[key] == nil { strata[key] = tally } else { strata[key]!.merge(tally) }
        }
        counts.merge(other.counts)
        domainsSeen.formUnion(other.domainsSeen)
        sourcesSeen.formUnion(other.sourcesSeen)
    }

    public var poolTokens: [StratumKey: Int64] { strata.mapValues(\.tokens) }

    /// The score's mean and population standard deviation over the pool, for z-scores.
    public var scoreMoments: (mean: Double, deviation: Double) {
        var n: Int64 = 0
        var sum: Int64 = 0
        var squares: Int64 = 0
        for tally in strata.values {
            n += tally.scoredRows
            sum += tally.scoreSum
            squares += tally.scoreSquares
        }
        guard n > 0 else { return (0, 0) }
        let mean = Double(sum) / Double(n)
        return (mean, max(0, Double(squares) / Double(n) - mean * mean).squareRoot())
    }
}
