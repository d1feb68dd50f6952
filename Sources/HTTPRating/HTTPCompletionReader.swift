/// The generated text of an OpenAI completion answer, read in one pass over the bytes without
/// Foundation's JSONDecoder (which cost more CPU per answer than the rest of the exchange). The
/// whole answer must be well-formed JSON; only the one string wanted is decoded.
enum HTTPCompletionReader {
    /// `choices[0].text` (completions) or, when that is missing or null, `choices[0].message.content`
    /// (chat); nil when the bytes are not such an answer.
    static func text(_ bytes: some Collection<UInt8>) -> String? {
        if let text = bytes.withContiguousStorageIfAvailable({ read($0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { read($0) }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var scanner = JSONScanner(bytes: bytes)
        var text: String?
        var content: String?
        let wellFormed = scanner.object { scanner, key in
            guard key == "choices" else { return scanner.skipValue() }
            var index = 0
            return scanner.array { scanner in
                defer { index += 1 }
                guard index == 0 else { return scanner.skipValue() }
                return scanner.object { scanner, key in
                    switch key {
                    case "text": return scanner.nullableString(into: &text)
                    case "message":
                        if scanner.null() { return true }
                        return scanner.object { scanner, key in
                            key == "content" ? scanner.nullableString(into: &content) : scanner.skipValue()
                        }
                    default: return scanner.skipValue()
                    }
                }
            }
        }
        guard wellFormed, scanner.atEnd() else { return nil }
        return text ?? content
    }
}

/// Just enough of a JSON reader for `HTTPCompletionReader`: objects and arrays walked with a
/// closure per member, strings decoded, everything else checked and skipped. Nesting deeper than
/// `maxDepth` is refused rather than risking the stack on a hostile answer.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    static let maxDepth = 64

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    mutating func atEnd() -> Bool {
        skipWhitespace()
        return position == bytes.count
    }

    /// `{ "key": value, ... }`, calling `member` with the scanner at each value; it must consume it.
    mutating func object(_ member: (inout JSONScanner, String) -> Bool) -> Bool {
        guard depth < Self.maxDepth, consume(UInt8(ascii: "{")) else { return false }
        depth += 1
        defer { depth -= 1 }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            skipWhitespace()
            guard let key = string(), consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// `[ value, ... ]`, calling `element` with the scanner at each value; it must consume it.
    mutating func array(_ element: (inout JSONScanner) -> Bool) -> Bool {
        guard depth < Self.maxDepth, consume(UInt8(ascii: "[")) else { return false }
        depth += 1
        defer { depth -= 1 }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    mutating func null() -> Bool {
        skipWhitespace()
        return literal("null")
    }

    /// A string into `value`, or null (leaving it as it was); false for anything else.
    mutating func nullableString(into value: inout String?) -> Bool {
        if null() { return true }
        guard let string = string() else { return false }
        value = string
        return true
    }

    mutating func skipValue() -> Bool {
        skipWhitespace()
        switch current {
        case UInt8(ascii: "{"): return object { scanner, _ in scanner.skipValue() }
        case UInt8(ascii: "["): return array { $0.skipValue() }
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    private mutating func digits() -> Bool {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { position += 1 }
        return position > start
    }

    /// `-? int frac? exp?` as RFC 8259 has it (leading zeros refused).
    private mutating func number() -> Bool {
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") { position += 1 } else if !digits() { return false }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() else { return false }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() else { return false }
        }
        return true
    }

    /// A string at the current position, escapes decoded; nil when it is not one (unterminated,
    /// a raw control character, a bad escape, a lone surrogate, invalid UTF-8).
    mutating func string() -> String? {
        guard current == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        // The common case, no escapes: the bytes as they are.
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 { position += 1 }
        if current == UInt8(ascii: "\"") {
            position += 1
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
        }
        var decoded = Array(bytes[start..<position])
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return nil }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    decoded.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            case 0..<0x20: return nil
            default: decoded.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `XXXX` after `\u`, joining a surrogate pair written as two escapes.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
