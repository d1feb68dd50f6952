/// Recursive descent over the tokens of a `--where` expression:
///
///     expression := conjunction ("or" conjunction)*
///     conjunction := negation ("and" negation)*
///     negation   := "not" negation | "(" expression ")" | comparison
///     comparison := operand (op value | ["not"] "in" "[" value ("," value)* "]")
///     operand    := rating ("+" rating)* | "tokens" | "domain" | "source"
///     op         := "==" | "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
///
/// Keywords are case-insensitive; values are numbers, quoted strings or bare words (`Law`).
struct FilterParser {
    let option: String
    let expression: String
    private var tokens: [ExpressionToken] = []
    private var position = 0
    /// `not`s and parentheses open at the current token: parsing and evaluating recurse once per level.
    private var nesting = 0
    static let maximumNesting = 256

    static let operandNames = AnnotationColumns.ratings + ["tokens", "domain", "source"]
    private static let keywords: Set<String> = ["and", "or", "not", "in"]

    init(option: String, expression: String) {
        self.option = option
        self.expression = expression
    }

    mutating func parse() throws -> FilterExpression {
        tokens = try ExpressionLexer(option: option, expression: expression).tokens()
        if current.kind == .end {
            throw error(at: current, "the expression is empty; write a condition such as 'overall_score >= 4'")
        }
        let result = try disjunction()
        guard current.kind == .end else {
            if current.kind == .symbol(.closeParen) { throw error(at: current, "this ')' has no matching '('") }
            throw error(
                at: current,
                "unexpected \(quoted(current)) after a complete condition; join conditions with 'and' or 'or'"
            )
        }
        return result
    }

    private var current: ExpressionToken { tokens[position] }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func disjunction() throws -> FilterExpression {
        var left = try conjunction()
        while current.isKeyword("or") {
            _ = advance()
            left = .or(left, try conjunction())
        }
        return left
    }

    private mutating func conjunction() throws -> FilterExpression {
        var left = try negation()
        while current.isKeyword("and") {
            _ = advance()
            left = .and(left, try negation())
        }
        return left
    }

    private mutating func negation() throws -> FilterExpression {
        guard nesting < Self.maximumNesting else {
            throw error(
                at: current,
                "'not' and parentheses nest more than \(Self.maximumNesting) deep here; simplify the expression"
            )
        }
        nesting += 1
        defer { nesting -= 1 }
        if current.isKeyword("not") {
            _ = advance()
            return .not(try negation())
        }
        if current.kind == .symbol(.openParen) {
            let open = advance()
            let inner = try disjunction()
            guard current.kind == .symbol(.closeParen) else {
                if current.kind == .end { throw error(at: open, "this '(' is never closed") }
                throw error(at: current, "expected ')' or 'and'/'or', found \(quoted(current))")
            }
            _ = advance()
            return inner
        }
        return try comparison()
    }

    private enum Operand {
        case number(NumericOperand)
        case text(TextOperand)
    }

    private mutating func comparison() throws -> FilterExpression {
        let start = current
        let operand = try self.operand()
        let operandText = String(
            decoding: Array(expression.utf8)[
                start.offset..<(tokens[position - 1].offset + tokens[position - 1].length)
            ],
            as: UTF8.self
        )
        if case .symbol(let symbol) = current.kind, let op = ComparisonOperator(symbol) {
            let opToken = advance()
            switch operand {
            case .number(let numeric):
                return .compareNumber(numeric, op, try number(for: operandText, after: opToken))
            case .text(let text):
                guard op == .equal || op == .notEqual else {
                    throw error(at: opToken, "'\(operandText)' is text; compare it with == or !=, or use 'in [...]'")
                }
                return .compareText(text, equal: op == .equal, try word(for: operandText, after: opToken))
            }
        }
        var negated = false
        if current.isKeyword("not"), tokens[position + 1].isKeyword("in") {
            _ = advance()
            negated = true
        }
        guard current.isKeyword("in") else {
            throw error(
                at: current,
                "expected a comparison (==, !=, <, <=, >, >=, in) after '\(operandText)', found \(quoted(current))"
            )
        }
        let inToken = advance()
        guard current.kind == .symbol(.openBracket) else {
            throw error(at: current, "expected '[' to start the list after 'in', found \(quoted(current))")
        }
        let open = advance()
        var members: [ExpressionToken] = []
        repeat {
            if !members.isEmpty { _ = advance() }
            if current.kind == .symbol(.closeBracket) || current.kind == .end {
                throw error(
                    at: current,
                    members.isEmpty ? "the list after 'in' is empty" : "expected a value after ','"
                )
            }
            members.append(advance())
        } while current.kind == .symbol(.comma)
        guard current.kind == .symbol(.closeBracket) else {
            if current.kind == .end { throw error(at: open, "this '[' is never closed") }
            throw error(at: current, "expected ',' or ']' in the list, found \(quoted(current))")
        }
        _ = advance()
        let membership: FilterExpression
        switch operand {
        case .number(let numeric):
            membership = .numberIn(numeric, try members.map { try numberValue($0, for: operandText) })
        case .text(let text):
            membership = .textIn(text, Set(try members.map { try wordValue($0, for: operandText) }))
        }
        _ = inToken
        return negated ? .not(membership) : membership
    }

