/// Splits normalized text into pre-tokenizer pieces exactly as the regexes of `PiecePattern` do under a
/// backtracking engine (leftmost-first alternation, greedy quantifiers), without a regex engine: each
/// alternative is a few comparisons of Unicode property flags. Input must be valid UTF-8.
struct PieceScanner: Sendable {
    let pattern: PiecePattern
    private let classes = ScalarClasses.shared

    init(pattern: PiecePattern) {
        self.pattern = pattern
    }

    private static let letter = ScalarClasses.letter
    private static let number = ScalarClasses.number
    private static let whitespace = ScalarClasses.whitespace
    private static let upperish = ScalarClasses.upperish
    private static let lowerish = ScalarClasses.lowerish
    private static let apostrophe: UInt32 = 0x27
    private static let space: UInt32 = 0x20
    private static let carriageReturn: UInt32 = 0x0D
    private static let lineFeed: UInt32 = 0x0A

    /// The end (exclusive byte offset) of the piece that starts at `start`, which must be < text.count.
    @inline(__always)
    func pieceEnd(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        switch pattern {
        case .qwen2, .llama3, .cl100k: return cl100kFamilyEnd(text, start)
        case .gpt2: return gpt2End(text, start)
        case .o200k: return o200kEnd(text, start)
        }
    }

    // MARK: Qwen2, Llama-3, cl100k

