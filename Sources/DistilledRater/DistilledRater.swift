import Criteria
import Foundation
import Rating

/// The rater whose annotations a model learns, as the annotation files' provenance names it.
public typealias Teacher = RaterDescriptor

extension Teacher {
    /// `kind/model/prompt hash`, as messages show a teacher.
    public var summary: String { "\(kind)/\(model)/\(promptHash)" }
}

/// Rates with a model trained by `dataman train` (`--rater model:PATH`). Pure and deterministic:
/// the same file gives the same ratings. The provenance names the file and its XXH3-64, so
/// annotations from two different models are never mixed on resume.
public struct DistilledRater: Rater {
    public static let kind = "distilled"

    public let model: DistilledModel
    public let header: ModelHeader
    public let descriptor: RaterDescriptor

    /// Reads the model and checks that its heads are the criteria's 14 ratings and 15 domains.
    public init(contentsOf url: URL, criteria: CriteriaSet) throws {
        let contents = try ModelFile.read(url)
        let domains = criteria.domains.map(\.name)
        guard contents.header.criteria == criteria.columns, contents.header.domains == domains else {
            throw ModelFileError.incompatible(
                path: url.path,
                detail: """
                    the model rates \(contents.header.criteria.joined(separator: ", ")) and the domains \
                    \(contents.header.domains.joined(separator: ", ")); the criteria in \(criteria.directory.path) differ
                    """
            )
        }
        model = contents.model
        header = contents.header
        descriptor = RaterDescriptor(
            kind: Self.kind,
            model: "\(url.lastPathComponent) xxh3:\(contents.hash)",
            promptHash: contents.hash
        )
    }

    /// The model shipped in the criteria folder (`--rater builtin`), trained by scripts/builtin/train.sh.
    public static func builtin(criteria: CriteriaSet) throws -> DistilledRater {
        try DistilledRater(contentsOf: builtinURL(criteria: criteria), criteria: criteria)
    }

    private static func builtinURL(criteria: CriteriaSet) -> URL {
        criteria.directory.appendingPathComponent(CriteriaSet.builtinModelFolder).appendingPathComponent("builtin.dmm")
    }

    public func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        batch.map { input in
            let classes = model.predict(input.text)
            return .rated(Ratings(scores: classes.scores, domain: classes.domain))
        }
    }
}
