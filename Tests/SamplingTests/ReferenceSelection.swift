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
        let budgets = referenceBudgets(groups.mapValues { $0.reduce(0) { $0 + Int64($1.row.tokens) } }, budget)

        // QuRating z-scores over the whole pool (population standard deviation).
        let scored = pool.compactMap(\.score)
        let n = Double(scored.count)
        let mean = scored.isEmpty ? 0 : Double(scored.reduce(0, +)) / n
        let variance = scored.isEmpty ? 0 : Double(scored.reduce(0) { $0 + $1 * $1 }) / n - mean * mean
        let deviation = max(0, variance).squareRoot()

        var picks: [Pick] = []
        var strata: [String: (Int64, Int64)] = [:]
        for (key, members) in groups {
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
