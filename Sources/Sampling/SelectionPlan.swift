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
    /// How many times every document of the stratum is taken whole.
    public let fullEpochs: Int
    /// Tokens taken from one more epoch, in key order (0 when none).
    public let partialBudget: Int64
    /// The cut of the partial epoch; nil when there is none.
    public let cut: KeyCut?

    /// Splits `target` into whole epochs of the pool and a partial one, up to `maxEpochs` in all.
    init(key: StratumKey, tally: StratumTally, target: Int64, maxEpochs: Int, order: SelectionOrder) {
        self.key = key
        poolRows = tally.rows
        poolTokens = tally.tokens
        self.target = target
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
        cut = partial > 0 ? Self.cut(tally, budget: partial, order: order) : nil
    }

    /// Bounds on the key of the last row the partial epoch takes, from the bucket totals alone.
    /// `low`: the largest bucket floor such that the buckets at or above it already hold the budget,
    /// so every row below it comes after the budget is full. `high`: the smallest bucket ceiling such
    /// that the buckets reaching above it hold less than the budget, so every row above it is
    /// reached before the budget is full.
    static func cut(_ tally: StratumTally, budget: Int64, order: SelectionOrder) -> KeyCut {
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
        intervals.sort { $0.range.upperBound > $1.range.upperBound }
        var high: UInt64 = 0
        sum = 0
        for interval in intervals {
            sum += interval.tokens
            if sum >= budget {
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
        let targets = try BudgetAllocation.budgets(
            total: configuration.budget,
            pool: histogram.poolTokens,
            stratification: configuration.stratification,
            weights: configuration.domainWeights
        )
        var strata: [StratumKey: StratumPlan] = [:]
        for (key, tally) in histogram.strata {
            strata[key] = StratumPlan(
                key: key,
                tally: tally,
                target: targets[key] ?? 0,
                maxEpochs: configuration.maxEpochs,
                order: order
            )
        }
        self.strata = strata
        self.histogram = histogram
    }
}
