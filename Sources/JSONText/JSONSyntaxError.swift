/// What the scanner core found wrong, and where. The core does not word its errors: each front-end words them
/// for its own readers (a shard line's column, a file's byte offset), as it did before they shared the core.
struct JSONSyntaxError: Error {
    enum Kind {
        /// `offset` is the opening quote.
        case unterminatedString
        /// A backslash at the end of the input; `offset` is the backslash.
        case unterminatedEscape
        /// A raw byte below 0x20 inside a string; `offset` is that byte.
        case controlCharacter(UInt8)
        /// A backslash followed by a letter that is no escape; `offset` is the backslash.
        case invalidEscape
        /// `\u` not followed by four hex digits; `offset` is the backslash.
        case invalidUnicodeEscape
        /// A `\u` surrogate without its partner, when they are refused; `offset` is the backslash.
        case loneSurrogate
        /// `offset` is the number's first byte.
        case invalidNumber
        /// `offset` is the first byte of an invalid sequence inside the string whose content starts at `stringStart`.
        case invalidUTF8(stringStart: Int)
    }

    var kind: Kind
    var offset: Int
}
