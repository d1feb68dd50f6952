/// A value of a row that a filter can test.
public enum NumericOperand: Sendable, Hashable {
    /// One rating or the sum of several, by index in `AnnotationColumns.ratings`; missing when any is null.
    case ratings([Int])
    case tokens

    var columns: [String] {
        switch self {
        case .ratings(let indices): indices.map { AnnotationColumns.ratings[$0] }
        case .tokens: [AnnotationColumns.tokens]
        }
    }
}

public enum TextOperand: String, Sendable, Hashable {
    case domain, source
}

public enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func holds(_ value: Double, _ literal: Double) -> Bool {
        switch self {
        case .equal: value == literal
        case .notEqual: value != literal
        case .less: value < literal
        case .lessOrEqual: value <= literal
        case .greater: value > literal
        case .greaterOrEqual: value >= literal
        }
    }
}

/// A parsed filter. A comparison with a missing value (an unrated row, a row without a domain) is
/// false, and `not` turns false into true as usual.
public indirect enum FilterExpression: Sendable {
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    case compareNumber(NumericOperand, ComparisonOperator, Double)
    case numberIn(NumericOperand, [Double])
    case compareText(TextOperand, equal: Bool, String)
    case textIn(TextOperand, Set<String>)
}

/// A `--where` expression over the ratings, `tokens`, `domain` and `source` of annotation rows, e.g.
/// `overall_score >= 4 and domain in [Law, Finance]` or `not (source == "c4" or tokens < 50)`.
public struct RowFilter: Sendable {
    public let text: String
    public let expression: FilterExpression

    public init(parsing text: String, option: String = "--where") throws {
        self.text = text
        var parser = FilterParser(option: option, expression: text)
        expression = try parser.parse()
    }

    private init(text: String, expression: FilterExpression) {
        self.text = text
        self.expression = expression
    }

    /// Rows that pass every filter of `filters`; nil when there are none.
    public static func all(_ filters: [RowFilter]) -> RowFilter? {
        guard var combined = filters.first else { return nil }
        for next in filters.dropFirst() {
            combined = RowFilter(
                text: "(\(combined.text)) and (\(next.text))",
                expression: .and(combined.expression, next.expression)
            )
        }
        return combined
    }

    /// The annotation columns the filter reads.
    public var columns: Set<String> { Self.columns(expression) }

    /// The values the filter compares `operand` with, to warn about ones the data never holds.
    public func literals(of operand: TextOperand) -> Set<String> { Self.literals(expression, operand) }

    /// Whether each row of `batch` passes; the batch must hold `columns`.
    public func mask(_ batch: AnnotationBatch) -> [Bool] { Self.evaluate(expression, batch) }

    private static func evaluate(_ expression: FilterExpression, _ batch: AnnotationBatch) -> [Bool] {
        switch expression {
        case .and(let left, let right):
            return zip(evaluate(left, batch), evaluate(right, batch)).map { $0 && $1 }
        case .or(let left, let right):
            return zip(evaluate(left, batch), evaluate(right, batch)).map { $0 || $1 }
        case .not(let inner):
            return evaluate(inner, batch).map { !$0 }
        case .compareNumber(let operand, let op, let literal):
            return numbers(operand, batch).map { $0.map { op.holds($0, literal) } ?? false }
        case .numberIn(let operand, let literals):
            return numbers(operand, batch).map { value in value.map { literals.contains($0) } ?? false }
        case .compareText(let operand, let equal, let literal):
            return texts(operand, batch).map { value in value.map { ($0 == literal) == equal } ?? false }
        case .textIn(let operand, let literals):
            return texts(operand, batch).map { value in value.map { literals.contains($0) } ?? false }
        }
    }

    private static func numbers(_ operand: NumericOperand, _ batch: AnnotationBatch) -> [Double?] {
        switch operand {
        case .tokens:
            return batch.tokens.map { Double($0) }
        case .ratings(let indices):
            return RatingSum.sums(indices, batch).map { $0.map(Double.init) }
        }
    }

    private static func texts(_ operand: TextOperand, _ batch: AnnotationBatch) -> [String?] {
        switch operand {
        case .domain: batch.domain
        case .source: batch.source.map { $0 }
        }
    }

    private static func columns(_ expression: FilterExpression) -> Set<String> {
        switch expression {
        case .and(let left, let right), .or(let left, let right): columns(left).union(columns(right))
        case .not(let inner): columns(inner)
        case .compareNumber(let operand, _, _), .numberIn(let operand, _): Set(operand.columns)
        case .compareText(let operand, _, _), .textIn(let operand, _): [operand.rawValue]
        }
    }

    private static func literals(_ expression: FilterExpression, _ wanted: TextOperand) -> Set<String> {
        switch expression {
        case .and(let left, let right), .or(let left, let right): literals(left, wanted).union(literals(right, wanted))
        case .not(let inner): literals(inner, wanted)
        case .compareNumber, .numberIn: []
        case .compareText(let operand, _, let literal): operand == wanted ? [literal] : []
        case .textIn(let operand, let values): operand == wanted ? values : []
        }
    }
}
