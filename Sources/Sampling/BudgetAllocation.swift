/// How a budget becomes stratum targets and how the document at a stratum's cut is decided.
public enum BudgetRounding: String, Sendable, Codable, CaseIterable {
    /// DataMan's `select_subset.py`: truncated shares, and each stratum takes the document that
    /// crosses its own target, so the total misses the budget by up to a document per stratum.
    case reference
    /// Largest-remainder shares that add up to the budget, the share a short stratum cannot fill
    /// given to the others, and each stratum's overshoot carried into the next one's target, so the
    /// total is within one selected document of the budget.
    case exact
}

/// Splits a token budget over strata by their shares of the filtered pool.
///
/// `budgets` has the arithmetic of DataMan's `select_subset.py` (`multi_domain`): `int(tokens_s /
/// total * T)` per source, then `int(tokens_sd / tokens_s * budget_s)` per domain inside it, in
/// double precision and truncated, so a port selects the same cell budgets. Truncation leaves the
/// total a few tokens under `T`. `exactShares` and `fill` are the exact rule's split: the same
/// levels, each a largest-remainder apportionment that adds up to its parent's budget.
public enum BudgetAllocation {
    public static func budgets(
        total budget: Int64,
        pool: [StratumKey: Int64],
        stratification: Stratification,
        weights: DomainWeights?
    ) throws -> [StratumKey: Int64] {
        let poolTotal = pool.values.reduce(0, +)
        guard poolTotal > 0 else { return pool.mapValues { _ in 0 } }
        if let weights {
            return try weighted(budget, pool, stratification, weights)
        }
        switch stratification {
        case .none, .source, .domain:
            return pool.mapValues { share($0, of: poolTotal, budget) }
        case .sourceDomain:
            let perSource = grouped(pool) { $0.source ?? "" }
            var budgets: [StratumKey: Int64] = [:]
            for (key, tokens) in pool {
                let sourceTokens = perSource[key.source ?? ""]!
                let sourceBudget = share(sourceTokens, of: poolTotal, budget)
                budgets[key] = share(tokens, of: sourceTokens, sourceBudget)
            }
            return budgets
        }
    }

    /// The exact rule's shares: the levels of `budgets` (sources then their domains; or domains by
    /// `--domain-weights`, then their sources by pool tokens), each apportioned by largest remainder,
    /// so the shares add up to `budget` whenever the pool (or the weights) leave somewhere to put it.
    public static func exactShares(
        total budget: Int64,
        pool: [StratumKey: Int64],
        stratification: Stratification,
        weights: DomainWeights?
    ) throws -> [StratumKey: Int64] {
        if let weights {
            let perDomain = try validate(weights, pool, stratification)
            // Added in name order: a sum in the dictionary's order could differ in its last bit by process.
            let named = weights.shares.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
            let restShare = max(0, 1 - named)
            let restTokens = perDomain.filter { weights.shares[$0.key] == nil }.values.reduce(0, +)
            // Shares are fractions; in units of 2^-52 they apportion in integers like token counts.
            var domainWeights: [String: Int64] = [:]
            for (domain, tokens) in perDomain {
                let fraction =
                    weights.shares[domain]
                    ?? (weights.restIsNatural && restTokens > 0 ? restShare * Double(tokens) / Double(restTokens) : 0)
                domainWeights[domain] = Int64((fraction * 0x1p52).rounded())
            }
            return nested(largestRemainder(budget, domainWeights), pool) { $0.domain ?? "" }
        }
        switch stratification {
        case .none, .source, .domain:
            return largestRemainder(budget, pool)
        case .sourceDomain:
            return nested(largestRemainder(budget, grouped(pool) { $0.source ?? "" }), pool) { $0.source ?? "" }
        }
    }

    /// Targets from shares where the pool allows: a stratum whose capacity (its pool tokens times
    /// `--max-epochs`) is below its share gets its capacity, and the rest of the budget is
    /// apportioned again over the other strata in proportion to their shares (largest remainder),
    /// until no target exceeds its capacity. When every stratum left has a share of 0 (all of them
    /// too small for a token of their own), they get it in proportion to their capacity instead,
    /// unless `byShareOnly` (domain weights: a domain weighted 0 stays empty).
    public static func fill(
        _ shares: [StratumKey: Int64],
        capacity: [StratumKey: Int64],
        budget: Int64,
        byShareOnly: Bool
    ) -> [StratumKey: Int64] {
        var capped: Set<StratumKey> = []
        while true {
            let left = max(0, budget - capped.reduce(Int64(0)) { $0 + capacity[$1, default: 0] })
            var open = shares.filter { !capped.contains($0.key) }
            if !byShareOnly, open.values.allSatisfy({ $0 == 0 }) {
                open = Dictionary(uniqueKeysWithValues: open.keys.map { ($0, capacity[$0, default: 0]) })
            }
            var targets = largestRemainder(left, open)
            for key in capped { targets[key] = capacity[key, default: 0] }
            let over = open.keys.filter { targets[$0]! > capacity[$0, default: 0] }
            if over.isEmpty { return targets }
            capped.formUnion(over)
        }
    }

