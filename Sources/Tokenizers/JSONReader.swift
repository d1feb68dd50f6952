/// A pull reader over JSON bytes, for tokenizer files: a `tokenizer.json` holds hundreds of thousands of
/// vocabulary entries and merges, which it streams straight into tables instead of building a tree;
/// the small configuration sections are read as `JSONValue`s. Every error names the byte offset.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    private(set) var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    func error(_ detail: String, at position: Int? = nil) -> TokenizerError {
        .malformed(file: file, detail: "\(detail) at byte \(position ?? offset)")
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it; nil at the end of the input.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))', found \(describeNext())")
        }
        offset += 1
    }

    mutating func expectEnd() throws {
        if peek() != nil { throw error("unexpected \(describeNext()) after the top-level value") }
    }

    private mutating func describeNext() -> String {
        guard let byte = peek() else { return "end of file" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    /// Calls `body` with each key of an object; `body` must consume the key's value.
    mutating func readObject(_ body: (inout JSONReader, [UInt8]) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return
            default: throw error("expected ',' or '}' in an object, found \(describeNext())")
            }
        }
    }

    /// Calls `body` once per element of an array; `body` must consume the element.
    mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            try body(&self)
            switch peek() {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                return
            default: throw error("expected ',' or ']' in an array, found \(describeNext())")
            }
        }
    }

    /// A string's content as UTF-8 bytes, escapes decoded (a lone surrogate escape becomes U+FFFD).
    mutating func readString() throws -> [UInt8] {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string, found \(describeNext())") }
        let start = offset
        offset += 1
        let contentStart = offset
        // Fast path: no escapes, so the content is a plain slice.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let content = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]))
                offset += 1
                return try validated(content, start: contentStart)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control byte 0x\(String(byte, radix: 16)) inside a string") }
            offset += 1
        }
        var content = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                return try validated(content, start: contentStart)
            case UInt8(ascii: "\\"):
                try readEscape(into: &content)
            case 0..<0x20:
                throw error("control byte 0x\(String(byte, radix: 16)) inside a string")
            default:
                content.append(byte)
                offset += 1
            }
        }
        throw error("unterminated string", at: start)
    }

    private func validated(_ content: [UInt8], start: Int) throws -> [UInt8] {
        var iterator = content.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return content
            case .error: throw error("invalid UTF-8 inside the string", at: start)
            }
        }
    }

    private mutating func readEscape(into content: inout [UInt8]) throws {
        let escapeStart = offset
        offset += 1
        guard offset < bytes.count else { throw error("unterminated escape", at: escapeStart) }
        let letter = bytes[offset]
        offset += 1
        switch letter {
        case UInt8(ascii: "\""): content.append(0x22)
        case UInt8(ascii: "\\"): content.append(0x5C)
        case UInt8(ascii: "/"): content.append(0x2F)
        case UInt8(ascii: "b"): content.append(0x08)
        case UInt8(ascii: "f"): content.append(0x0C)
        case UInt8(ascii: "n"): content.append(0x0A)
        case UInt8(ascii: "r"): content.append(0x0D)
        case UInt8(ascii: "t"): content.append(0x09)
        case UInt8(ascii: "u"):
            var value = try readHex4(escapeStart)
            if (0xD800..<0xDC00).contains(value),
                offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
            {
                let saved = offset
                offset += 2
                let low = try readHex4(saved)
                if (0xDC00..<0xE000).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    offset = saved
                }
            }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            content.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(letter)))'", at: escapeStart)
        }
    }

    private mutating func readHex4(_ escapeStart: Int) throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("truncated \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// An integer (no fraction or exponent), e.g. a token id.
    mutating func readInteger() throws -> Int {
        _ = peek()
        let start = offset
        var negative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") {
            negative = true
            offset += 1
        }
        var value = 0
        var digits = 0
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, digits < 18 else { throw error("integer too large", at: start) }
            value = product + Int(bytes[offset] - UInt8(ascii: "0"))
            digits += 1
            offset += 1
        }
        guard digits > 0 else { throw error("expected an integer, found \(describeNext())", at: start) }
        if offset < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset]) {
            throw error("expected an integer, found a fraction", at: start)
        }
        return negative ? -value : value
    }

    /// Any value, as a tree (used for the small configuration sections).
    mutating func readValue(depth: Int = 0) throws -> JSONValue {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        guard let byte = peek() else { throw error("expected a value, found end of file") }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [(String, JSONValue)] = []
            try readObject { reader, key in
                members.append((String(decoding: key, as: UTF8.self), try reader.readValue(depth: depth + 1)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readArray { reader in elements.append(try reader.readValue(depth: depth + 1)) }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(String(decoding: try readString(), as: UTF8.self))
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        default:
            return .number(try readNumber())
        }
    }

    private mutating func readLiteral(_ literal: StaticString) throws {
        let start = offset
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count,
            UnsafeBufferPointer(start: literal.utf8Start, count: count).elementsEqual(bytes[offset..<offset + count])
        else { throw error("invalid literal", at: start) }
        offset += count
    }

    private mutating func readNumber() throws -> Double {
        let start = offset
        while offset < bytes.count, Self.isNumberByte(bytes[offset]) { offset += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard !text.isEmpty, let value = Double(text) else {
            offset = start
            throw error("expected a value, found \(describeNext())", at: start)
        }
        return value
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    mutating func skipValue() throws {
        _ = try readValue()
    }
}
