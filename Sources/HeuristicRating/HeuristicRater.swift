import Criteria
import Rating

/// The embedded default rater: 14 ratings and a domain from documented text signals, mapped to
/// 1-5 by the cut points in `criteria/heuristic/scoring.json`. No model, deterministic, pure.
///
/// `descriptor.promptHash` is a hash of the rater's own data files (`criteria/heuristic/`), so two
/// runs with different lexicons or cut points are told apart even within one criteria version.
public struct HeuristicRater: Rater {
    public static let kind = "heuristic"

    private let resources: HeuristicResources
    private let analyzer: HeuristicAnalyzer

    public let descriptor: RaterDescriptor

    /// Loads and checks the data files under `criteria/heuristic/`; the error names the bad file.
    public init(criteria: CriteriaSet) throws {
        resources = try HeuristicResources.load(criteria)
        analyzer = HeuristicAnalyzer(resources: resources)
        descriptor = RaterDescriptor(
            kind: HeuristicRater.kind,
            model: resources.version,
            promptHash: resources.dataHash
        )
    }

    /// The measured signals behind the ratings (for diagnostics and tuning).
    public func signals(text: String) -> HeuristicSignals {
        analyzer.signals(text)
    }

    public func rate(text: String) -> Ratings {
        rate(signals: signals(text: text))
    }

    /// The ratings for signals already measured.
    public func rate(signals s: HeuristicSignals) -> Ratings {
        let continuous = resources.criteria.map { $0.continuous(s) }
        let overall = resources.overall.continuous(continuous)
        let scores = (continuous + [overall]).map(CriterionRule.rating)
        return Ratings(scores: scores, domain: resources.domain.classify(s))
    }

    /// The loaded lexicon (for tests of the spelling check).
    var lexiconForTests: Lexicon { resources.lexicon }

    public func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        batch.map { .rated(rate(text: $0.text)) }
    }
}