    /// Largest-remainder (Hamilton) apportionment of `budget` in proportion to `weights` (none
    /// negative): each key gets the floor of its exact quota, computed in 128 bits, and the tokens
    /// left, fewer than the keys with a remainder, go one each to the largest remainders, ties to
    /// the first key in order. The result adds up to `budget` whenever a weight is positive.
    static func largestRemainder<Key: Comparable>(_ budget: Int64, _ weights: [Key: Int64]) -> [Key: Int64] {
        let whole = weights.values.reduce(0, +)
        guard whole > 0, budget > 0 else { return weights.mapValues { _ in 0 } }
        var shares: [Key: Int64] = [:]
        var remainders: [(key: Key, remainder: Int64)] = []
        for (key, weight) in weights {
            let (quotient, remainder) = whole.dividingFullWidth(budget.multipliedFullWidth(by: weight))
            shares[key] = quotient
            remainders.append((key, remainder))
        }
        let left = budget - shares.values.reduce(0, +)
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.key < $1.key }
        for entry in remainders.prefix(Int(left)) { shares[entry.key]! += 1 }
        return shares
    }

    /// The second level: each group's budget apportioned over its strata by pool tokens.
    private static func nested(
        _ groupBudgets: [String: Int64],
        _ pool: [StratumKey: Int64],
        by group: (StratumKey) -> String
    ) -> [StratumKey: Int64] {
        var members: [String: [StratumKey: Int64]] = [:]
        for (key, tokens) in pool { members[group(key), default: [:]][key] = tokens }
        var shares: [StratumKey: Int64] = [:]
        for (name, strata) in members {
            shares.merge(largestRemainder(groupBudgets[name] ?? 0, strata)) { $1 }
        }
        return shares
    }

    /// `int(part / whole * budget)` as Python computes it.
    static func share(_ part: Int64, of whole: Int64, _ budget: Int64) -> Int64 {
        guard whole > 0 else { return 0 }
        return Int64(Double(part) / Double(whole) * Double(budget))
    }

    private static func grouped(_ pool: [StratumKey: Int64], by field: (StratumKey) -> String) -> [String: Int64] {
        var sums: [String: Int64] = [:]
        for (key, tokens) in pool { sums[field(key), default: 0] += tokens }
        return sums
    }

    /// Pool tokens per domain, once the weights are known to fit the strata and the pool.
    private static func validate(
        _ weights: DomainWeights,
        _ pool: [StratumKey: Int64],
        _ stratification: Stratification
    ) throws -> [String: Int64] {
        guard stratification.byDomain else {
            throw SamplingError.invalidOption(
                "--domain-weights needs strata by domain: use --stratify domain or --stratify source,domain"
            )
        }
        let perDomain = grouped(pool) { $0.domain ?? "" }
        for name in weights.shares.keys.sorted() where perDomain[name] == nil {
            let known = perDomain.keys.filter { !$0.isEmpty }.sorted()
            throw SamplingError.invalidOption(
                "--domain-weights names '\(name)', which no document of the filtered pool has; the pool's domains are \(known.joined(separator: ", "))"
            )
        }
        return perDomain
    }

    /// Domain budgets from the user's shares (and the natural split of the rest); inside a domain,
    /// sources share its budget by their pool tokens.
    private static func weighted(
        _ budget: Int64,
        _ pool: [StratumKey: Int64],
        _ stratification: Stratification,
        _ weights: DomainWeights
    ) throws -> [StratumKey: Int64] {
        let perDomain = try validate(weights, pool, stratification)
        let restShare = max(0, 1 - weights.shares.values.reduce(0, +))
        let restTokens = perDomain.filter { weights.shares[$0.key] == nil }.values.reduce(0, +)
        var domainBudgets: [String: Int64] = [:]
        for (domain, tokens) in perDomain {
            if let share = weights.shares[domain] {
                domainBudgets[domain] = Int64(share * Double(budget))
            } else if weights.restIsNatural, restTokens > 0 {
                domainBudgets[domain] = Int64(Double(tokens) / Double(restTokens) * (restShare * Double(budget)))
            } else {
                domainBudgets[domain] = 0
            }
        }
        var budgets: [StratumKey: Int64] = [:]
        for (key, tokens) in pool {
            let domain = key.domain ?? ""
            budgets[key] = share(tokens, of: perDomain[domain]!, domainBudgets[domain]!)
        }
        return budgets
    }
}
