/// The one decoder of JSON's backslash escapes, `\u` and surrogate pairs included.
extension JSONScanner {
    /// Unescaping only shrinks text, so a string's decoded bytes always fit in the input-sized scratch.
    @inline(__always)
    private mutating func appendToScratch(_ byte: UInt8) {
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    /// The escape at the backslash at `i`; returns the index after it.
    @inline(__always)
    mutating func unescape(at i: Int, decode: Bool) throws(JSONSyntaxError) -> Int {
        guard i + 1 < end else { throw JSONSyntaxError(kind: .unterminatedEscape, offset: i) }
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
        default: throw JSONSyntaxError(kind: .invalidEscape, offset: i)
        }
        if decode { appendToScratch(decoded) }
        return i + 2
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`; a surrogate without its partner is refused or becomes U+FFFD,
    /// as `loneSurrogates` says.
    @inline(never)
    private mutating func unescapeUnicode(at i: Int, decode: Bool) throws(JSONSyntaxError) -> Int {
        guard let unit = hex4(at: i + 2) else { throw JSONSyntaxError(kind: .invalidUnicodeEscape, offset: i) }
        var scalar = UInt32(unit)
        var next = i + 6
        if unit & 0xFC00 == 0xD800, next + 1 < end, bytes[next] == UInt8(ascii: "\\"),
            bytes[next + 1] == UInt8(ascii: "u"),
            let low = hex4(at: next + 2), low & 0xFC00 == 0xDC00
        {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        } else if unit & 0xF800 == 0xD800 {
            guard loneSurrogates == .replace else { throw JSONSyntaxError(kind: .loneSurrogate, offset: i) }
            scalar = 0xFFFD
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
}
