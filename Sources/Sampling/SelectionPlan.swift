/// Where a stratum's key order is cut: rows with a key above `high` are selected, rows below
/// `low` are not, and the rows in between (the boundary buckets) are sorted exactly in the
/// second pass.
public struct KeyCut: Sendable, Equatable {
    public let low: UInt64
    public let high: UInt64
}

/// The budget of one stratum and how the second pass fills it.
public struct StratumPlan: Sendable {
    public let key: StratumKey
    public let poolRows: Int64
    public let poolTokens: Int64
    public let target: Int64
    /// The stratum's share of the budget before short strata gave theirs to the others (the
    /// target itself under `--rounding reference`, which gives nothing away).
    public let share: Int64
    /// How many times every document of the stratum is taken whole.
    public let fullEpochs: Int
    /// Tokens taken from one more epoch, in key order (0 when none).
    public let partialBudget: Int64
    /// The cut of the partial epoch; nil when there is none.
    public let cut: KeyCut?

    /// Splits `target` into whole epochs of the pool and a partial one, up to `maxEpochs` in all.
    /// `carry` bounds the surplus the strata before may hand this one (`SelectionPass.resolve`),
    /// which lowers its partial budget by as much: the rows taken before the boundary is sorted
    /// must fit the lowest budget it can get, so the selection does not depend on the buckets.
    init(
        key: StratumKey,
        tally: StratumTally,
        target: Int64,
        share: Int64? = nil,
        carry: Int64 = 0,
        maxEpochs: Int,
        order: SelectionOrder
    ) {
        self.key = key
        poolRows = tally.rows
        poolTokens = tally.tokens
        self.target = target
        self.share = share ?? target
        var full = 0
        var partial: Int64 = 0
        if tally.tokens > 0, target > 0 {
            if target < tally.tokens {
                partial = target
            } else {
                full = Int(min(Int64(maxEpochs), target / tally.tokens))
                partial = full < maxEpochs ? target - Int64(full) * tally.tokens : 0
            }
        }
        fullEpochs = full
        partialBudget = partial
        cut = partial > 0 ? Self.cut(tally, budget: partial, lowest: partial - carry, order: order) : nil
    }

    /// Bounds on the key of the last row the partial epoch takes, from the bucket totals alone, for
    /// any budget from `lowest` to `budget`. `low`: the largest bucket floor such that the buckets
    /// at or above it already hold `budget`, so every row below it comes after the budget is full.
    /// `high`: the smallest bucket ceiling such that the buckets reaching above it hold less than
    /// `lowest`, so every row above it is reached before the budget is full (none when `lowest`
    /// is not positive).
    static func cut(_ tally: StratumTally, budget: Int64, lowest: Int64, order: SelectionOrder) -> KeyCut {
        var intervals: [(range: ClosedRange<UInt64>, tokens: Int64)] = []
        for (scoreClass, classTally) in tally.classes.enumerated() {
            guard let classTally else { continue }
            for (bucket, tokens) in classTally.buckets.enumerated() where tokens > 0 {
                intervals.append((order.keyRange(scoreClass: scoreClass, bucket: bucket), tokens))
            }
        }
        intervals.sort { $0.range.lowerBound > $1.range.lowerBound }
        var low: UInt64 = 0
        var sum: Int64 = 0
        for interval in intervals {
            sum += interval.tokens
            if sum >= budget {
                low = interval.range.lowerBound
                break
            }
        }
        guard lowest > 0 else { return KeyCut(low: low, high: .max) }
        intervals.sort { $0.range.upperBound > $1.range.upperBound }
        var high: UInt64 = 0
        sum = 0
        for interval in intervals {
            sum += interval.tokens
            if sum >= lowest {
                high = interval.range.upperBound
                break
            }
        }
        return KeyCut(low: low, high: high)
    }
}

/// The first pass's conclusions: the key order and every stratum's plan.
public struct SelectionPlan: Sendable {
    public let order: SelectionOrder
    public let strata: [StratumKey: StratumPlan]
    public let histogram: PoolHistogram

    public init(histogram: PoolHistogram, configuration: SampleConfiguration) throws {
        let moments = histogram.scoreMoments
        order = SelectionOrder(
            method: configuration.method,
            bucketBits: configuration.histogramBits,
            mean: moments.mean,
            deviation: moments.deviation
        )
        let pool = histogram.poolTokens
        let shares: [StratumKey: Int64]
        let targets: [StratumKey: Int64]
        switch configuration.rounding {
        case .reference:
            shares = try BudgetAllocation.budgets(
                total: configuration.budget,
                pool: pool,
                stratification: configuration.stratification,
                weights: configuration.domainWeights
            )
            targets = shares
        case .exact:
            shares = try BudgetAllocation.exactShares(
                total: configuration.budget,
                pool: pool,
                stratification: configuration.stratification,
                weights: configuration.domainWeights
            )
            targets = BudgetAllocation.fill(
                shares,
                capacity: pool.mapValues { $0 * Int64(configuration.maxEpochs) },
                budget: configuration.budget,
                byShareOnly: configuration.domainWeights != nil
            )
        }
        var strata: [StratumKey: StratumPlan] = [:]
        // The surplus reaching a stratum is less than the longest document of the strata before it.
        var carry: Int64 = 0
        for key in histogram.strata.keys.sorted() {
            let tally = histogram.strata[key]!
            strata[key] = StratumPlan(
                key: key,
                tally: tally,
                target: targets[key] ?? 0,
                share: shares[key] ?? 0,
                carry: configuration.rounding == .exact ? carry : 0,
                maxEpochs: configuration.maxEpochs,
                order: order
            )
            carry = max(carry, tally.maxTokens)
        }
        self.strata = strata
        self.histogram = histogram
    }
}
