import SplitMix

/// Repeated content, after Gopher's repetition rules (Rae et al. 2021): the share of characters in
/// lines and paragraphs that already occurred, and the share of tokens covered by a word 8-gram
/// that already occurred (a compression-like measure of redundancy).
struct RepetitionStats {
    /// Lines shorter than this (`}`, `end`, blank) repeat in any text and are not counted.
    static let minimumLineChars: UInt32 = 8
    static let ngram = 8
    /// The n-gram measure looks at this many tokens at most.
    static let ngramTokenCap = 60_000

    var duplicateLineChars = 0.0
    var duplicateParagraphChars = 0.0
    var duplicateNgramTokens = 0.0
    var lineCount = 0
    /// Per line: a repeat of an earlier line (8+ characters).
    var duplicateLines: [Bool] = []

    static func run(_ text: ScannedText, bytes: UnsafeBufferPointer<UInt8>) -> RepetitionStats {
        var s = RepetitionStats()
        let total = max(text.counts.nonSpace, 1)
        var seenLines = KeyTable<UInt8>(minimumCapacity: text.lines.count + 1, filler: 0)
        var seenParagraphs = KeyTable<UInt8>(minimumCapacity: text.lines.count / 2 + 1, filler: 0)
        var duplicateLineChars = 0
        var duplicateParagraphChars = 0
        var paragraphKey: UInt64 = 0
        var paragraphChars = 0
        var paragraphLines = 0

        func closeParagraph() {
            if paragraphLines > 0 && paragraphChars >= 20 {
                let before = seenParagraphs.count
                seenParagraphs.slotInserting(paragraphKey)
                if seenParagraphs.count == before { duplicateParagraphChars += paragraphChars }
            }
            paragraphKey = 0
            paragraphChars = 0
            paragraphLines = 0
        }

        s.duplicateLines = [Bool](repeating: false, count: text.lines.count)
        for (index, line) in text.lines.enumerated() {
            if line.isBlank {
                closeParagraph()
                continue
            }
            s.lineCount += 1
            let key = lineKey(line, bytes)
            paragraphKey = TokenKey.extend(paragraphKey | 1, key)
            paragraphChars += Int(line.nonSpace)
            paragraphLines += 1
            guard line.nonSpace >= minimumLineChars else { continue }
            let before = seenLines.count
            seenLines.slotInserting(key)
            if seenLines.count == before {
                duplicateLineChars += Int(line.nonSpace)
                s.duplicateLines[index] = true
            }
        }
        closeParagraph()
        s.duplicateLineChars = Double(duplicateLineChars) / Double(total)
        s.duplicateParagraphChars = Double(duplicateParagraphChars) / Double(total)
        s.duplicateNgramTokens = ngramCoverage(text.tokens)
        return s
    }

    /// The key of a line's bytes without leading and trailing white space.
    static func lineKey(_ line: LineInfo, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var lo = Int(line.start)
        var hi = Int(line.end)
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0D) { hi -= 1 }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in lo..<hi { h = (h ^ UInt64(bytes[i])) &* 0x100_0000_01B3 }
        return SplitMix64.mix(h) | 1
    }

    /// The share of tokens inside some 8-gram that occurred earlier in the text.
    static func ngramCoverage(_ tokens: [Token]) -> Double {
        let n = min(tokens.count, ngramTokenCap)
        guard n >= ngram * 2 else { return 0 }
        var top: UInt64 = 1
        for _ in 0..<(ngram - 1) { top = top &* TokenKey.base }
        var seen = KeyTable<UInt8>(minimumCapacity: n, filler: 0)
        var rolling: UInt64 = 0
        var covered = 0
        var coveredUntil = 0
        tokens.withUnsafeBufferPointer { tk in
            for i in 0..<n {
                if i >= ngram { rolling = rolling &- tk[i - ngram].key &* top }
                rolling = rolling &* TokenKey.base &+ tk[i].key
                guard i >= ngram - 1 else { continue }
                let before = seen.count
                seen.slotInserting(SplitMix64.mix(rolling) | 1)
                if seen.count == before {
                    let from = max(coveredUntil, i - ngram + 1)
                    covered += i + 1 - from
                    coveredUntil = i + 1
                }
            }
        }
        return Double(covered) / Double(n)
    }
}
