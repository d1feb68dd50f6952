/// A mistake in a user-written expression (`--where`, `--by`), with the characters it concerns,
/// rendered with a caret line under them.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option the expression came from, e.g. `--where`.
    public let option: String
    public let expression: String
    /// The first byte (UTF-8 offset) of the offending text and how many bytes it spans (at least 1).
    public let offset: Int
    public let span: Int
    public let message: String

    public init(option: String, expression: String, offset: Int, span: Int = 1, message: String) {
        self.option = option
        self.expression = expression
        self.offset = offset
        self.span = max(span, 1)
        self.message = message
    }

    /// The 1-based character column of the offending text.
    public var column: Int { characterCount(upTo: offset) + 1 }

    public var description: String {
        let start = characterCount(upTo: offset)
        let width = max(characterCount(upTo: offset + span) - start, 1)
        return """
            \(option): \(message) (at character \(start + 1))
              \(expression)
              \(String(repeating: " ", count: start))\(String(repeating: "^", count: width))
            """
    }

    private func characterCount(upTo byteOffset: Int) -> Int {
        let bytes = expression.utf8
        let end = bytes.index(bytes.startIndex, offsetBy: min(max(byteOffset, 0), bytes.count))
        // An offset inside a multi-byte character counts the characters that started before it.
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self).count
    }
}
