/// One token of a `--where` or `--by` expression, with its byte range in the text.
struct ExpressionToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A column name, a keyword (`and`, `or`, `not`, `in`) or an unquoted value such as `Law`.
        case word(String)
        case number(Double, text: String)
        case string(String)
        case symbol(Symbol)
        case end
    }

    enum Symbol: String, Sendable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case openParen = "("
        case closeParen = ")"
        case openBracket = "["
        case closeBracket = "]"
        case comma = ","
        case plus = "+"
    }

    var kind: Kind
    var offset: Int
    var length: Int

    /// The keyword this word is, compared case-insensitively.
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = kind { return word.lowercased() == keyword }
        return false
    }

    var text: String {
        switch kind {
        case .word(let word): word
        case .number(_, let text): text
        case .string(let value): "\"\(value)\""
        case .symbol(let symbol): symbol.rawValue
        case .end: "the end"
        }
    }
}

/// Splits an expression into tokens, working on its UTF-8 bytes.
struct ExpressionLexer {
    let option: String
    let expression: String

    func tokens() throws -> [ExpressionToken] {
        let bytes = Array(expression.utf8)
        var tokens: [ExpressionToken] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                i += 1
            } else if Self.isWordStart(byte) || Self.letterLength(bytes, i) > 0 {
                let start = i
                while i < bytes.count {
                    if Self.isWordByte(bytes[i]) {
                        i += 1
                    } else if case let length = Self.letterLength(bytes, i), length > 0 {
                        i += length
                    } else {
                        break
                    }
                }
                tokens.append(
                    ExpressionToken(
                        kind: .word(String(decoding: bytes[start..<i], as: UTF8.self)),
                        offset: start,
                        length: i - start
                    )
                )
            } else if Self.isDigit(byte)
                || (byte == UInt8(ascii: "-") && i + 1 < bytes.count
                    && (Self.isDigit(bytes[i + 1]) || bytes[i + 1] == UInt8(ascii: ".")))
                || byte == UInt8(ascii: ".")
            {
                tokens.append(try number(bytes, &i))
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                tokens.append(try string(bytes, &i))
            } else {
                tokens.append(try symbol(bytes, &i))
            }
        }
        tokens.append(ExpressionToken(kind: .end, offset: bytes.count, length: 1))
        return tokens
    }

    private func number(_ bytes: [UInt8], _ i: inout Int) throws -> ExpressionToken {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count, Self.isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "_")
        { i += 1 }
        // A letter glued to a number (`5x`) is a typo, not a word.
        while i < bytes.count, Self.isWordByte(bytes[i]) { i += 1 }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw ExpressionError(
                option: option,
                expression: expression,
                offset: start,
                span: i - start,
                message: "'\(text)' is not a number"
            )
        }
        return ExpressionToken(kind: .number(value, text: text), offset: start, length: i - start)
    }

    private func string(_ bytes: [UInt8], _ i: inout Int) throws -> ExpressionToken {
        let start = i
        let quote = bytes[i]
        var value: [UInt8] = []
        i += 1
        while i < bytes.count, bytes[i] != quote {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                i += 1
            }
            value.append(bytes[i])
            i += 1
        }
        guard i < bytes.count else {
            throw ExpressionError(
                option: option,
                expression: expression,
                offset: start,
                span: i - start,
                message: "this string has no closing \(quote == UInt8(ascii: "\"") ? "\"" : "'")"
            )
        }
        i += 1
        return ExpressionToken(kind: .string(String(decoding: value, as: UTF8.self)), offset: start, length: i - start)
    }

    private func symbol(_ bytes: [UInt8], _ i: inout Int) throws -> ExpressionToken {
        let start = i
        let two = i + 1 < bytes.count ? String(decoding: bytes[i...(i + 1)], as: UTF8.self) : ""
        let aliases: [String: ExpressionToken.Symbol] = [
            "==": .equal, "!=": .notEqual, "<>": .notEqual, "<=": .lessOrEqual, ">=": .greaterOrEqual,
        ]
        if let symbol = aliases[two] {
            i += 2
            return ExpressionToken(kind: .symbol(symbol), offset: start, length: 2)
        }
        let one: [UInt8: ExpressionToken.Symbol] = [
            UInt8(ascii: "="): .equal, UInt8(ascii: "<"): .less, UInt8(ascii: ">"): .greater,
            UInt8(ascii: "("): .openParen,
            UInt8(ascii: ")"): .closeParen, UInt8(ascii: "["): .openBracket, UInt8(ascii: "]"): .closeBracket,
            UInt8(ascii: ","): .comma, UInt8(ascii: "+"): .plus,
        ]
        if let symbol = one[bytes[i]] {
            i += 1
            return ExpressionToken(kind: .symbol(symbol), offset: start, length: 1)
        }
        // Report the whole character, not one byte of it.
        var end = i + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let character = String(decoding: bytes[i..<end], as: UTF8.self)
        throw ExpressionError(
            option: option,
            expression: expression,
            offset: start,
            span: end - start,
            message: "unexpected character '\(character)'"
        )
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }

    /// The byte length of a non-ASCII letter starting at `i` (so that `Läw` or `法律` are words), 0 otherwise.
    static func letterLength(_ bytes: [UInt8], _ i: Int) -> Int {
        guard bytes[i] >= 0xC0 else { return 0 }
        var end = i + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let scalar = String(decoding: bytes[i..<end], as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isAlphabetic == true ? end - i : 0
    }

    /// Words may hold `-` and `.` so that values such as `E-commerce` or `arxiv.org` need no quotes.
    static func isWordByte(_ byte: UInt8) -> Bool {
        isWordStart(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
