import Annotations
import Foundation

@testable import Sampling

/// A straightforward in-memory implementation of the selection rules (DataMan's select_subset.py
/// and QuRating's sampling), to compare the streaming sampler with: every pool row in memory,
/// a full sort per stratum, a cumulative sum.
struct ReferenceSelection {
    struct Pick: Hashable, Comparable {
        var shard: String
        var line: Int64
        var epoch: Int

        static func < (a: Pick, b: Pick) -> Bool { (a.shard, a.line, a.epoch) < (b.shard, b.line, b.epoch) }
    }

    enum Method {
        case topK, uniform
        case temperature(Double)
    }

    var method: Method
    /// Indices of the ratings summed into the score.
    var by: [Int] = [13]
    var keep: (FixtureRow) -> Bool = { _ in true }
    var stratify: Stratification = .sourceDomain
    /// Domain shares (with the rest split naturally when `rest` is true).
    var weights: [String: Double]? = nil
    var rest = true
    var maxEpochs = 1
    var seed: UInt64 = 0
    /// `.reference`: select_subset.py's truncated split, each stratum on its own. `.exact`: shares
    /// apportioned by largest remainder, a short stratum's share moved to the others, strata taken in
    /// key order with each one's overshoot taken off the next one's partial epoch.
    var rounding: BudgetRounding = .reference

    struct Candidate {
        var shard: String
        var row: FixtureRow
        var score: Int?
        var bits: UInt64
    }

    /// The selection and, per stratum label, the selected tokens and the target.
    func select(
        _ shards: [String: [FixtureRow]],
        budget: Int64
    ) -> (picks: [Pick], strata: [String: (selected: Int64, target: Int64)]) {
        var pool: [Candidate] = []
        for (shard, rows) in shards {
            for row in rows where row.error == nil && keep(row) {
                let score: Int? = row.ratings.map { ratings in by.reduce(0) { $0 + Int(ratings[$1]) } }
                if case .uniform = method {} else if score == nil { continue }
                pool.append(
                    Candidate(shard: shard, row: row, score: score, bits: SeededBits.of(idHash: row.idHash, seed: seed))
                )
            }
        }
        func label(_ c: Candidate) -> StratumKey {
            StratumKey(source: c.row.source, domain: c.row.domain, stratification: stratify)
        }
        let groups = Dictionary(grouping: pool, by: label)
        let poolTokens = groups.mapValues { $0.reduce(0) { $0 + Int64($1.row.tokens) } }
        let budgets =
            rounding == .reference ? referenceBudgets(poolTokens, budget) : exactTargets(poolTokens, budget)

        // QuRating z-scores over the whole pool (population standard deviation).
        let scored = pool.compactMap(\.score)
        let n = Double(scored.count)
        let mean = scored.isEmpty ? 0 : Double(scored.reduce(0, +)) / n
        let variance = scored.isEmpty ? 0 : Double(scored.reduce(0) { $0 + $1 * $1 }) / n - mean * mean
        let deviation = max(0, variance).squareRoot()

        var picks: [Pick] = []
        var strata: [String: (Int64, Int64)] = [:]
        var surplus: Int64 = 0
        for key in groups.keys.sorted() {
            let members = groups[key]!
            let ordered = members.sorted { a, b in
                switch method {
                case .topK:
                    if a.score! != b.score! { return a.score! > b.score! }
                case .uniform:
                    break
                case .temperature(let tau):
                    let scale = deviation > 0 ? 1 / (deviation * tau) : 0
                    let va = (Double(a.score!) - mean) * scale + SeededBits.gumbel(a.bits)
                    let vb = (Double(b.score!) - mean) * scale + SeededBits.gumbel(b.bits)
                    if va != vb { return va > vb }
                }
                if a.bits != b.bits { return a.bits > b.bits }
                if a.shard != b.shard { return a.shard < b.shard }
                return a.row.line < b.row.line
            }
            let target = budgets[key] ?? 0
            var taken: Int64 = 0
            if rounding == .exact {
                // Whole epochs while the target holds the whole pool, then one epoch in order while
                // under what is left of the target less the surplus so far.
                let tokens = poolTokens[key]!
                let full = tokens > 0 ? min(maxEpochs, Int(target / tokens)) : 0
                for epoch in 0..<full {
                    for member in ordered {
                        taken += Int64(member.row.tokens)
                        picks.append(Pick(shard: member.shard, line: member.row.line, epoch: epoch))
                    }
                }
                let partial = tokens > 0 && full < maxEpochs ? target - taken : 0
                if partial > 0 {
                    var partTaken: Int64 = 0
                    for member in ordered where partTaken < partial - surplus {
                        partTaken += Int64(member.row.tokens)
                        picks.append(Pick(shard: member.shard, line: member.row.line, epoch: full))
                    }
                    surplus += partTaken - partial
                    taken += partTaken
                }
                strata[key.description] = (taken, target)
                continue
            }
            // Take the order again and again (up to maxEpochs), each time while under the target.
            epochs: for epoch in 0..<maxEpochs {
                for member in ordered {
                    if taken >= target { break epochs }
                    taken += Int64(member.row.tokens)
                    picks.append(Pick(shard: member.shard, line: member.row.line, epoch: epoch))
                }
                if taken == 0 { break }
            }
            strata[key.description] = (taken, target)
        }
        return (picks.sorted(), strata)
    }

