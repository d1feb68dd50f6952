/// The pull reader for whole JSON documents (tokenizer files, completion answers): the caller walks objects and
/// arrays with a closure per member and takes the values it wants as it meets them, so a large document streams
/// into the caller's own tables instead of a tree; small parts can still be read as `JSONValue`s. Strict JSON on
/// the shared scanner core; every error names its byte offset. Nesting deeper than `maxNesting` containers is
/// refused rather than risking the stack on hostile input.
public struct JSONPullReader {
    private var scanner: JSONScanner
    /// Keeps the scanner's scratch alive as long as the reader.
    private let scratch: ScratchBuffer
    private let maxNesting: Int
    private var nesting = 0

    /// `bytes` must outlive the reader.
    public init(_ bytes: UnsafeBufferPointer<UInt8>, loneSurrogates: LoneSurrogates = .reject, maxNesting: Int = 64) {
        scratch = ScratchBuffer(capacity: bytes.count)
        // An empty buffer may have no address; any valid one does for zero bytes.
        scanner = JSONScanner(
            bytes: bytes.baseAddress ?? UnsafePointer(scratch.pointer),
            count: bytes.count,
            scratch: scratch.pointer,
            loneSurrogates: loneSurrogates
        )
        self.maxNesting = maxNesting
    }

    /// The offset of the next byte to read.
    public var offset: Int { scanner.pos }

    public func error(_ detail: String, at position: Int? = nil) -> JSONReadError {
        JSONReadError(detail, offset: position ?? scanner.pos)
    }

    /// The next significant byte, without consuming it; nil at the end of the input.
    public mutating func peek() -> UInt8? {
        scanner.skipWhitespace()
        return scanner.pos < scanner.end ? scanner.current : nil
    }

    public mutating func expect(_ byte: UInt8) throws(JSONReadError) {
        guard peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))', found \(describeNext())")
        }
        scanner.pos += 1
    }

    public mutating func expectEnd() throws(JSONReadError) {
        if peek() != nil { throw error("unexpected \(describeNext()) after the top-level value") }
    }

    /// Calls `body` with each key of an object; `body` must consume the key's value.
    public mutating func readObject(_ body: (inout JSONPullReader, [UInt8]) throws -> Void) throws {
        try readContainer(UInt8(ascii: "{"), closedBy: UInt8(ascii: "}"), named: "an object") { reader in
            let key = try reader.readString()
            try reader.expect(UInt8(ascii: ":"))
            try body(&reader, key)
        }
    }

    /// Calls `body` once per element of an array; `body` must consume the element.
    public mutating func readArray(_ body: (inout JSONPullReader) throws -> Void) throws {
        try readContainer(UInt8(ascii: "["), closedBy: UInt8(ascii: "]"), named: "an array", body)
    }

    /// An object or array: `open`, then `member` for each member (which consumes it), comma-separated, to `close`.
    private mutating func readContainer(
        _ open: UInt8,
        closedBy close: UInt8,
        named container: String,
        _ member: (inout JSONPullReader) throws -> Void
    ) throws {
        try enter()
        defer { nesting -= 1 }
        try expect(open)
        if peek() == close {
            scanner.pos += 1
            return
        }
        while true {
            try member(&self)
            let next = peek()
            if next == UInt8(ascii: ",") {
                scanner.pos += 1
            } else if next == close {
                scanner.pos += 1
                return
            } else {
                let closing = Character(Unicode.Scalar(close))
                throw error("expected ',' or '\(closing)' in \(container), found \(describeNext())")
            }
        }
    }

    /// Counts one more open container, or refuses it at its bracket.
    private mutating func enter() throws(JSONReadError) {
        guard nesting < maxNesting else {
            _ = peek()
            throw error("nesting deeper than \(maxNesting) levels")
        }
        nesting += 1
    }

    /// A string's content as UTF-8 bytes, escapes decoded.
    public mutating func readString() throws(JSONReadError) -> [UInt8] {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string, found \(describeNext())") }
        do {
            let string = try scanner.scanString(decode: true)
            try scanner.validateUTF8(string)
            return Array(scanner.content(of: string))
        } catch {
            throw worded(error)
        }
    }

    /// Consumes a `null` and says true, or says false and consumes nothing.
    public mutating func readNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return scanner.scanLiteral("null")
    }

    /// An integer (no fraction or exponent), e.g. a token id.
    public mutating func readInteger() throws(JSONReadError) -> Int {
        guard let first = peek(), JSONScanner.startsNumber(first) else {
            throw error("expected an integer, found \(describeNext())")
        }
        let start = scanner.pos
        do { try scanner.scanNumber() } catch { throw worded(error) }
        let text = scanner.text(from: start)
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) else {
            throw error("expected an integer, found a fraction", at: start)
        }
        guard text.utf8.count - (first == UInt8(ascii: "-") ? 1 : 0) <= 18, let value = Int(text) else {
            throw error("integer too large", at: start)
        }
        return value
    }

    /// Any value, as a tree (for the small parts of a document).
    public mutating func readValue() throws -> JSONValue {
        guard let byte = peek() else { throw error("expected a value, found end of file") }
        switch byte {
        case UInt8(ascii: "{"):
            var members: [(String, JSONValue)] = []
            try readObject { reader, key in
                members.append((String(decoding: key, as: UTF8.self), try reader.readValue()))
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try readArray { reader in elements.append(try reader.readValue()) }
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

    /// Checks and steps over any value without keeping it.
    public mutating func skipValue() throws {
        switch peek() {
        case UInt8(ascii: "{"): try readObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { reader in try reader.skipValue() }
        case UInt8(ascii: "\""):
            do {
                let string = try scanner.scanString(decode: false)
                try scanner.validateUTF8(string)
            } catch {
                throw worded(error)
            }
        default: _ = try readValue()
        }
    }

    private mutating func readLiteral(_ literal: StaticString) throws(JSONReadError) {
        guard scanner.scanLiteral(literal) else { throw error("invalid literal") }
    }

    private mutating func readNumber() throws(JSONReadError) -> Double {
        let start = scanner.pos
        do { try scanner.scanNumber() } catch { throw worded(error) }
        guard let value = Double(scanner.text(from: start)) else {
            scanner.pos = start
            throw error("expected a value, found \(describeNext())", at: start)
        }
        return value
    }

    // MARK: - Messages

    private mutating func describeNext() -> String {
        guard let byte = peek() else { return "end of file" }
        return describe(byte)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    /// The core's errors, worded as this reader always worded them.
    private func worded(_ syntax: JSONSyntaxError) -> JSONReadError {
        let at = syntax.offset
        switch syntax.kind {
        case .unterminatedString: return error("unterminated string", at: at)
        case .unterminatedEscape: return error("unterminated escape", at: at)
        case .controlCharacter(let byte):
            return error("control byte 0x\(String(byte, radix: 16)) inside a string", at: at)
        case .invalidEscape:
            return error("invalid escape '\\\(Character(Unicode.Scalar(scanner.bytes[at + 1])))'", at: at)
        case .invalidUnicodeEscape:
            return error(at + 6 > scanner.end ? "truncated \\u escape" : "invalid \\u escape", at: at)
        case .loneSurrogate: return error("lone surrogate escape", at: at)
        case .invalidNumber:
            let found = at < scanner.end ? describe(scanner.bytes[at]) : "end of file"
            return error("expected a value, found \(found)", at: at)
        case .invalidUTF8(let stringStart): return error("invalid UTF-8 inside the string", at: stringStart)
        }
    }
}
