#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a line is not a usable record; `reason` already names the column.
struct LineFailure: Error {
    var reason: String
}

/// One pass over one line: checks that it is exactly one JSON object (RFC 8259, valid UTF-8), and collects the
/// values at the requested paths without building anything else. Only the requested strings become Strings.
struct LineParser {
    var scanner: JSONScanner
    let paths: [PathTrie.Node]
    /// Open containers while skipping a value: `{` or `[`.
    var containers: [UInt8]
    /// Per requested path, its value so far.
    var found: [FoundValue]

    init(scanner: JSONScanner, paths: PathTrie, containers: [UInt8], found: [FoundValue]) {
        self.scanner = scanner
        self.paths = paths.nodes
        self.containers = containers
        self.found = found
    }

    mutating func parseLine() throws(LineFailure) {
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "{") else {
            throw failure("expected a JSON object, found \(describe(at: scanner.pos))", at: scanner.pos)
        }
        try parseObject(node: 0)
        scanner.skipWhitespace()
        if scanner.pos < scanner.end {
            throw failure("unexpected \(describe(at: scanner.pos)) after the JSON object", at: scanner.pos)
        }
    }

    // MARK: - Objects along the requested paths

    /// An object whose keys may continue the paths through `node`. The scanner is at `{`.
    private mutating func parseObject(node: Int) throws(LineFailure) {
        scanner.pos += 1
        scanner.skipWhitespace()
        if scanner.current == UInt8(ascii: "}") {
            scanner.pos += 1
            return
        }
        while true {
            guard scanner.current == UInt8(ascii: "\"") else {
                throw failure("expected a string key, found \(describe(at: scanner.pos))", at: scanner.pos)
            }
            let key = try scanString(decode: true)
            try validateUTF8(key)
            let next = child(of: node, key: key)
            try expectColon()
            if let next {
                try parseRequested(node: next)
            } else {
                try skipValue()
            }
            scanner.skipWhitespace()
            let separator = scanner.current
            if separator == UInt8(ascii: ",") {
                scanner.pos += 1
                scanner.skipWhitespace()
            } else if separator == UInt8(ascii: "}") {
                scanner.pos += 1
                return
            } else {
                throw failure(
                    "expected ',' or '}' after an object member, found \(describe(at: scanner.pos))",
                    at: scanner.pos
                )
            }
        }
    }

    /// The node that `key` leads to from `node`, when it continues some requested path.
    private func child(of node: Int, key: ScannedString) -> Int? {
        let keyBytes = scanner.content(of: key)
        for (index, wanted) in paths[node].keys.enumerated() {
            let equal = wanted.withUnsafeBufferPointer { wanted in
                keyBytes.count == wanted.count
                    && (wanted.isEmpty || memcmp(keyBytes.baseAddress!, wanted.baseAddress!, wanted.count) == 0)
            }
            if equal { return paths[node].children[index] }
        }
        return nil
    }

    /// The value of a key on some requested path, leading to `node`; the scanner is at the value.
    private mutating func parseRequested(node: Int) throws(LineFailure) {
        // A repeated key replaces what the earlier one gave: the last one wins, as in Python's json.
        for slot in paths[node].below { found[slot] = .missing }
        let ending = !paths[node].ending.isEmpty
        let first = scanner.current
        var value = FoundValue.other
        if first == UInt8(ascii: "{"), !paths[node].keys.isEmpty {
            try parseObject(node: node)
        } else if first == UInt8(ascii: "\""), ending {
            let scanned = try scanString(decode: true)
            value = .string(try makeString(scanned))
        } else if JSONScanner.startsNumber(first), ending {
            let start = scanner.pos
            try scanNumber()
            value = .number(scanner.text(from: start))
        } else {
            try skipValue()
        }
        for slot in paths[node].ending { found[slot] = value }
    }

    // MARK: - Skipping

    /// Checks and steps over any value without keeping it; nesting is tracked in `containers`, not on the call stack.
    private mutating func skipValue() throws(LineFailure) {
        containers.removeAll(keepingCapacity: true)
        while true {
            guard scanner.pos < scanner.end else {
                throw failure("expected a value, found end of line", at: scanner.pos)
            }
            switch scanner.current {
            case UInt8(ascii: "\""):
                let string = try scanString(decode: false)
                try validateUTF8(string)
            case UInt8(ascii: "{"):
                if enter(UInt8(ascii: "{"), closedBy: UInt8(ascii: "}")) {
                    try skipKey()
                    continue
                }
            case UInt8(ascii: "["):
                if enter(UInt8(ascii: "["), closedBy: UInt8(ascii: "]")) { continue }
            case UInt8(ascii: "t"): try expectLiteral("true")
            case UInt8(ascii: "f"): try expectLiteral("false")
            case UInt8(ascii: "n"): try expectLiteral("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try scanNumber()
            default: throw failure("expected a value, found \(describe(at: scanner.pos))", at: scanner.pos)
            }
            // A value is complete: close the containers it completes, up to the next one still open.
            while let open = containers.last {
                scanner.skipWhitespace()
                let next = scanner.current
                let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if next == UInt8(ascii: ",") {
                    scanner.pos += 1
                    scanner.skipWhitespace()
                    if open == UInt8(ascii: "{") { try skipKey() }
                    break
                } else if next == close {
                    scanner.pos += 1
                    containers.removeLast()
                } else {
                    throw failure(
                        "expected ',' or '\(Character(Unicode.Scalar(close)))', found \(describe(at: scanner.pos))",
                        at: scanner.pos
                    )
                }
            }
            if containers.isEmpty { return }
        }
    }

    /// Steps into the `{` or `[` at the scanner. An empty one is stepped over whole (false); any other is now open
    /// on `containers` (true).
    @inline(__always)
    private mutating func enter(_ open: UInt8, closedBy close: UInt8) -> Bool {
        scanner.pos += 1
        scanner.skipWhitespace()
        if scanner.current == close {
            scanner.pos += 1
            return false
        }
        containers.append(open)
        return true
    }

    /// A key and its colon inside an object being skipped; leaves the scanner at the value.
    private mutating func skipKey() throws(LineFailure) {
        guard scanner.current == UInt8(ascii: "\"") else {
            throw failure("expected a string key, found \(describe(at: scanner.pos))", at: scanner.pos)
        }
        let key = try scanString(decode: false)
        try validateUTF8(key)
        try expectColon()
    }

    private mutating func expectColon() throws(LineFailure) {
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: ":") else {
            throw failure("expected ':' after an object key, found \(describe(at: scanner.pos))", at: scanner.pos)
        }
        scanner.pos += 1
        scanner.skipWhitespace()
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(LineFailure) {
        guard scanner.scanLiteral(literal) else {
            throw failure("expected a value, found \(describe(at: scanner.pos))", at: scanner.pos)
        }
    }

    // MARK: - The core's tokens, its errors worded with the line's column

    @inline(__always)
    private mutating func scanString(decode: Bool) throws(LineFailure) -> ScannedString {
        do { return try scanner.scanString(decode: decode) } catch { throw worded(error) }
    }

    private mutating func scanNumber() throws(LineFailure) {
        do { try scanner.scanNumber() } catch { throw worded(error) }
    }

    private func validateUTF8(_ string: ScannedString) throws(LineFailure) {
        do { try scanner.validateUTF8(string) } catch { throw worded(error) }
    }

    private func makeString(_ string: ScannedString) throws(LineFailure) -> String {
        do { return try scanner.makeString(string) } catch { throw worded(error) }
    }

    @inline(never)
    private func worded(_ error: JSONSyntaxError) -> LineFailure {
        let i = error.offset
        switch error.kind {
        case .unterminatedString, .unterminatedEscape: return failure("unterminated string", at: i)
        case .controlCharacter(let c): return failure("unescaped control character \(hex(c)) in a string", at: i)
        case .invalidNumber: return failure("invalid number", at: i)
        case .invalidEscape:
            return LineFailure(reason: "invalid escape \(escapeText(from: i, count: 2)) at column \(i + 1)")
        case .invalidUnicodeEscape:
            return LineFailure(reason: "invalid escape \(escapeText(from: i, count: 6)) at column \(i + 1)")
        case .loneSurrogate:
            return LineFailure(
                reason: "invalid escape \(escapeText(from: i, count: 6)) (lone surrogate) at column \(i + 1)"
            )
        case .invalidUTF8: return LineFailure(reason: "invalid UTF-8 at column \(i + 1)")
        }
    }

    // MARK: - Messages

    private func failure(_ what: String, at index: Int) -> LineFailure {
        LineFailure(reason: "invalid JSON: \(what) at column \(index + 1)")
    }

    /// The byte at `index` for a message: a quoted character, "end of line", or its hex value.
    private func describe(at index: Int) -> String {
        guard index < scanner.end else { return "end of line" }
        let c = scanner.bytes[index]
        if c >= 0x20, c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        if c >= 0x80, UTF8Validation.firstInvalid(scanner.bytes, from: index, to: min(scanner.end, index + 4)) == index
        {
            return "invalid UTF-8 byte \(hex(c))"
        }
        return "byte \(hex(c))"
    }

    /// An escape as written, from its backslash at `index`: up to `count` printable ASCII characters,
    /// then the first other byte, if any, by its value.
    private func escapeText(from index: Int, count: Int) -> String {
        var text = ""
        for i in index..<min(scanner.end, index + count) {
            let c = scanner.bytes[i]
            guard c >= 0x20, c < 0x7F else { return text + " followed by byte \(hex(c))" }
            text.append(Character(Unicode.Scalar(c)))
        }
        return text
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (byte < 0x10 ? "0" : "") + digits
    }
}