    /// The exact rule's targets: largest-remainder shares at each level of the split, then, while a
    /// stratum's target exceeds its pool times maxEpochs, that stratum gets its capacity and the rest
    /// of the budget is apportioned over the others by their shares (by capacity if those are all 0
    /// and there are no domain weights).
    func exactTargets(_ pool: [StratumKey: Int64], _ budget: Int64) -> [StratumKey: Int64] {
        var shares: [StratumKey: Int64] = [:]
        if let weights {
            var perDomain: [String: Int64] = [:]
            for (key, tokens) in pool { perDomain[key.domain ?? "", default: 0] += tokens }
            let restTokens = perDomain.filter { weights[$0.key] == nil }.values.reduce(0, +)
            let restShare = max(0, 1 - weights.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value })
            // Shares in units of 2^-52, as the sampler counts them.
            let units = perDomain.map { domain, tokens in
                let fraction =
                    weights[domain] ?? (rest && restTokens > 0 ? restShare * Double(tokens) / Double(restTokens) : 0)
                return (domain, Int64((fraction * 0x1p52).rounded()))
            }
            let domainBudgets = Self.apportion(budget, Dictionary(uniqueKeysWithValues: units))
            for (domain, domainBudget) in domainBudgets {
                let members = pool.filter { ($0.key.domain ?? "") == domain }
                shares.merge(Self.apportion(domainBudget, members)) { $1 }
            }
        } else if stratify == .sourceDomain {
            var perSource: [String: Int64] = [:]
            for (key, tokens) in pool { perSource[key.source!, default: 0] += tokens }
            for (source, sourceBudget) in Self.apportion(budget, perSource) {
                let members = pool.filter { $0.key.source == source }
                shares.merge(Self.apportion(sourceBudget, members)) { $1 }
            }
        } else {
            shares = Self.apportion(budget, pool)
        }
        let capacity = pool.mapValues { $0 * Int64(maxEpochs) }
        var capped: Set<StratumKey> = []
        while true {
            let left = budget - capped.reduce(0) { $0 + capacity[$1]! }
            var open = shares.filter { !capped.contains($0.key) }
            if weights == nil, open.values.allSatisfy({ $0 == 0 }) {
                open = Dictionary(uniqueKeysWithValues: open.keys.map { ($0, capacity[$0]!) })
            }
            var targets = Self.apportion(max(0, left), open)
            for key in capped { targets[key] = capacity[key]! }
            let over = open.keys.filter { targets[$0]! > capacity[$0]! }
            if over.isEmpty { return targets }
            capped.formUnion(over)
        }
    }

    /// Hamilton's method in 128-bit integers: the floor of each quota, then a token each to the
    /// largest remainders, ties to the first key.
    static func apportion<Key: Comparable>(_ budget: Int64, _ weights: [Key: Int64]) -> [Key: Int64] {
        let whole = Int128(weights.values.reduce(0, +))
        guard whole > 0, budget > 0 else { return weights.mapValues { _ in 0 } }
        var out = weights.mapValues { Int64(Int128(budget) * Int128($0) / whole) }
        let byRemainder = weights.keys.sorted { a, b in
            let ra = Int128(budget) * Int128(weights[a]!) % whole
            let rb = Int128(budget) * Int128(weights[b]!) % whole
            return ra != rb ? ra > rb : a < b
        }
        for key in byRemainder.prefix(Int(budget - out.values.reduce(0, +))) { out[key]! += 1 }
        return out
    }

    /// The budget split written out as select_subset.py does it.
    private func referenceBudgets(_ pool: [StratumKey: Int64], _ budget: Int64) -> [StratumKey: Int64] {
        let total = Double(pool.values.reduce(0, +))
        var out: [StratumKey: Int64] = [:]
        if let weights {
            var perDomain: [String: Int64] = [:]
            for (key, tokens) in pool { perDomain[key.domain!, default: 0] += tokens }
            let restTokens = perDomain.filter { weights[$0.key] == nil }.values.reduce(0, +)
            let restShare = 1 - weights.values.reduce(0, +)
            for (key, tokens) in pool {
                let domain = key.domain!
                let domainBudget: Int64 =
                    weights[domain].map { Int64($0 * Double(budget)) }
                    ?? (rest
                        ? Int64(Double(perDomain[domain]!) / Double(restTokens) * (restShare * Double(budget))) : 0)
                out[key] = Int64(Double(tokens) / Double(perDomain[domain]!) * Double(domainBudget))
            }
            return out
        }
        guard stratify == .sourceDomain else {
            return pool.mapValues { Int64(Double($0) / total * Double(budget)) }
        }
        var perSource: [String: Int64] = [:]
        for (key, tokens) in pool { perSource[key.source!, default: 0] += tokens }
        for (key, tokens) in pool {
            let sourceBudget = Int64(Double(perSource[key.source!]!) / total * Double(budget))
            out[key] = Int64(Double(tokens) / Double(perSource[key.source!]!) * Double(sourceBudget))
        }
        return out
    }
}
