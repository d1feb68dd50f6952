/// A string the scanner stepped over.
struct ScannedString {
    /// The content between the quotes, as written.
    var start: Int
    var end: Int
    /// Whether it had escapes; when decoded, its unescaped bytes are in the scratch.
    var escaped: Bool
    /// Whether it may hold bytes over 0x7F (then its UTF-8 still needs checking).
    var nonASCII: Bool
}

extension JSONScanner {
    /// The string starting at the quote at `pos`; leaves `pos` after its closing quote. Escapes are always checked,
    /// and with `decode` a string that has them is unescaped into the scratch. This loop is the shard reader's
    /// hot path: it was measured, so change it only with `scripts/bench/annotate.sh` at hand.
    @inline(__always)
    mutating func scanString(decode: Bool) throws(JSONSyntaxError) -> ScannedString {
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
                // overwritten later. Decoded text never runs ahead of the input, so the stores stay in the scratch.
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
            guard i < end else { throw JSONSyntaxError(kind: .unterminatedString, offset: open) }
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
            guard c == 0x5C else { throw JSONSyntaxError(kind: .controlCharacter(c), offset: i) }
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

    /// A scanned string's content: the input's own bytes, or the scratch's when it had escapes (and was decoded).
    func content(of string: ScannedString) -> UnsafeBufferPointer<UInt8> {
        string.escaped
            ? UnsafeBufferPointer(start: scratch, count: scratchCount)
            : UnsafeBufferPointer(start: bytes + string.start, count: string.end - string.start)
    }

    /// Checks a string's raw bytes; escapes only produce valid UTF-8, so only the input's bytes can be bad.
    func validateUTF8(_ string: ScannedString) throws(JSONSyntaxError) {
        guard string.nonASCII else { return }
        if let bad = UTF8Validation.firstInvalid(bytes, from: string.start, to: string.end) {
            throw JSONSyntaxError(kind: .invalidUTF8(stringStart: string.start), offset: bad)
        }
    }

    /// A decoded string as a Swift String.
    func makeString(_ string: ScannedString) throws(JSONSyntaxError) -> String {
        if let made = String(validating: content(of: string), as: UTF8.self) { return made }
        try validateUTF8(string)
        // Only a lone surrogate decoded as U+FFFD could get here, and that is valid UTF-8.
        return String(decoding: content(of: string), as: UTF8.self)
    }
}
