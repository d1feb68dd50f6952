#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What a requested path held in one line.
enum FoundValue {
    case missing
    case string(String)
    /// A number, exactly as written.
    case number(String)
    /// null, a boolean, an object or an array.
    case other
}

/// Why a line is not a usable record; `reason` already names the column.
struct LineFailure: Error {
    var reason: String
}

/// One pass over one line: checks that it is exactly one JSON object (RFC 8259, valid UTF-8), and collects the
/// values at the requested paths without building anything else. Only the requested strings become Strings.
struct LineParser {
    let bytes: UnsafePointer<UInt8>
    let end: Int
    var pos = 0
    /// Per requested path, its keys as UTF-8.
    let paths: [[[UInt8]]]
    /// Unescaped bytes of the string being decoded; room for at least the whole line.
    let scratch: UnsafeMutablePointer<UInt8>
    var scratchCount = 0
    /// Open containers while skipping a value: `{` or `[`.
    var containers: [UInt8]
    var found = FoundValues()

    init(line: UnsafeRawBufferPointer, paths: [[[UInt8]]], scratch: UnsafeMutablePointer<UInt8>, containers: [UInt8]) {
        bytes = line.baseAddress!.assumingMemoryBound(to: UInt8.self)
        end = line.count
        self.paths = paths
        self.scratch = scratch
        self.containers = containers
    }

    mutating func parseLine() throws(LineFailure) {
        skipWhitespace()
        guard pos < end, bytes[pos] == UInt8(ascii: "{") else {
            throw failure("expected a JSON object, found \(describe(at: pos))", at: pos)
        }
        try parseObject(depth: 0, candidates: UInt8(truncatingIfNeeded: (1 << paths.count) - 1))
        skipWhitespace()
        if pos < end { throw failure("unexpected \(describe(at: pos)) after the JSON object", at: pos) }
    }

    // MARK: - Objects along the requested paths

