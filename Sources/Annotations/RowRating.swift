/// What a rater gave one annotation row: a domain and all 14 ratings, an error, or nothing
/// (the `none` rater, or a partial rating).
public enum RowRating: Sendable, Equatable {
    case rated(domain: String, scores: [Int8])
    case error
    case unrated
    /// A rating outside 1-5: the file is damaged, and every reader of ratings must refuse it.
    case outOfRange(column: String, value: Int8)

    /// The columns a batch needs for `rating(_:)`.
    public static let columns: Set<String> = Set(
        [AnnotationColumns.domain, AnnotationColumns.error] + AnnotationColumns.ratings
    )
}

extension AnnotationBatch {
    /// The rating of `row`; the batch must hold `RowRating.columns`.
    public func rating(_ row: Int) -> RowRating {
        if error[row] != nil { return .error }
        let scores = AnnotationColumns.ratings.indices.compactMap { ratings[$0]?[row] }
        guard let domain = domain[row], scores.count == AnnotationColumns.ratings.count else { return .unrated }
        if let bad = scores.firstIndex(where: { !(1...5).contains($0) }) {
            return .outOfRange(column: AnnotationColumns.ratings[bad], value: scores[bad])
        }
        return .rated(domain: domain, scores: scores)
    }
}
