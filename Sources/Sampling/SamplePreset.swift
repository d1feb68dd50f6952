import Annotations

/// Selection rules of the published methods (reference facts §5), as starting points that
/// explicit options override.
public enum SamplePreset: String, Sendable, CaseIterable {
    /// DataMan's per-criterion top-k: highest `--by` rating first (overall_score unless given),
    /// `multi_domain` strata, the document that crosses a cell's budget included.
    case datamanTopK = "dataman-topk"
    /// DataMan's best model, "Overall Score l=5": keep overall_score == 5, a seeded random order
    /// per `multi_domain` cell.
    case datamanOverall5 = "dataman-overall=5"
    /// QuRating: z-scored rating / τ with τ = 2 plus Gumbel noise, strata by domain.
    case qurating

    public var method: SamplingMethod {
        switch self {
        case .datamanTopK: .topK
        case .datamanOverall5: .uniform
        case .qurating: .temperature(tau: 2)
        }
    }

    public var stratification: Stratification {
        switch self {
        case .datamanTopK, .datamanOverall5: .sourceDomain
        case .qurating: .domain
        }
    }

    /// The published methods' budget arithmetic (select_subset.py's truncated shares, a crossing
    /// document per stratum), so a preset selects what the paper's code selects.
    public var rounding: BudgetRounding { .reference }

    /// The filter the rule implies, joined with any `--where` by `and`.
    public var filter: RowFilter? {
        get throws {
            switch self {
            case .datamanOverall5: try RowFilter(parsing: "overall_score == 5", option: "--preset")
            case .datamanTopK, .qurating: nil
            }
        }
    }
}