    private mutating func operand() throws -> Operand {
        let token = advance()
        guard case .word(let name) = token.kind, !Self.keywords.contains(name.lowercased()) else {
            throw error(
                at: token,
                "expected a column (a rating such as overall_score, or tokens, domain, source), found \(quoted(token))"
            )
        }
        switch name {
        case "tokens": return .number(.tokens)
        case "domain": return .text(.domain)
        case "source": return .text(.source)
        default: break
        }
        guard let first = AnnotationColumns.ratingIndex(name) else {
            throw error(
                at: token,
                "unknown column '\(name)'" + NameSuggestion.hint(for: name, among: Self.operandNames)
                    + "; the columns are the 14 ratings, tokens, domain and source"
            )
        }
        var indices = [first]
        while current.kind == .symbol(.plus) {
            _ = advance()
            let next = advance()
            guard case .word(let added) = next.kind, let index = AnnotationColumns.ratingIndex(added) else {
                throw error(
                    at: next,
                    "only ratings can be added up; \(quoted(next)) is not a rating"
                        + (next.text.isEmpty
                            ? "" : NameSuggestion.hint(for: next.text, among: AnnotationColumns.ratings))
                )
            }
            indices.append(index)
        }
        return .number(.ratings(indices))
    }

    private mutating func number(for operand: String, after op: ExpressionToken) throws -> Double {
        if current.kind == .end { throw error(at: current, "expected a number after '\(op.text)'") }
        return try numberValue(advance(), for: operand)
    }

    private mutating func word(for operand: String, after op: ExpressionToken) throws -> String {
        if current.kind == .end { throw error(at: current, "expected a value after '\(op.text)'") }
        return try wordValue(advance(), for: operand)
    }

    private func numberValue(_ token: ExpressionToken, for operand: String) throws -> Double {
        guard case .number(let value, _) = token.kind else {
            throw error(at: token, "'\(operand)' is a number; \(quoted(token)) is not")
        }
        return value
    }

    private func wordValue(_ token: ExpressionToken, for operand: String) throws -> String {
        switch token.kind {
        case .word(let word) where !Self.keywords.contains(word.lowercased()): return word
        case .string(let value): return value
        case .number(_, let text): return text
        default:
            throw error(
                at: token,
                "expected a value for '\(operand)' (a word such as Law or a quoted string), found \(quoted(token))"
            )
        }
    }

    private func quoted(_ token: ExpressionToken) -> String {
        token.kind == .end ? "the end of the expression" : "'\(token.text)'"
    }

    private func error(at token: ExpressionToken, _ message: String) -> ExpressionError {
        ExpressionError(
            option: option,
            expression: expression,
            offset: token.offset,
            span: token.length,
            message: message
        )
    }
}

extension ComparisonOperator {
    init?(_ symbol: ExpressionToken.Symbol) {
        switch symbol {
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessOrEqual: self = .lessOrEqual
        case .greater: self = .greater
        case .greaterOrEqual: self = .greaterOrEqual
        default: return nil
        }
    }
}