    /// An object at `depth` whose keys may continue the paths in `candidates` (a bit per path). `pos` is at `{`.
    private mutating func parseObject(depth: Int, candidates: UInt8) throws(LineFailure) {
        pos += 1
        skipWhitespace()
        if pos < end, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return
        }
        while true {
            guard pos < end, bytes[pos] == UInt8(ascii: "\"") else {
                throw failure("expected a string key, found \(describe(at: pos))", at: pos)
            }
            let key = try scanString(decode: true)
            if key.nonASCII { try validateUTF8(key) }
            let matches = matching(key, depth: depth, candidates: candidates)
            try expectColon()
            if matches == 0 {
                try skipValue()
            } else {
                try parseRequested(depth: depth, matches: matches)
            }
            skipWhitespace()
            let separator = pos < end ? bytes[pos] : 0
            if separator == UInt8(ascii: ",") {
                pos += 1
                skipWhitespace()
            } else if separator == UInt8(ascii: "}") {
                pos += 1
                return
            } else {
                throw failure("expected ',' or '}' after an object member, found \(describe(at: pos))", at: pos)
            }
        }
    }

    /// The paths among `candidates` whose key at `depth` is `key`.
    private func matching(_ key: ScannedString, depth: Int, candidates: UInt8) -> UInt8 {
        var matches: UInt8 = 0
        for slot in paths.indices where candidates & (1 << slot) != 0 && depth < paths[slot].count {
            let wanted = paths[slot][depth]
            let equal = wanted.withUnsafeBufferPointer { wanted in
                let (keyBytes, keyCount) =
                    key.escaped ? (UnsafePointer(scratch), scratchCount) : (bytes + key.start, key.end - key.start)
                return keyCount == wanted.count
                    && (wanted.isEmpty || memcmp(keyBytes, wanted.baseAddress!, wanted.count) == 0)
            }
            if equal { matches |= 1 << slot }
        }
        return matches
    }

    /// The value of a key that is on some requested path; `pos` is at the value.
    private mutating func parseRequested(depth: Int, matches: UInt8) throws(LineFailure) {
        var complete: UInt8 = 0
        for slot in paths.indices where matches & (1 << slot) != 0 && paths[slot].count == depth + 1 {
            complete |= 1 << slot
        }
        let deeper = matches & ~complete
        // A repeated key replaces what the earlier one gave: the last one wins, as in Python's json.
        found.set(.missing, slots: matches)
        let first = pos < end ? bytes[pos] : 0
        var value = FoundValue.other
        if first == UInt8(ascii: "{"), deeper != 0 {
            try parseObject(depth: depth + 1, candidates: deeper)
        } else if first == UInt8(ascii: "\""), complete != 0 {
            // Two steps: a call's receiver is read before its arguments run, and the scan changes `scratchCount`.
            let scanned = try scanString(decode: true)
            value = .string(try makeString(scanned))
        } else if first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
            complete != 0
        {
            let start = pos
            try scanNumber()
            value = .number(
                String(decoding: UnsafeBufferPointer(start: bytes + start, count: pos - start), as: UTF8.self)
            )
        } else {
            try skipValue()
        }
        found.set(value, slots: complete)
    }

    // MARK: - Skipping

    /// Checks and steps over any value without keeping it; nesting is tracked in `containers`, not on the call stack.
    private mutating func skipValue() throws(LineFailure) {
        containers.removeAll(keepingCapacity: true)
        while true {
            guard pos < end else { throw failure("expected a value, found end of line", at: pos) }
            switch bytes[pos] {
            case UInt8(ascii: "\""):
                let string = try scanString(decode: false)
                if string.nonASCII { try validateUTF8(string) }
            case UInt8(ascii: "{"):
                pos += 1
                skipWhitespace()
                if pos < end, bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                } else {
                    containers.append(UInt8(ascii: "{"))
                    try skipKey()
                    continue
                }
            case UInt8(ascii: "["):
                pos += 1
                skipWhitespace()
                if pos < end, bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                } else {
                    containers.append(UInt8(ascii: "["))
                    continue
                }
            case UInt8(ascii: "t"): try expectLiteral("true")
            case UInt8(ascii: "f"): try expectLiteral("false")
            case UInt8(ascii: "n"): try expectLiteral("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try scanNumber()
            default: throw failure("expected a value, found \(describe(at: pos))", at: pos)
            }
            // A value is complete: close the containers it completes, up to the next one still open.
            while let open = containers.last {
                skipWhitespace()
                let next = pos < end ? bytes[pos] : 0
                let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if next == UInt8(ascii: ",") {
                    pos += 1
                    skipWhitespace()
                    if open == UInt8(ascii: "{") { try skipKey() }
                    break
                } else if next == close {
                    pos += 1
                    containers.removeLast()
                } else {
                    throw failure(
                        "expected ',' or '\(Character(Unicode.Scalar(close)))', found \(describe(at: pos))",
                        at: pos
                    )
                }
            }
            if containers.isEmpty { return }
        }
    }

    /// A key and its colon inside an object being skipped; leaves `pos` at the value.
    private mutating func skipKey() throws(LineFailure) {
        guard pos < end, bytes[pos] == UInt8(ascii: "\"") else {
            throw failure("expected a string key, found \(describe(at: pos))", at: pos)
        }
        let key = try scanString(decode: false)
        if key.nonASCII { try validateUTF8(key) }
        try expectColon()
    }

    private mutating func expectColon() throws(LineFailure) {
        skipWhitespace()
        guard pos < end, bytes[pos] == UInt8(ascii: ":") else {
            throw failure("expected ':' after an object key, found \(describe(at: pos))", at: pos)
        }
        pos += 1
        skipWhitespace()
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(LineFailure) {
        let count = literal.utf8CodeUnitCount
        guard end - pos >= count, memcmp(bytes + pos, literal.utf8Start, count) == 0 else {
            throw failure("expected a value, found \(describe(at: pos))", at: pos)
        }
        pos += count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func scanNumber() throws(LineFailure) {
        let start = pos
        var i = pos
        func isDigit(_ i: Int) -> Bool { i < end && bytes[i] &- UInt8(ascii: "0") < 10 }
        if i < end, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw failure("invalid number", at: start) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw failure("invalid number", at: start) }
            while isDigit(i) { i += 1 }
        }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw failure("invalid number", at: start) }
            while isDigit(i) { i += 1 }
        }
        pos = i
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while pos < end {
            let c = bytes[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    // MARK: - Strings

    struct ScannedString {
        /// The content between the quotes, as written.
        var start: Int
        var end: Int
        /// Whether it had escapes; when decoded, its unescaped bytes are in `scratch`.
        var escaped: Bool
        /// Whether it may hold bytes over 0x7F (then its UTF-8 still needs checking).
        var nonASCII: Bool
    }

    /// The string starting at the quote at `pos`; leaves `pos` after its closing quote. Escapes are always checked,
    /// and with `decode` a string that has them is unescaped into `scratch`.
    @inline(__always)
    private mutating func scanString(decode: Bool) throws(LineFailure) -> ScannedString {
        let open = pos
        let p = bytes
        let end = self.end
        var i = open + 1
        var segment = i
        var escaped = false
        var high: UInt64 = 0
        while true {
            // Eight bytes at a time up to the next quote, backslash or control character.
            if decode, escaped {
                // Decoding: copy each word to the scratch as it is scanned; bytes past the special one are
                // overwritten later. Decoded text never runs ahead of the line, so the stores stay in the scratch.
                var out = UnsafeMutableRawPointer(scratch + scratchCount)
                while i &+ 8 <= end {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    out.storeBytes(of: word, as: UInt64.self)
                    let special = Self.specialBytes(word)
                    if special != 0 {
                        let before = special.trailingZeroBitCount &>> 3
                        high |= word & ((1 &<< (UInt64(before) &* 8)) &- 1)
                        i &+= before
                        out += before
                        break
                    }
                    high |= word
                    i &+= 8
                    out += 8
                }
                scratchCount = UnsafeMutableRawPointer(scratch).distance(to: out)
                segment = i
            } else {
                while i &+ 8 <= end {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    let special = Self.specialBytes(word)
                    if special != 0 {
                        let before = special.trailingZeroBitCount &>> 3
                        high |= word & ((1 &<< (UInt64(before) &* 8)) &- 1)
                        i &+= before
                        break
                    }
                    high |= word
                    i &+= 8
                }
            }
            while i < end {
                let c = p[i]
                if c == 0x22 || c == 0x5C || c < 0x20 { break }
                high |= UInt64(c)
                i &+= 1
            }
            guard i < end else { throw failure("unterminated string", at: open) }
            let c = p[i]
            if c == 0x22 {
                if escaped, decode { appendToScratch(from: segment, to: i) }
                pos = i + 1
                return ScannedString(
                    start: open + 1,
                    end: i,
                    escaped: escaped,
                    nonASCII: high & 0x8080_8080_8080_8080 != 0
                )
            }
            guard c == 0x5C else { throw failure("unescaped control character \(hex(c)) in a string", at: i) }
            if decode {
                if !escaped { scratchCount = 0 }
                appendToScratch(from: segment, to: i)
            }
            escaped = true
            i = try unescape(at: i, decode: decode)
            segment = i
        }
    }

    /// A bit 7 set in each byte that is `"`, `\` or below 0x20. Only the lowest flag is exact (borrows can raise
    /// false flags above a true one), which is all the scan uses.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & (ones &* 0x80)
    }

    @inline(__always)
    private mutating func appendToScratch(from start: Int, to end: Int) {
        (scratch + scratchCount).update(from: bytes + start, count: end - start)
        scratchCount += end - start
    }

    /// Unescaping only shrinks text, so a string's decoded bytes always fit in the line-sized scratch.
    @inline(__always)
    private mutating func appendToScratch(_ byte: UInt8) {
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    /// The escape at the backslash at `i`; returns the index after it.
    @inline(__always)
    private mutating func unescape(at i: Int, decode: Bool) throws(LineFailure) -> Int {
        guard i + 1 < end else { throw failure("unterminated string", at: i) }
        let decoded: UInt8
        switch bytes[i + 1] {
        case UInt8(ascii: "\""): decoded = 0x22
        case UInt8(ascii: "\\"): decoded = 0x5C
        case UInt8(ascii: "/"): decoded = 0x2F
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"): return try unescapeUnicode(at: i, decode: decode)
        default: throw LineFailure(reason: "invalid escape \(escapeText(from: i, count: 2)) at column \(i + 1)")
        }
        if decode { appendToScratch(decoded) }
        return i + 2
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`; a surrogate without its partner is refused.
    @inline(never)
    private mutating func unescapeUnicode(at i: Int, decode: Bool) throws(LineFailure) -> Int {
        guard let unit = hex4(at: i + 2) else {
            throw LineFailure(reason: "invalid escape \(escapeText(from: i, count: 6)) at column \(i + 1)")
        }
        var scalar = UInt32(unit)
        var next = i + 6
        if unit & 0xFC00 == 0xD800, next + 1 < end, bytes[next] == UInt8(ascii: "\\"),
            bytes[next + 1] == UInt8(ascii: "u"),
            let low = hex4(at: next + 2), low & 0xFC00 == 0xDC00
        {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        } else if unit & 0xF800 == 0xD800 {
            throw LineFailure(
                reason: "invalid escape \(escapeText(from: i, count: 6)) (lone surrogate) at column \(i + 1)"
            )
        }
        if decode { appendUTF8(scalar) }
        return next
    }

    private func hex4(at i: Int) -> UInt16? {
        guard i + 4 <= end else { return nil }
        var value: UInt16 = 0
        for k in i..<(i + 4) {
            let c = bytes[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            appendToScratch(UInt8(scalar))
        case ..<0x800:
            appendToScratch(UInt8(0xC0 | scalar >> 6))
            appendToScratch(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            appendToScratch(UInt8(0xE0 | scalar >> 12))
            appendToScratch(UInt8(0x80 | scalar >> 6 & 0x3F))
            appendToScratch(UInt8(0x80 | scalar & 0x3F))
        default:
            appendToScratch(UInt8(0xF0 | scalar >> 18))
            appendToScratch(UInt8(0x80 | scalar >> 12 & 0x3F))
            appendToScratch(UInt8(0x80 | scalar >> 6 & 0x3F))
            appendToScratch(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// A requested string as a Swift String: from the line's bytes, or from `scratch` when it had escapes.
    private func makeString(_ string: ScannedString) throws(LineFailure) -> String {
        let made: String? =
            if string.escaped {
                String(validating: UnsafeBufferPointer(start: scratch, count: scratchCount), as: UTF8.self)
            } else {
                String(
                    validating: UnsafeBufferPointer(start: bytes + string.start, count: string.end - string.start),
                    as: UTF8.self
                )
            }
        if let made { return made }
        // Escapes only produce valid UTF-8, so the bad bytes are in the line itself.
        try validateUTF8(string)
        throw LineFailure(reason: "invalid UTF-8 at column \(string.start + 1)")
    }

    private func validateUTF8(_ string: ScannedString) throws(LineFailure) {
        if let bad = UTF8Validation.firstInvalid(bytes, from: string.start, to: string.end) {
            throw LineFailure(reason: "invalid UTF-8 at column \(bad + 1)")
        }
    }

    // MARK: - Messages

    private func failure(_ what: String, at index: Int) -> LineFailure {
        LineFailure(reason: "invalid JSON: \(what) at column \(index + 1)")
    }

    /// The byte at `index` for a message: a quoted character, "end of line", or its hex value.
    private func describe(at index: Int) -> String {
        guard index < end else { return "end of line" }
        let c = bytes[index]
        if c >= 0x20, c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        if c >= 0x80, UTF8Validation.firstInvalid(bytes, from: index, to: min(end, index + 4)) == index {
            return "invalid UTF-8 byte \(hex(c))"
        }
        return "byte \(hex(c))"
    }

    /// An escape as written, from its backslash at `index`: up to `count` printable ASCII characters,
    /// then the first other byte, if any, by its value.
    private func escapeText(from index: Int, count: Int) -> String {
        var text = ""
        for i in index..<min(end, index + count) {
            let c = bytes[i]
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

/// The values found for the requested paths, by slot (text, id, source).
struct FoundValues {
    var text = FoundValue.missing
    var id = FoundValue.missing
    var source = FoundValue.missing

    mutating func set(_ value: FoundValue, slots: UInt8) {
        if slots & 1 != 0 { text = value }
        if slots & 2 != 0 { id = value }
        if slots & 4 != 0 { source = value }
    }
}
