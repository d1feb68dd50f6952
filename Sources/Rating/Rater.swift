import Criteria

/// What goes into provenance: enough to tell two raters' annotations apart.
public struct RaterDescriptor: Codable, Sendable, Equatable {
    /// `heuristic`, `dataman`, `distilled`, or `none` (parse and count only).
    public var kind: String
    /// The model name, or the rule set's version for embedded raters.
    public var model: String
    /// A hash of the prompt template or rule data the ratings depend on.
    public var promptHash: String

    public init(kind: String, model: String, promptHash: String) {
        self.kind = kind
        self.model = model
        self.promptHash = promptHash
    }
}

public struct RatingInput: Sendable {
    public var docID: String
    public var text: String

    public init(docID: String, text: String) {
        self.docID = docID
        self.text = text
    }
}

/// The 14 ratings (1-5, in criteria order, overall_score last) and a domain index 0-14 (A-O).
public struct Ratings: Sendable, Equatable {
    public var scores: [Int8]
    public var domain: Int

    public init(scores: [Int8], domain: Int) {
        precondition(scores.count == CriteriaSet.criterionCount, "a rating has \(CriteriaSet.criterionCount) scores")
        precondition(scores.allSatisfy { (1...5).contains($0) }, "ratings are 1-5")
        precondition((0..<CriteriaSet.domainCount).contains(domain), "domain index out of range")
        self.scores = scores
        self.domain = domain
    }

    public var overall: Int8 { scores[CriteriaSet.criterionCount - 1] }
}

/// One document's outcome: ratings, no rating by design (`none` rater), or a failure the rater could not recover from.
public enum RatingResult: Sendable, Equatable {
    case rated(Ratings)
    case unrated
    case failed(String)
}

public protocol Rater: Sendable {
    var descriptor: RaterDescriptor { get }
    /// One result per input, in order. Throws only when the whole batch cannot be attempted.
    func rate(_ batch: [RatingInput]) async throws -> [RatingResult]
    /// The requests sent to a model server so far, for progress lines and the summary; nil for a
    /// rater that sends none.
    var requestStatistics: RequestStatistics? { get }
    /// Releases what the rater holds open (a server's connections); called once after the last batch.
    func shutdown() async
}

/// A rater that rates in process sends no requests and holds nothing to release.
extension Rater {
    public var requestStatistics: RequestStatistics? { nil }
    public func shutdown() async {}
}

/// Rates nothing: `--rater none` measures reading, parsing, counting and writing alone.
public struct NoRater: Rater {
    public init() {}
    public var descriptor: RaterDescriptor { RaterDescriptor(kind: "none", model: "", promptHash: "") }
    public func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        Array(repeating: .unrated, count: batch.count)
    }
}
