/// Splits a token budget over strata by their shares of the filtered pool, with the arithmetic of
/// DataMan's `select_subset.py` (`multi_domain`): `int(tokens_s / total * T)` per source, then
/// `int(tokens_sd / tokens_s * budget_s)` per domain inside it, in double precision and truncated,
/// so a port selects the same cell budgets. Truncation leaves the total a few tokens under `T`.
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

    /// Domain budgets from the user's shares (and the natural split of the rest); inside a domain,
    /// sources share its budget by their pool tokens.
    private static func weighted(
        _ budget: Int64,
        _ pool: [StratumKey: Int64],
        _ stratification: Stratification,
        _ weights: DomainWeights
    ) throws -> [StratumKey: Int64] {
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
