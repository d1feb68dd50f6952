/// One rating or the sum of several (`--by accuracy+coherence`): the score a top-k or temperature
/// selection ranks by.
public struct RatingSum: Sendable, Hashable, CustomStringConvertible {
    /// Indices in `AnnotationColumns.ratings`, in the order written.
    public let indices: [Int]

    public init(indices: [Int]) {
        precondition(!indices.isEmpty && indices.allSatisfy { AnnotationColumns.ratings.indices.contains($0) })
        self.indices = indices
    }

    /// Parses `overall_score` or `accuracy+coherence+originality`.
    public init(parsing text: String, option: String = "--by") throws {
        let tokens = try ExpressionLexer(option: option, expression: text).tokens()
        var indices: [Int] = []
        var position = 0
        while true {
            let token = tokens[position]
            guard case .word(let name) = token.kind else {
                throw ExpressionError(
                    option: option,
                    expression: text,
                    offset: token.offset,
                    span: token.length,
                    message: "expected a rating column such as overall_score, found \(token.text)"
                )
            }
            guard let index = AnnotationColumns.ratingIndex(name) else {
                throw ExpressionError(
                    option: option,
                    expression: text,
                    offset: token.offset,
                    span: token.length,
                    message: "'\(name)' is not a rating column"
                        + NameSuggestion.hint(for: name, among: AnnotationColumns.ratings)
                )
            }
            indices.append(index)
            position += 1
            if tokens[position].kind == .end { break }
            guard tokens[position].kind == .symbol(.plus) else {
                throw ExpressionError(
                    option: option,
                    expression: text,
                    offset: tokens[position].offset,
                    span: tokens[position].length,
                    message: "expected '+' between ratings, found \(tokens[position].text)"
                )
            }
            position += 1
        }
        self.indices = indices
    }

    public var columns: [String] { indices.map { AnnotationColumns.ratings[$0] } }
    public var description: String { columns.joined(separator: "+") }

    /// The sum for each row of `batch`, nil where any of the ratings is null.
    public func values(_ batch: AnnotationBatch) -> [Int?] { Self.sums(indices, batch) }

    static func sums(_ indices: [Int], _ batch: AnnotationBatch) -> [Int?] {
        var sums = [Int?](repeating: 0, count: batch.count)
        for index in indices {
            guard let column = batch.ratings[index] else { return [Int?](repeating: nil, count: batch.count) }
            for row in 0..<batch.count {
                if let value = column[row], let sum = sums[row] {
                    sums[row] = sum + Int(value)
                } else {
                    sums[row] = nil
                }
            }
        }
        return sums
    }
}

/// "did you mean" hints for misspelt names.
enum NameSuggestion {
    static func hint(for name: String, among candidates: [String]) -> String {
        let lower = name.lowercased()
        let scored = candidates.map { ($0, distance(lower, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3) else { return "" }
        return " (did you mean '\(best.0)'?)"
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
