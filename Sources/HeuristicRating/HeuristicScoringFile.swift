import Foundation

/// `criteria/heuristic/scoring.json`: for each of the 13 criteria its parts (signal, four cut
/// points, direction, weight) and penalties (signal, knots); the overall score's weights, pivot
/// and defect slopes; and the domain thresholds. Checked in full when loaded.
struct ScoringFile {
    let version: String
    let criteria: [CriterionRule]
    let overall: OverallRule
    let domain: DomainRule

    private struct Raw: Decodable {
        let version: String
        let criteria: [String: RawCriterion]
        let overall: RawOverall
        let domain: RawDomain
    }

    private struct RawCriterion: Decodable {
        let parts: [RawPart]
        let penalties: [RawPenalty]?
        let `default`: Double
    }

    private struct RawPart: Decodable {
        let signal: String
        let cuts: [Double]
        let higher_is_better: Bool
        let weight: Double?
    }

    private struct RawPenalty: Decodable {
        let signal: String
        let knots: [[Double]]
    }

    private struct RawOverall: Decodable {
        let weights: [String: Double]
        let pivot: Double
        let defect_slopes: [String: Double]
    }

    private struct RawDomain: Decodable {
        let other_threshold: Double
        let code_line_share: [Double]
        let code_boost: Double
        let math_density: [Double]
        let math_boost: Double
        let code_fraction: [Double]
        let code_examples: [Double]
        let math_over_technology: Double
        let math_over_code: Double
    }

    /// Parses and checks the file; `columns` are the 13 rated columns in criteria order.
    static func parse(_ data: Data, path: String, columns: [String]) throws -> ScoringFile {
        let raw: Raw
        do { raw = try JSONDecoder().decode(Raw.self, from: data) } catch {
            throw HeuristicDataError(path, "is malformed: \(error)")
        }
        func signal(_ name: String, _ context: String) throws -> HeuristicSignals.Name {
            guard let s = HeuristicSignals.Name(rawValue: name) else {
                throw HeuristicDataError(
                    path,
                    "\(context): unknown signal '\(name)' (known: \(HeuristicSignals.names.joined(separator: ", ")))"
                )
            }
            return s
        }
        var rules: [CriterionRule] = []
        for column in columns {
            guard let c = raw.criteria[column] else { throw HeuristicDataError(path, "criteria.\(column) is missing") }
            guard !c.parts.isEmpty else { throw HeuristicDataError(path, "criteria.\(column) has no parts") }
            guard (1...5).contains(c.default) else {
                throw HeuristicDataError(path, "criteria.\(column).default must be 1-5")
            }
            var parts: [CutTable] = []
            for (k, p) in c.parts.enumerated() {
                let context = "criteria.\(column).parts[\(k)]"
                guard p.cuts.count == 4, zip(p.cuts, p.cuts.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw HeuristicDataError(path, "\(context).cuts must be 4 strictly increasing numbers")
                }
                let weight = p.weight ?? 1
                guard weight > 0 else { throw HeuristicDataError(path, "\(context).weight must be positive") }
                parts.append(
                    CutTable(
                        signal: try signal(p.signal, context),
                        cuts: p.cuts,
                        higherIsBetter: p.higher_is_better,
                        weight: weight
                    )
                )
            }
            var penalties: [Penalty] = []
            for (k, p) in (c.penalties ?? []).enumerated() {
                let context = "criteria.\(column).penalties[\(k)]"
                guard p.knots.count >= 2, p.knots.allSatisfy({ $0.count == 2 }),
                    zip(p.knots, p.knots.dropFirst()).allSatisfy({ $0[0] < $1[0] })
                else {
                    throw HeuristicDataError(
                        path,
                        "\(context).knots must be 2+ [value, points] pairs with increasing values"
                    )
                }
                penalties.append(Penalty(signal: try signal(p.signal, context), knots: p.knots.map { ($0[0], $0[1]) }))
            }
            rules.append(CriterionRule(parts: parts, penalties: penalties, defaultScore: c.default))
        }
        let unknown = Set(raw.criteria.keys).subtracting(columns)
        guard unknown.isEmpty else {
            throw HeuristicDataError(path, "unknown criteria: \(unknown.sorted().joined(separator: ", "))")
        }

        var weights: [Double] = []
        var slopes: [Double] = []
        for column in columns {
            guard let w = raw.overall.weights[column], w >= 0 else {
                throw HeuristicDataError(path, "overall.weights.\(column) is missing or negative")
            }
            let slope = raw.overall.defect_slopes[column] ?? 0
            guard slope >= 0 else { throw HeuristicDataError(path, "overall.defect_slopes.\(column) is negative") }
            weights.append(w)
            slopes.append(slope)
        }
        guard weights.reduce(0, +) > 0 else { throw HeuristicDataError(path, "overall.weights are all zero") }

        let d = raw.domain
        for (name, range) in [
            ("code_line_share", d.code_line_share), ("math_density", d.math_density),
            ("code_fraction", d.code_fraction), ("code_examples", d.code_examples),
        ]
        where range.count != 2 || range[0] >= range[1] {
            throw HeuristicDataError(path, "domain.\(name) must be [low, high] with low < high")
        }
        return ScoringFile(
            version: raw.version,
            criteria: rules,
            overall: OverallRule(weights: weights, pivot: raw.overall.pivot, defectSlopes: slopes),
            domain: DomainRule(
                otherThreshold: d.other_threshold,
                codeShare: d.code_line_share,
                codeBoost: d.code_boost,
                mathDensity: d.math_density,
                mathBoost: d.math_boost,
                codeFraction: d.code_fraction,
                codeExamples: d.code_examples,
                mathOverTechnology: d.math_over_technology,
                mathOverCode: d.math_over_code
            )
        )
    }
}