    private func cl100kFamilyEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        let (first, firstLength) = decodeScalar(text, start)
        let flags = classes.flags(first)
        let afterFirst = start + firstLength
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if first == Self.apostrophe, let end = contractionEnd(text, afterFirst, ignoringCase: true) { return end }
        // [^\r\n\p{L}\p{N}]?\p{L}+ when the piece starts with a letter
        if flags & Self.letter != 0 { return runEnd(text, afterFirst, while: Self.letter) }
        // \p{N} or \p{N}{1,3}
        if flags & Self.number != 0 { return numberRunEnd(text, afterFirst, more: pattern.maximumDigits - 1) }
        // [^\r\n\p{L}\p{N}]?\p{L}+ with the optional first scalar
        if first != Self.carriageReturn && first != Self.lineFeed && afterFirst < text.count {
            let (second, secondLength) = decodeScalar(text, afterFirst)
            if classes.flags(second) & Self.letter != 0 {
                return runEnd(text, afterFirst + secondLength, while: Self.letter)
            }
        }
        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        if let end = punctuationEnd(text, start, first, flags, afterFirst) {
            return newlinesEnd(text, end, slash: false)
        }
        // \s++$ (tiktoken only), \s*[\r\n]+, \s+(?!\S), \s+
        return whitespaceEnd(text, start, newlineRule: true, wholeRunAtEnd: pattern == .cl100k)
    }

    // MARK: GPT-2

    private func gpt2End(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        let (first, firstLength) = decodeScalar(text, start)
        let flags = classes.flags(first)
        let afterFirst = start + firstLength
        if first == Self.apostrophe, let end = contractionEnd(text, afterFirst, ignoringCase: false) { return end }
        //  ?\p{L}+ |  ?\p{N}+ |  ?[^\s\p{L}\p{N}]+ after an optional space
        var bodyFlags = flags
        var bodyAfterFirst = afterFirst
        if first == Self.space && afterFirst < text.count {
            let (second, secondLength) = decodeScalar(text, afterFirst)
            let secondFlags = classes.flags(second)
            if secondFlags & Self.whitespace == 0 {
                bodyFlags = secondFlags
                bodyAfterFirst = afterFirst + secondLength
            }
        }
        if bodyFlags & Self.letter != 0 { return runEnd(text, bodyAfterFirst, while: Self.letter) }
        if bodyFlags & Self.number != 0 { return runEnd(text, bodyAfterFirst, while: Self.number) }
        if bodyFlags & Self.whitespace == 0 { return punctuationRunEnd(text, bodyAfterFirst) }
        return whitespaceEnd(text, start, newlineRule: false, wholeRunAtEnd: true)
    }

    // MARK: o200k

    private func o200kEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        let (first, firstLength) = decodeScalar(text, start)
        let flags = classes.flags(first)
        let afterFirst = start + firstLength
        let prefixAllowed =
            first != Self.carriageReturn && first != Self.lineFeed
            && flags & (Self.letter | Self.number) == 0 && afterFirst < text.count
        // [^\r\n\p{L}\p{N}]?[Lu Lt Lm Lo M]*[Ll Lm Lo M]+ contraction?
        if prefixAllowed, let end = lowerTailWordEnd(text, afterFirst) { return contractionSuffixEnd(text, end) }
        if let end = lowerTailWordEnd(text, start) { return contractionSuffixEnd(text, end) }
        // [^\r\n\p{L}\p{N}]?[Lu Lt Lm Lo M]+[Ll Lm Lo M]* contraction?
        if prefixAllowed, let end = upperHeadWordEnd(text, afterFirst) { return contractionSuffixEnd(text, end) }
        if let end = upperHeadWordEnd(text, start) { return contractionSuffixEnd(text, end) }
        if flags & Self.number != 0 { return numberRunEnd(text, afterFirst, more: 2) }
        //  ?[^\s\p{L}\p{N}]+[\r\n/]*
        if let end = punctuationEnd(text, start, first, flags, afterFirst) {
            return newlinesEnd(text, end, slash: true)
        }
        return whitespaceEnd(text, start, newlineRule: true, wholeRunAtEnd: false)
    }

    /// `[Lu Lt Lm Lo M]*[Ll Lm Lo M]+` from `start`: the upper-class run gives back scalars until the
    /// lower-class run can begin.
    private func lowerTailWordEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        var index = start
        var endOfLastBoth = -1
        while index < text.count {
            let (value, length) = decodeScalar(text, index)
            let flags = classes.flags(value)
            if flags & Self.upperish == 0 { break }
            if flags & Self.lowerish != 0 { endOfLastBoth = index + length }
            index += length
        }
        if index < text.count {
            let (value, length) = decodeScalar(text, index)
            if classes.flags(value) & Self.lowerish != 0 { return runEnd(text, index + length, while: Self.lowerish) }
        }
        return endOfLastBoth >= 0 ? endOfLastBoth : nil
    }

    /// `[Lu Lt Lm Lo M]+[Ll Lm Lo M]*` from `start`.
    private func upperHeadWordEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard start < text.count else { return nil }
        let (value, length) = decodeScalar(text, start)
        guard classes.flags(value) & Self.upperish != 0 else { return nil }
        return runEnd(text, runEnd(text, start + length, while: Self.upperish), while: Self.lowerish)
    }

    private func contractionSuffixEnd(_ text: UnsafeBufferPointer<UInt8>, _ end: Int) -> Int {
        guard end < text.count, text[end] == UInt8(Self.apostrophe) else { return end }
        return contractionEnd(text, end + 1, ignoringCase: true) ?? end
    }

    // MARK: Shared alternatives

    /// The end of `'s|'t|'re|'ve|'m|'ll|'d` given the offset just after the apostrophe. Ignoring case
    /// follows Unicode simple case folding, under which U+017F (long s) matches `s` as well.
    private func contractionEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, ignoringCase: Bool) -> Int? {
        guard start < text.count else { return nil }
        let (first, firstLength) = decodeScalar(text, start)
        let letter = ignoringCase ? Self.folded(first) : first
        switch letter {
        case 0x73, 0x74, 0x6D, 0x64:  // s t m d
            return start + firstLength
        case 0x72, 0x76, 0x6C:  // r v l, followed by e e l
            let secondStart = start + firstLength
            guard secondStart < text.count else { return nil }
            let (second, secondLength) = decodeScalar(text, secondStart)
            let expected: UInt32 = letter == 0x6C ? 0x6C : 0x65
            return (ignoringCase ? Self.folded(second) : second) == expected ? secondStart + secondLength : nil
        default:
            return nil
        }
    }

    @inline(__always)
    private static func folded(_ value: UInt32) -> UInt32 {
        if value >= 0x41 && value <= 0x5A { return value | 0x20 }
        return value == 0x17F ? 0x73 : value
    }

    /// ` ?[^\s\p{L}\p{N}]+` at `start`; nil when neither form matches.
    @inline(__always)
    private func punctuationEnd(
        _ text: UnsafeBufferPointer<UInt8>,
        _ start: Int,
        _ first: UInt32,
        _ flags: UInt8,
        _ afterFirst: Int
    ) -> Int? {
        let notPunctuation = Self.whitespace | Self.letter | Self.number
        if flags & notPunctuation == 0 { return punctuationRunEnd(text, afterFirst) }
        if first == Self.space && afterFirst < text.count {
            let (second, secondLength) = decodeScalar(text, afterFirst)
            if classes.flags(second) & notPunctuation == 0 { return punctuationRunEnd(text, afterFirst + secondLength) }
        }
        return nil
    }

    @inline(__always)
    private func punctuationRunEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < text.count {
            let (value, length) = decodeScalar(text, index)
            if classes.flags(value) & (Self.whitespace | Self.letter | Self.number) != 0 { break }
            index += length
        }
        return index
    }

    /// `[\r\n]*` (or `[\r\n/]*`) after a punctuation run.
    @inline(__always)
    private func newlinesEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, slash: Bool) -> Int {
        var index = start
        while index < text.count {
            let byte = text[index]
            guard byte == 0x0D || byte == 0x0A || (slash && byte == 0x2F) else { break }
            index += 1
        }
        return index
    }

    /// The whitespace alternatives, tried in the patterns' order: `\s++$` (whole run when it ends the
    /// text), `\s*[\r\n]+` (up to the run's last newline), `\s+(?!\S)` (all but the run's last scalar
    /// when a non-space follows), then `\s+`.
    private func whitespaceEnd(
        _ text: UnsafeBufferPointer<UInt8>,
        _ start: Int,
        newlineRule: Bool,
        wholeRunAtEnd: Bool
    ) -> Int {
        var index = start
        var endOfLastNewline = -1
        var startOfLast = start
        var scalars = 0
        while index < text.count {
            let (value, length) = decodeScalar(text, index)
            if classes.flags(value) & Self.whitespace == 0 { break }
            if value == Self.carriageReturn || value == Self.lineFeed { endOfLastNewline = index + length }
            startOfLast = index
            index += length
            scalars += 1
        }
        if wholeRunAtEnd && index == text.count { return index }
        if newlineRule && endOfLastNewline >= 0 { return endOfLastNewline }
        if index == text.count || scalars == 1 { return index }
        return startOfLast
    }

    @inline(__always)
    private func runEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, while required: UInt8) -> Int {
        var index = start
        while index < text.count {
            let (value, length) = decodeScalar(text, index)
            if classes.flags(value) & required == 0 { break }
            index += length
        }
        return index
    }

    @inline(__always)
    private func numberRunEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, more: Int) -> Int {
        var index = start
        var remaining = more
        while remaining > 0 && index < text.count {
            let (value, length) = decodeScalar(text, index)
            if classes.flags(value) & Self.number == 0 { break }
            index += length
            remaining -= 1
        }
        return index
    }
}
