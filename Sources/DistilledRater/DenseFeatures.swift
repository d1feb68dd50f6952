import CXXHash
import Foundation

/// Cheap statistics of the whole text in one pass over its bytes: the signals a window of hashed
/// n-grams cannot see (length, line structure, repetition) or sees only weakly (character classes).
/// Raw values; the model standardizes them with the training set's means and deviations.
enum DenseFeatures {
    static let names = [
        "log_bytes", "log_lines", "log_mean_line_bytes", "log_longest_line_bytes", "terminated_lines",
        "short_lines", "repeated_lines", "non_ascii", "digits", "uppercase", "punctuation", "whitespace",
    ]
    static let count = names.count
    /// ASCII sentence ends; other scripts show in the non-ASCII share instead.
    private static let terminators = Set(".!?:;\"')".utf8)

    static func measure(_ text: UnsafeRawBufferPointer) -> [Float] {
        var lines = 0
        var terminated = 0
        var short = 0
        var longest = 0
        var repeated = 0
        var seen = Set<UInt64>()
        var nonASCII = 0
        var digits = 0
        var upper = 0
        var letters = 0
        var punctuation = 0
        var whitespace = 0
        var lineStart = 0
        var lastVisible: UInt8 = 0
        func endLine(_ end: Int) {
            let length = end - lineStart
            guard length > 0, lastVisible != 0 else { return }
            lines += 1
            longest = max(longest, length)
            if length < 30 { short += 1 }
            if Self.terminators.contains(lastVisible) { terminated += 1 }
            let hash = XXH3_64bits(text.baseAddress! + lineStart, length)
            if !seen.insert(hash).inserted { repeated += 1 }
        }
        for (index, byte) in text.enumerated() {
            switch byte {
            case 0x0A:
                endLine(index)
                lineStart = index + 1
                lastVisible = 0
                whitespace += 1
                continue
            case 0x20, 0x09, 0x0D: whitespace += 1
            case 0x30...0x39: digits += 1
            case 0x41...0x5A:
                upper += 1
                letters += 1
            case 0x61...0x7A: letters += 1
            case 0x80...: nonASCII += 1
            default: punctuation += 1
            }
            if byte > 0x20 { lastVisible = byte }
        }
        endLine(text.count)
        let bytes = Float(max(text.count, 1))
        let lineCount = Float(max(lines, 1))
        return [
            log1p(Float(text.count)), log1p(Float(lines)), log1p(Float(text.count) / lineCount), log1p(Float(longest)),
            Float(terminated) / lineCount, Float(short) / lineCount, Float(repeated) / lineCount,
            Float(nonASCII) / bytes, Float(digits) / bytes, Float(upper) / Float(max(letters, 1)),
            Float(punctuation) / bytes, Float(whitespace) / bytes,
        ]
    }
}
