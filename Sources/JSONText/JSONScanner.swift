#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What to do with a `\u` escape of a UTF-16 surrogate that has no partner.
public enum LoneSurrogates: Sendable {
    /// Refuse the string, as RFC 8259 readers that need valid Unicode do (shard lines, completion answers).
    case reject
    /// Decode it as U+FFFD, as Hugging Face's tokenizer library does; tokenizer parity needs it.
    case replace
}

/// The one strict JSON scanner core (RFC 8259, UTF-8 as RFC 3629 has it) under both front-ends, the shard line
/// field extractor and the pull reader: whitespace, literals, numbers and strings with their escapes.
/// It scans tokens; the structure (objects, arrays, what is wanted of them) is the front-ends' business.
struct JSONScanner {
    let bytes: UnsafePointer<UInt8>
    let end: Int
    var pos = 0
    /// Unescaped bytes of the string last decoded. Unescaping only shrinks text, so room for the whole input is
    /// always enough; the string scan also stores whole words ahead, which stay within the input's length.
    let scratch: UnsafeMutablePointer<UInt8>
    var scratchCount = 0
    let loneSurrogates: LoneSurrogates

    init(
        bytes: UnsafePointer<UInt8>,
        count: Int,
        scratch: UnsafeMutablePointer<UInt8>,
        loneSurrogates: LoneSurrogates = .reject
    ) {
        self.bytes = bytes
        end = count
        self.scratch = scratch
        self.loneSurrogates = loneSurrogates
    }

    /// The byte at `pos`, or 0 at the end of the input (0 never starts a JSON token).
    var current: UInt8 { pos < end ? bytes[pos] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let c = bytes[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    /// `true`, `false` or `null` at `pos`; false, leaving `pos` where it was, when the bytes are not `literal`.
    mutating func scanLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - pos >= count, memcmp(bytes + pos, literal.utf8Start, count) == 0 else { return false }
        pos += count
        return true
    }

    /// Whether `byte` can start a number.
    static func startsNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` at `pos`; leaves `pos` after it.
    mutating func scanNumber() throws(JSONSyntaxError) {
        let start = pos
        var i = pos
        func isDigit(_ i: Int) -> Bool { i < end && bytes[i] &- UInt8(ascii: "0") < 10 }
        if i < end, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw JSONSyntaxError(kind: .invalidNumber, offset: start) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw JSONSyntaxError(kind: .invalidNumber, offset: start) }
            while isDigit(i) { i += 1 }
        }
        if i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw JSONSyntaxError(kind: .invalidNumber, offset: start) }
            while isDigit(i) { i += 1 }
        }
        pos = i
    }

    /// The input's bytes from `start` to `pos`, e.g. a number as written.
    func text(from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + start, count: pos - start), as: UTF8.self)
    }
}
